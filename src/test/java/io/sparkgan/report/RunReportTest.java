package io.sparkgan.report;

import io.sparkgan.cli.TrainJob;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** report.html: written by a real training run, rendered by headless Chromium; and from hand-made run files. */
class RunReportTest {
    private static final Pattern IMG_SRC = Pattern.compile("<img [^>]*src=\"([^\"]*)\"");

    private static String report(Path run) throws IOException {
        return Files.readString(run.resolve(RunReport.FILE_NAME), StandardCharsets.UTF_8);
    }

    private static List<String> imageSources(String html) {
        List<String> sources = new ArrayList<>();
        Matcher m = IMG_SRC.matcher(html);
        while (m.find()) {
            sources.add(m.group(1));
        }
        return sources;
    }

    private static List<String> alts(String html) {
        List<String> alts = new ArrayList<>();
        Matcher m = Pattern.compile("<img alt=\"([^\"]*)\"").matcher(html);
        while (m.find()) {
            alts.add(m.group(1));
        }
        return alts;
    }

    private static int attribute(String dom, String name) {
        Matcher m = Pattern.compile("<body[^>]*\\s" + name + "=\"(\\d+)\"").matcher(dom);
        assertTrue(m.find(), name + " set on <body> by the page's load handler: " + dom.substring(0, Math.min(400, dom.length())));
        return Integer.parseInt(m.group(1));
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class AfterATrainingRun {
        Path dir;
        Path run;
        String trainOutput;

        /** ring8 on the single-JVM engine, 2 epochs of 20 steps, 2 intervals each: the engine writes report.html. */
        @BeforeAll
        void train(@TempDir Path dir) {
            this.dir = dir;
            run = dir.resolve("ring8-run");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = TrainJob.run(Path.of("conf/ring8.conf"), List.of("engine=local", "train.epochs=2",
                            "train.max-steps-per-epoch=20", "data.size=2000", "train.batch-size=64", "output.log-every-steps=10"),
                    run, false,
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            trainOutput = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
            Matcher took = Pattern.compile("in (\\d+) ms\\.</p>").matcher(assertDoesNotThrow(() -> report(run)));
            assertTrue(took.find(), "the page says how long it took");
            System.out.println("report.html written by the engine at the end of the 2-epoch ring8 run in " + took.group(1) + " ms");
        }

        @Test
        void theEngineWroteASelfContainedReport() throws IOException {
            assertThat(trainOutput).doesNotContain("not updated");
            String html = report(run);
            assertThat(html).contains("id=\"final-metrics\"", "modes_covered", "high_quality_fraction", "Finished: 2 epochs",
                    "epoch-0000.png", "epoch-0001.png", "source=ring8");
            // Nothing from the network: every picture inline, no external script, style sheet or font.
            assertThat(html).doesNotContainPattern("(src|href)=\"(https?:)?//");
            assertThat(html).doesNotContain("<link", "@import", "url(");
            List<String> sources = imageSources(html);
            // Training curves, per-epoch metrics (modes_total drawn with modes_covered), the 2 epochs' scatters.
            assertThat(alts(html)).containsSubsequence("losses", "discriminator outputs", "JSD estimate", "throughput",
                    "modes_covered per epoch", "high_quality_fraction per epoch", "samples of epoch 0",
                    "samples of epoch 1");
            // After 40 steps reverse KL may be undefined (no high-quality sample yet): then the page says so.
            assertTrue(alts(html).contains("reverse_kl per epoch") || html.contains("No finite value yet: reverse_kl"),
                    "reverse_kl plotted or named as not finite: " + alts(html));
            assertEquals(alts(html).size(), sources.size());
            for (String src : sources) {
                assertThat(src).startsWith("data:image/png;base64,");
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(
                        Base64.getDecoder().decode(src.substring("data:image/png;base64,".length()))));
                assertTrue(image != null && image.getWidth() > 0, "an embedded PNG decodes");
            }
        }

        @Test
        void chromiumLoadsEveryPictureAndShowsTheMetricsTable() throws IOException, InterruptedException {
            HeadlessChromium chromium = new HeadlessChromium(dir);
            String dom = chromium.dumpDom(run.resolve(RunReport.FILE_NAME));
            int total = attribute(dom, "data-images-total");
            assertEquals(imageSources(report(run)).size(), total, "pictures in the rendered page");
            assertThat(total).isGreaterThanOrEqualTo(8);
            assertEquals(total, attribute(dom, "data-images-loaded"), "pictures Chromium decoded (naturalWidth > 0)");
            Matcher table = Pattern.compile("<table id=\"final-metrics\">(.*?)</table>", Pattern.DOTALL).matcher(dom);
            assertTrue(table.find(), "the final metrics table is in the rendered page");
            assertThat(table.group(1)).contains("<th scope=\"row\">modes_covered</th>", "<th scope=\"row\">reverse_kl</th>",
                    "<th scope=\"row\">generator_steps</th><td class=\"number\">40</td>");
            assertThat(dom).doesNotContain("<p class=\"warning\">");

            Path screenshot = dir.resolve("report.png");
            chromium.screenshot(run.resolve(RunReport.FILE_NAME), screenshot, 1700, 5200);
            BufferedImage shot = ImageIO.read(screenshot.toFile());
            assertEquals(1700, shot.getWidth());
            assertTrue(distinctColours(shot) > 50, "the screenshot shows text and plots, not a blank page");
            Path kept = Path.of("target", "report-screenshot.png");
            Files.createDirectories(kept.getParent());
            Files.copy(screenshot, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(run.resolve(RunReport.FILE_NAME), Path.of("target", "report-example.html"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }

        @Test
        void rewritingTheReportIsCheap() {
            RunReport.write(run);
            long start = System.nanoTime();
            RunReport.write(run);
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.out.println("report.html of the 2-epoch ring8 run rewritten in " + ms + " ms");
            assertThat(ms).isLessThan(3000);
        }
    }

    @Nested
    class FromTheRunFiles {
        @TempDir
        Path run;

        private void write(String name, String text) throws IOException {
            Files.createDirectories(run.resolve(name).getParent());
            Files.writeString(run.resolve(name), text, StandardCharsets.UTF_8);
        }

        private void intervals(int epochs, int perEpoch) throws IOException {
            StringBuilder lines = new StringBuilder();
            for (int e = 0; e < epochs; e++) {
                for (int i = 1; i <= perEpoch; i++) {
                    int step = (e * perEpoch + i) * 10;
                    lines.append(String.format(java.util.Locale.ROOT, "{\"kind\":\"interval\",\"epoch\":%d,\"step\":%d,"
                            + "\"d_loss\":%.4f,\"g_loss\":%.4f,\"d_real\":%.4f,\"d_fake\":%.4f,\"images_per_second\":%.1f}%n",
                            e, step, 1.2 + Math.sin(step), 0.8 + Math.cos(step), 0.6, 0.4, 50.0 + i));
                }
            }
            append(lines);
        }

        /** Appends to metrics.jsonl, as the engines do. */
        private void append(CharSequence lines) throws IOException {
            Files.writeString(run.resolve("metrics.jsonl"), lines, StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }

        @Test
        void theConfigIsShownAsTextNotMarkup() throws IOException {
            write("config.conf", "name = \"</pre><script>alert('x')</script> & <b>\"\n");
            String html = report(RunReport.write(run).getParent());
            assertThat(html).contains("&lt;/pre&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;")
                    .doesNotContain("<script>alert");
        }

        @Test
        void everyNumericKeyOfTheEvaluationLinesIsPlottedPerEpoch() throws IOException {
            write("config.conf", "train.epochs = 3\n");
            intervals(3, 5);
            StringBuilder lines = new StringBuilder();
            for (int e = 0; e < 3; e++) {
                lines.append(String.format(java.util.Locale.ROOT, "{\"kind\":\"evaluation\",\"epoch\":%d,\"step\":%d,"
                        + "\"frechet_distance\":%.2f,\"classifier_score\":%.2f,\"classes_present\":%d,\"precision\":0.7,"
                        + "\"recall\":null,\"collapse_alarm\":%s,\"note\":\"text is not plotted\"}%n",
                        e, (e + 1) * 50, 80.0 - 10 * e, 3.0 + e, 8 + e, e == 0));
            }
            append(lines);
            String html = report(RunReport.write(run).getParent());
            for (String key : List.of("frechet_distance", "classifier_score", "classes_present", "precision",
                    "collapse_alarm")) {
                assertThat(html).contains("alt=\"" + key + " per epoch\"");
            }
            // recall was null in every line: nothing to plot; "note" is text.
            assertThat(html).doesNotContain("alt=\"recall per epoch\"", "alt=\"note per epoch\"", "JSD estimate\"");
            assertThat(html).contains("No JSD estimate", "In progress: 3 of 3 epoch(s) logged",
                    "summary.json is written when the run ends").doesNotContain("id=\"final-metrics\"");
        }

        @Test
        void aHalfWrittenLastLineIsSkippedAndCounted() throws IOException {
            intervals(1, 3);
            append("{\"kind\":\"interval\",\"epo");
            String html = report(RunReport.write(run).getParent());
            assertThat(html).contains("1 line(s) of metrics.jsonl could not be read", "alt=\"losses\"");
        }

        @Test
        void aHundredEpochsOfMetricsRenderInAFractionOfASecond() throws IOException {
            write("config.conf", "train.epochs = 100\n");
            intervals(100, 4);
            StringBuilder lines = new StringBuilder();
            for (int e = 0; e < 100; e++) {
                lines.append(String.format(java.util.Locale.ROOT, "{\"kind\":\"epoch\",\"epoch\":%d,\"step\":%d,"
                        + "\"modes_covered\":%d,\"modes_total\":25,\"high_quality_fraction\":%.3f,\"reverse_kl\":%.4f}%n",
                        e, (e + 1) * 40, Math.min(25, 10 + e), Math.min(0.95, 0.3 + e / 100.0), 1.0 / (e + 1)));
            }
            append(lines);
            RunReport.write(run);
            long start = System.nanoTime();
            String html = report(RunReport.write(run).getParent());
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.out.println("report.html with 100 epochs of metrics (400 intervals, 100 epoch lines) in " + ms + " ms");
            assertThat(ms).isLessThan(3000);
            // modes_total is drawn in the modes_covered chart, not alone.
            assertThat(html).contains("alt=\"modes_covered per epoch\"").doesNotContain("alt=\"modes_total per epoch\"");
        }

        @Test
        void manyLargeSamplePicturesAreHalvedToFitTheBudget() throws IOException {
            Path samples = Files.createDirectories(run.resolve("samples"));
            for (int e = 0; e < 12; e++) {
                BufferedImage noise = new BufferedImage(400, 400, BufferedImage.TYPE_INT_RGB);
                java.util.SplittableRandom random = new java.util.SplittableRandom(e);
                for (int y = 0; y < 400; y++) {
                    for (int x = 0; x < 400; x++) {
                        noise.setRGB(x, y, random.nextInt(1 << 24));
                    }
                }
                ImageIO.write(noise, "png", samples.resolve(String.format("epoch-%04d.png", e)).toFile());
            }
            long total;
            try (var files = Files.list(samples)) {
                total = files.mapToLong(f -> f.toFile().length()).sum();
            }
            List<SampleGallery.Picture> all = SampleGallery.read(io.sparkgan.platform.Location.local(samples), total);
            assertEquals(12, all.size());
            assertEquals(0, all.get(0).halvings(), "within the budget: as written");
            List<SampleGallery.Picture> halved = SampleGallery.read(io.sparkgan.platform.Location.local(samples), total / 10);
            assertEquals(2, halved.get(11).halvings(), "a tenth of the budget: halved twice (a sixteenth of the area)");
            assertEquals(11, halved.get(11).epoch());
            assertEquals(100, ImageIO.read(new ByteArrayInputStream(halved.get(11).png())).getWidth());
            assertEquals(100, halved.get(11).width(), "the width read from the PNG header");
            assertEquals(400, all.get(0).width());
        }

        @Test
        void anEngineIsWarnedNotStoppedWhenTheReportCannotBeWritten() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            RunReport.update(io.sparkgan.platform.Location.local(run.resolve("gone")), new PrintStream(out, true, StandardCharsets.UTF_8));
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("warning: report.html not updated", "gone");
        }

        @Test
        void aFolderThatIsNotARunIsRefusedByName() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunReport.write(run));
            assertThat(e.getMessage()).contains("not a run directory", run.toString());
        }
    }

    private static int distinctColours(BufferedImage image) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
