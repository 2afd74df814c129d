package io.sparkgan.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Line plots of the report, drawn with XChart and returned as PNG bytes (no window: AWT runs headless). */
final class Charts {
    /** Training curves: wide, one point per logging interval. */
    static final Size WIDE = new Size(760, 320);
    /** Per-epoch metrics: several side by side. */
    static final Size SMALL = new Size(480, 300);
    /** Points drawn per line at most: more than the pixels across a chart, and drawing costs time per point. */
    static final int MAX_POINTS = 1000;

    /** A chart's size in pixels. */
    record Size(int width, int height) {
    }

    /**
     * A horizontal line drawn dashed across the plot, e.g. 0.5, where D's outputs meet at the equilibrium
     * D*(x) = 1/2 (DESIGN §1).
     */
    record Reference(String name, double y) {
    }

    private Charts() {
    }

    /** The report's look: white background, the legend below in one row, markers of {@code markerSize} px. */
    private static XYChart styled(XYChart chart, int markerSize) {
        XYStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setLegendBorderColor(Color.WHITE);
        styler.setMarkerSize(markerSize);
        return chart;
    }

    private static byte[] png(XYChart chart, String title) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render chart '" + title + "': " + e, e);
        }
    }

    /**
     * The phase plane of the Dirac-GAN: the path of {@code path} (x = theta, y = psi, in step order), its start
     * and end marked, and the equilibrium (0, 0) as a cross. Axes span the path and the equilibrium.
     */
    static byte[] phasePlane(String title, Size size, Series path) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("chart '" + title + "' has no points");
        }
        XYChart chart = styled(new XYChartBuilder().width(size.width()).height(size.height()).title(title)
                .xAxisTitle("theta (G(z) = theta)").yAxisTitle("psi (D(x) = psi x)").build(), 9);
        Series shown = path.thinned(MAX_POINTS * 4);
        XYSeries line = chart.addSeries(shown.name(), shown.x(), shown.y());
        line.setMarker(SeriesMarkers.NONE);
        int last = path.x().length - 1;
        chart.addSeries("start", new double[] {path.x()[0]}, new double[] {path.y()[0]})
                .setMarker(SeriesMarkers.CIRCLE);
        chart.addSeries("end", new double[] {path.x()[last]}, new double[] {path.y()[last]})
                .setMarker(SeriesMarkers.SQUARE);
        XYSeries equilibrium = chart.addSeries("equilibrium (0, 0)", new double[] {0}, new double[] {0});
        equilibrium.setMarker(SeriesMarkers.CROSS);
        equilibrium.setMarkerColor(Color.RED);
        return png(chart, title);
    }

    /**
     * A metric that did not change (modes_covered at 8 for every epoch) gives XChart a y axis of no height, labelled
     * with one long number: give it a range around the value instead.
     */
    private static void flatAxisPadded(XYChart chart, List<Series> series) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double y : s.y()) {
                min = Math.min(min, y);
                max = Math.max(max, y);
            }
        }
        if (min <= max && max - min <= 1e-12 * Math.max(1, Math.abs(max))) {
            double pad = max == 0 ? 1 : Math.abs(max) * 0.1;
            chart.getStyler().setYAxisMin(min - pad);
            chart.getStyler().setYAxisMax(max + pad);
            // Labels to about three digits of the padding, not XChart's fifteen (1.66881703676713).
            int decimals = Math.max(0, 2 - (int) Math.floor(Math.log10(pad)));
            chart.getStyler().setYAxisDecimalPattern(decimals == 0 ? "0" : "0." + "#".repeat(decimals));
        }
    }

    /**
     * Plots {@code series} (empty ones left out) against {@code xTitle}; markers on each point when there are
     * few (per-epoch values), plain lines when there are many (per-interval values).
     */
    static byte[] lines(String title, String xTitle, Size size, List<Series> series, List<Reference> references) {
        XYChart chart = styled(new XYChartBuilder().width(size.width()).height(size.height()).title(title)
                .xAxisTitle(xTitle).build(), 5);
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            if (s.isEmpty()) {
                continue;
            }
            Series shown = s.thinned(MAX_POINTS);
            XYSeries line = chart.addSeries(shown.name(), shown.x(), shown.y());
            if (s.x().length > 40) {
                line.setMarker(SeriesMarkers.NONE);
            }
            minX = Math.min(minX, s.minX());
            maxX = Math.max(maxX, s.maxX());
        }
        if (minX > maxX) {
            throw new IllegalArgumentException("chart '" + title + "' has no points");
        }
        flatAxisPadded(chart, series);
        for (Reference r : references) {
            // A single point would give the axis no width: span at least one unit.
            double hi = maxX > minX ? maxX : minX + 1;
            XYSeries line = chart.addSeries(r.name(), new double[] {minX, hi}, new double[] {r.y(), r.y()});
            line.setMarker(SeriesMarkers.NONE);
            line.setLineStyle(SeriesLines.DASH_DASH);
            line.setLineColor(Color.GRAY);
        }
        return png(chart, title);
    }
}
