package io.sparkgan.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.sparkgan.io.RunDirectory;
import io.sparkgan.platform.Location;
import io.sparkgan.report.Charts.Reference;
import io.sparkgan.report.HtmlPage.Figure;
import io.sparkgan.report.HtmlPage.Link;
import io.sparkgan.report.HtmlPage.Row;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * report.html of a run directory, one self-contained page (pictures embedded, no network needed): the final
 * metrics (summary.json), the training curves (losses; D(real) and D(fake) against the 0.5 of the equilibrium;
 * the JSD estimate; throughput), every numeric per-epoch metric (metrics.jsonl lines of kind "epoch",
 * "evaluation" or any other kind with an epoch), the sample picture of every epoch and the resolved config.
 * The engines rewrite it at every epoch end and at the end of the run; {@code jobs/report.sh RUN_DIR} rewrites
 * it for an existing run. It only reads the run's files, so it shows a run in progress as well as a finished one.
 */
public final class RunReport {
    public static final String FILE_NAME = "report.html";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Interval keys of the samples-per-second figure; metrics.jsonl names it after the data. */
    private static final List<String> RATE_KEYS = List.of("points_per_second", "images_per_second");

    static {
        // Charts are drawn into images, never onto a screen: no display needed (cluster drivers have none).
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private RunReport() {
    }

    /** Reads {@code runDir} and writes {@code runDir/report.html} atomically; returns its path. */
    public static Location write(Location runDir) {
        return write(runDir, new SampleGallery());
    }

    private static Location write(Location runDir, SampleGallery gallery) {
        if (!runDir.isDirectory()) {
            throw new IllegalArgumentException("run directory not found: " + runDir);
        }
        if (!runDir.resolve(RunDirectory.CONFIG_FILE).exists() && !runDir.resolve(RunDirectory.METRICS_FILE).exists()) {
            throw new IllegalArgumentException("not a run directory (no config.conf, no metrics.jsonl): " + runDir);
        }
        Location target = runDir.resolve(FILE_NAME);
        target.writeString(render(runDir, gallery));
        return target;
    }

    /** {@link #write(Location)} of a local run directory. */
    public static java.nio.file.Path write(java.nio.file.Path runDir) {
        return write(Location.local(runDir)).toLocalPath();
    }

    /**
     * {@link #write}, and when that fails a warning on {@code warnings} rather than an exception, since a report is
     * never worth stopping a training run for. An engine rewriting the report of its run uses {@link Live}.
     */
    public static void update(Location runDir, PrintStream warnings) {
        update(runDir, new SampleGallery(), warnings);
    }

    /** The report of one run that an engine rewrites at each epoch end and at the end. */
    public static Live live(Location runDir) {
        return new Live(runDir);
    }

    /**
     * One run's report as its engine keeps it up to date: the pictures it halved for the page stay with it (with
     * the run), not with the JVM.
     */
    public static final class Live {
        private final Location runDir;
        private final SampleGallery gallery = new SampleGallery();

        private Live(Location runDir) {
            this.runDir = runDir;
        }

        /** {@link RunReport#update(Location, PrintStream)}, scaling each picture once per run. */
        public void update(PrintStream warnings) {
            RunReport.update(runDir, gallery, warnings);
        }
    }

    private static void update(Location runDir, SampleGallery gallery, PrintStream warnings) {
        try {
            write(runDir, gallery);
        } catch (RuntimeException | LinkageError | java.awt.AWTError | InternalError e) {
            // The errors: a JVM whose AWT cannot draw text (no fontconfig or fonts on a slim image) fails with
            // UnsatisfiedLinkError, NoClassDefFoundError or InternalError the first time a chart is drawn.
            warnings.println("warning: " + FILE_NAME + " not updated: " + e);
        }
    }

    /** The page's HTML; {@code gallery} halves the pictures when they are many. */
    private static String render(Location runDir, SampleGallery gallery) {
        long start = System.nanoTime();
        MetricsLog metrics = MetricsLog.read(runDir.resolve(RunDirectory.METRICS_FILE));
        Optional<JsonNode> summary = readSummary(runDir.resolve(RunDirectory.SUMMARY_FILE));
        Optional<String> config = readText(runDir.resolve(RunDirectory.CONFIG_FILE));
        List<SampleGallery.Picture> samples = gallery.pictures(runDir.resolve(RunDirectory.SAMPLES_FOLDER));
        String name = summary.map(s -> s.path("name").asText(null)).orElse(runDir.name());

        HtmlPage page = new HtmlPage("spark-gan report: " + name);
        page.heading(1, null, "spark-gan run: " + name);
        page.paragraph("note", status(metrics, summary, config));
        page.navigation(List.of(new Link("final", "Final metrics"), new Link("training", "Training curves"),
                new Link("quality", "Quality per epoch"), new Link("samples", "Samples"),
                new Link("config", "Configuration")));
        if (metrics.unreadableLines() > 0) {
            page.paragraph("warning", metrics.unreadableLines() + " line(s) of metrics.jsonl could not be read "
                    + "and are left out (a line still being written, or a damaged file).");
        }
        finalMetrics(page, summary);
        trainingCurves(page, metrics);
        phasePlane(page, metrics);
        perEpoch(page, metrics);
        samples(page, samples);
        page.heading(2, "config", "Configuration (config.conf, resolved)");
        config.ifPresentOrElse(text -> page.preformatted("config-text", text),
                () -> page.paragraph("note", "config.conf not found."));
        page.paragraph("note", String.format("Written %s from %s in %d ms.",
                ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                runDir, (System.nanoTime() - start) / 1_000_000));
        return page.render();
    }

    private static String status(MetricsLog metrics, Optional<JsonNode> summary, Optional<String> config) {
        if (summary.isPresent()) {
            JsonNode s = summary.get();
            return String.format("Finished%s: %s epochs, %s generator steps.",
                    s.path("dry_run").asBoolean() ? " (dry run)" : "", s.path("epochs").asText("?"),
                    s.path("generator_steps").asText("?"));
        }
        int done = metrics.lastEpoch() + 1;
        String of = config.flatMap(RunReport::plannedEpochs).map(n -> " of " + n).orElse("");
        return "In progress: " + done + of + " epoch(s) logged; this page is rewritten at every epoch end.";
    }

    private static Optional<Integer> plannedEpochs(String configText) {
        try {
            Config c = ConfigFactory.parseString(configText);
            return c.hasPath("train.epochs") ? Optional.of(c.getInt("train.epochs")) : Optional.empty();
        } catch (ConfigException e) {
            return Optional.empty();
        }
    }

    private static void finalMetrics(HtmlPage page, Optional<JsonNode> summary) {
        page.heading(2, "final", "Final metrics (summary.json)");
        if (summary.isEmpty()) {
            page.paragraph("note", "summary.json is written when the run ends.");
            return;
        }
        List<Row> rows = new ArrayList<>();
        summary.get().fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (v.isFloatingPointNumber()) {
                rows.add(new Row(e.getKey(), formatNumber(v.asDouble()), v.asText(), true));
            } else if (v.isNumber()) {
                rows.add(new Row(e.getKey(), v.asText(), null, true));
            } else {
                rows.add(new Row(e.getKey(), v.isValueNode() ? v.asText() : v.toString(), null, false));
            }
        });
        page.table("final-metrics", "metric", "value", rows);
    }

    private static void trainingCurves(HtmlPage page, MetricsLog metrics) {
        page.heading(2, "training", "Training curves (per logging interval)");
        if (metrics.intervalCount() == 0) {
            page.paragraph("note", "No logging interval in metrics.jsonl yet.");
            return;
        }
        List<Figure> figures = new ArrayList<>();
        addChart(figures, "losses", "Losses", "generator step",
                List.of(metrics.overSteps("d_loss"), metrics.overSteps("g_loss")), List.of());
        addChart(figures, "discriminator outputs", "Discriminator outputs: mean D(real) and D(fake)", "generator step",
                List.of(metrics.overSteps("d_real"), metrics.overSteps("d_fake")),
                List.of(new Reference("0.5: D*(x) = 1/2 at the equilibrium p_G = p_data", 0.5)));
        Series jsd = metrics.overSteps("jsd");
        addChart(figures, "JSD estimate", "JSD estimate (V + log 4) / 2 (a lower bound)", "generator step",
                List.of(jsd), List.of());
        addChart(figures, "throughput", "Throughput: real samples per second", "generator step",
                List.of(metrics.overSteps(RATE_KEYS)), List.of());
        page.figures("charts", figures);
        if (jsd.isEmpty()) {
            page.paragraph("note", "No JSD estimate: it exists only for the probabilistic losses (minimax, "
                    + "non-saturating), not for Wasserstein, hinge or least squares.");
        }
    }

    /** The linear model's (Dirac-GAN's) path in the (theta, psi) plane, when metrics.jsonl has "trajectory" lines. */
    private static void phasePlane(HtmlPage page, MetricsLog metrics) {
        Series path = metrics.phasePlane();
        if (path.isEmpty()) {
            return;
        }
        page.heading(2, "phase-plane", "Phase plane: (theta, psi) per step");
        page.figures("charts", List.of(new Figure("phase plane", null,
                Charts.phasePlane("The players' path; the equilibrium is (0, 0)", Charts.WIDE, path))));
    }

    /**
     * One chart per numeric key of the per-epoch lines, whatever the key. A key {@code X_total} is drawn in the
     * chart of the other {@code X_...} keys (modes_total with modes_covered) rather than alone.
     */
    private static void perEpoch(HtmlPage page, MetricsLog metrics) {
        page.heading(2, "quality", "Quality per epoch");
        List<Series> all = metrics.perEpochSeries();
        Map<String, Series> byName = all.stream().collect(Collectors.toMap(Series::name, Function.identity()));
        List<Figure> figures = new ArrayList<>();
        List<String> noValue = new ArrayList<>();
        for (Series s : all) {
            if (s.isEmpty()) {
                noValue.add(s.name());
                continue;
            }
            String prefix = s.name().contains("_") ? s.name().substring(0, s.name().lastIndexOf('_')) : s.name();
            String total = prefix + "_total";
            if (s.name().equals(total) && all.stream().anyMatch(o -> o != s && o.name().startsWith(prefix + "_"))) {
                continue;
            }
            List<Series> lines = byName.containsKey(total) && !s.name().equals(total)
                    ? List.of(s, byName.get(total)) : List.of(s);
            figures.add(new Figure(s.name() + " per epoch", null,
                    Charts.lines(s.name(), "epoch", Charts.SMALL, lines, List.of())));
        }
        if (figures.isEmpty() && noValue.isEmpty()) {
            page.paragraph("note", "No per-epoch metrics yet (2-D data logs modes and sample quality at every "
                    + "epoch end; evaluations add their own).");
            return;
        }
        page.figures("charts", figures);
        if (!noValue.isEmpty()) {
            // e.g. reverse_kl while no sample is high quality: metrics.jsonl holds null for a non-finite value.
            page.paragraph("note", "No finite value yet: " + String.join(", ", noValue) + ".");
        }
    }

    private static void samples(HtmlPage page, List<SampleGallery.Picture> samples) {
        page.heading(2, "samples", "Samples from fixed noise, every epoch");
        if (samples.isEmpty()) {
            page.paragraph("note", "No sample picture yet (samples/epoch-NNNN.png, one per epoch end).");
            return;
        }
        int halvings = samples.get(0).halvings();
        String note = "The same latent vectors every epoch, so the pictures compare; epochs count from 0, as in "
                + "metrics.jsonl and the file names.";
        if (halvings > 0) {
            note += String.format(" Shown at 1/%d of their size to keep this page small (%d pictures); the "
                    + "full-size files are in samples/.", 1 << halvings, samples.size());
        }
        page.paragraph("note", note);
        List<Figure> figures = new ArrayList<>();
        for (SampleGallery.Picture p : samples) {
            // Halved pictures at their own size; image grids (8 x 30 px) larger, as pixels rather than blurred.
            String css = p.halvings() > 0 ? "halved" : p.width() < HtmlPage.SAMPLE_WIDTH_PX ? "upscaled" : null;
            figures.add(new Figure("samples of epoch " + p.epoch(), "epoch " + p.epoch() + " (" + p.fileName() + ")",
                    p.png(), css));
        }
        page.figures("samples", figures);
    }

    /** A wide chart, when any of {@code series} has a point (a key whose every value was null has none). */
    private static void addChart(List<Figure> figures, String alt, String title, String xTitle, List<Series> series,
                                 List<Reference> refs) {
        if (series.stream().anyMatch(s -> !s.isEmpty())) {
            figures.add(new Figure(alt, null, Charts.lines(title, xTitle, Charts.WIDE, series, refs)));
        }
    }

    /** Four significant digits, no exponent; large values (samples per second) as whole numbers. */
    static String formatNumber(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        if (Math.abs(v) >= 1000) {
            return String.format(java.util.Locale.ROOT, "%.0f", v);
        }
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    private static Optional<JsonNode> readSummary(Location file) {
        return readText(file).map(text -> {
            try {
                return JSON.readTree(text);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot parse " + file + ": " + e.getMessage(), e);
            }
        });
    }

    private static Optional<String> readText(Location file) {
        return file.exists() ? Optional.of(file.readString()) : Optional.empty();
    }
}
