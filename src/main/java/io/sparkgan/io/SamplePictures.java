package io.sparkgan.io;

import io.sparkgan.data.Mixture2D;
import io.sparkgan.platform.Location;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.ndarray.INDArray;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Pictures of generated samples: a grid PNG for images, a scatter PNG over the true modes for 2-D points. */
public final class SamplePictures {
    private static final int PAD = 2;

    private SamplePictures() {
    }

    /** Lays out images [N, C, H, W] in [-1, 1] row by row, {@code columns} per row, 2 px apart; C = 1 or 3. */
    public static void imageGrid(INDArray images, int columns, Location png) {
        long n = images.size(0);
        int c = (int) images.size(1);
        int h = (int) images.size(2);
        int w = (int) images.size(3);
        int rows = (int) ((n + columns - 1) / columns);
        BufferedImage out = new BufferedImage(columns * (w + PAD) + PAD, rows * (h + PAD) + PAD,
                BufferedImage.TYPE_INT_RGB);
        float[] px = images.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat();
        for (int i = 0; i < n; i++) {
            int ox = PAD + (i % columns) * (w + PAD);
            int oy = PAD + (i / columns) * (h + PAD);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int[] rgb = new int[3];
                    for (int ch = 0; ch < 3; ch++) {
                        int plane = c == 1 ? 0 : ch;
                        float v = px[((i * c + plane) * h + y) * w + x];
                        rgb[ch] = Math.max(0, Math.min(255, Math.round((v + 1f) * 127.5f)));
                    }
                    out.setRGB(ox + x, oy + y, (rgb[0] << 16) | (rgb[1] << 8) | rgb[2]);
                }
            }
        }
        write(out, png);
    }

    /** Scatter of generated points (small dots) over the mixture's mode centres (crosses). */
    public static void scatter(float[] xy, Mixture2D mixture, String title, Location png) {
        XYChart chart = new XYChartBuilder().width(600).height(600).title(title).xAxisTitle("x").yAxisTitle("y").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(3);
        chart.getStyler().setLegendVisible(true);
        double[] gx = new double[xy.length / 2];
        double[] gy = new double[xy.length / 2];
        for (int i = 0; i < gx.length; i++) {
            gx[i] = xy[2 * i];
            gy[i] = xy[2 * i + 1];
        }
        double[] mx = new double[mixture.modes()];
        double[] my = new double[mixture.modes()];
        for (int i = 0; i < mx.length; i++) {
            mx[i] = mixture.means()[i][0];
            my[i] = mixture.means()[i][1];
        }
        XYSeries generated = chart.addSeries("generated", gx, gy);
        generated.setMarker(SeriesMarkers.CIRCLE);
        generated.setMarkerColor(new Color(31, 119, 180, 120));
        XYSeries modes = chart.addSeries("true modes", mx, my);
        modes.setMarker(SeriesMarkers.CROSS);
        modes.setMarkerColor(Color.RED);
        try {
            png.write(BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render scatter plot " + png + ": " + e, e);
        }
    }

    private static void write(BufferedImage image, Location png) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(image, "png", bytes);
            png.write(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png + ": " + e, e);
        }
    }
}
