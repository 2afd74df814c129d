package io.sparkgan.cli;

import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.GanConfig;
import io.sparkgan.data.ImageSet;
import io.sparkgan.io.ModelStore;
import io.sparkgan.model.NetworkFactory;
import io.sparkgan.source.IdxReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** jobs/generate.sh's job: PNG files, IDX, grid and interpolation strip from a small dcgan28 generator. */
class GenerateJobTest {
    @TempDir
    static Path models;
    static Path unconditional;
    static Path conditional;
    static Path points;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** Untrained generators: dcgan28 (base width 4) with latent 64, the same with input 64 + 10, and ring8's MLP. */
    @BeforeAll
    static void models() {
        unconditional = save(List.of("model.type=dcgan", "data.source=idx", "data.idx.images=x",
                "model.dcgan.base-width=4"), new long[]{1, 28, 28}, "g.zip");
        conditional = save(List.of("model.type=dcgan", "data.source=idx", "data.idx.images=x",
                "model.dcgan.base-width=4", "model.latent-dim=74"), new long[]{1, 28, 28}, "cg.zip");
        points = save(List.of(), new long[]{2}, "ring.zip");
    }

    private static Path save(List<String> overrides, long[] shape, String name) {
        GanConfig c = ConfigLoader.parse("", "g", overrides);
        Path file = models.resolve(name);
        ModelStore.save(NetworkFactory.create(c.model(), c.train(), shape, 1).generator(), file, false);
        return file;
    }

    private int generate(Path model, Path target, String... options) {
        List<String> args = new ArrayList<>(List.of("--model", model.toString(), "--out", target.toString()));
        args.addAll(List.of(options));
        return new picocli.CommandLine(new GenerateCommand()).setOut(new java.io.PrintWriter(out)).execute(args.toArray(String[]::new));
    }

    private int run(GenerateJob.Request request) {
        return GenerateJob.run(request, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static GenerateJob.Request request(Path model, Path target, String format, int count, Long seed,
                                               String label, Integer interpolate, String... overrides) {
        return new GenerateJob.Request(loc(model), null, loc(target), format, count, seed, label, interpolate, null, List.of(overrides));
    }

    @Nested
    class Outputs {
        @Test
        void pngFilesOnePerSampleOfTheImageSize() throws IOException {
            Path folder = dir.resolve("pngs");
            assertEquals(0, run(request(unconditional, folder, null, 5, 3L, null, null)), err.toString());
            try (var files = Files.list(folder)) {
                assertEquals(5, files.count());
            }
            BufferedImage image = ImageIO.read(folder.resolve("sample-00004.png").toFile());
            assertEquals(28, image.getWidth());
            assertEquals(28, image.getHeight());
        }

        /**
         * A resnet generator (batch norm on batch statistics in training, standing statistics for drawing) writes
         * its samples as any generator does, the same again for the same seed.
         */
        @Test
        void aResnetGeneratorWritesTheSameSamplesForTheSameSeed() throws IOException {
            Path resnet = save(List.of("model.type=resnet", "data.source=idx", "data.idx.images=x",
                    "model.resnet.generator-width=4", "model.resnet.discriminator-width=4"), new long[]{1, 28, 28},
                    "resnet-g.zip");
            Path first = dir.resolve("resnet-first");
            Path again = dir.resolve("resnet-again");
            assertEquals(0, run(request(resnet, first, null, 5, 3L, null, null)), err.toString());
            assertEquals(0, run(request(resnet, again, null, 5, 3L, null, null)), err.toString());
            for (int i = 0; i < 5; i++) {
                String name = String.format("sample-%05d.png", i);
                assertArrayEquals(Files.readAllBytes(first.resolve(name)), Files.readAllBytes(again.resolve(name)));
            }
            BufferedImage image = ImageIO.read(first.resolve("sample-00004.png").toFile());
            assertEquals(28, image.getWidth());
            assertFalse(java.util.Arrays.equals(Files.readAllBytes(first.resolve("sample-00000.png")),
                    Files.readAllBytes(first.resolve("sample-00001.png"))));
        }

        @Test
        void anIdxFileThatTheReaderReadsBackTheSameForTheSameSeed() throws IOException {
            Path a = dir.resolve("a-idx3-ubyte.gz");
            Path b = dir.resolve("b-idx3-ubyte.gz");
            Path c = dir.resolve("c.idx");
            assertEquals(0, run(request(unconditional, a, null, 7, 3L, null, null)), err.toString());
            assertEquals(0, run(request(unconditional, b, null, 7, 3L, null, null)));
            assertEquals(0, run(request(unconditional, c, "idx", 7, 4L, null, null)));
            ImageSet set = IdxReader.readImages(a, null, 0);
            assertEquals(7, set.size());
            assertEquals(28, set.sampleShape()[1]);
            assertEquals(IdxReader.read(a).dims()[0], IdxReader.read(b).dims()[0]);
            assertEquals(java.util.Arrays.toString(IdxReader.read(a).data()), java.util.Arrays.toString(IdxReader.read(b).data()));
            assertNotEquals(java.util.Arrays.toString(IdxReader.read(a).data()), java.util.Arrays.toString(IdxReader.read(c).data()));
        }

        @Test
        void oneGridPngThroughTheCommandLine() throws IOException {
            Path grid = dir.resolve("grid.png");
            assertEquals(0, generate(unconditional, grid, "--count", "10", "--seed", "2"));
            BufferedImage image = ImageIO.read(grid.toFile());
            // ceil(sqrt(10)) = 4 columns, 3 rows, 28 px images 2 px apart
            assertEquals(4 * 30 + 2, image.getWidth());
            assertEquals(3 * 30 + 2, image.getHeight());
        }

        @Test
        void anInterpolationStripFromTheFirstToTheSecondSeededSample() throws IOException {
            Path strip = dir.resolve("strip.png");
            Path ends = dir.resolve("ends");
            assertEquals(0, run(request(unconditional, strip, null, 64, 9L, null, 6)), err.toString());
            assertEquals(0, run(request(unconditional, ends, "png", 2, 9L, null, null)), err.toString());
            BufferedImage image = ImageIO.read(strip.toFile());
            assertEquals(6 * 30 + 2, image.getWidth());
            assertEquals(30 + 2, image.getHeight());
            // t = 0 is z0 and t = 1 is z1: the strip's ends are the two samples of the same seed.
            assertSameImage(ImageIO.read(ends.resolve("sample-00000.png").toFile()), image, 2);
            assertSameImage(ImageIO.read(ends.resolve("sample-00001.png").toFile()), image, 2 + 5 * 30);
            assertThat(out.toString()).contains("interpolation strip of 6 images");
        }
    }

    @Nested
    class Conditions {
        @Test
        void aClassOnAnUnconditionalModelFailsSayingSo() {
            assertEquals(1, run(request(unconditional, dir.resolve("x.png"), null, 4, null, "3", null)));
            assertThat(err.toString()).contains("unconditional", "input size 64 equals the latent dimension 64",
                    "drop --class");
        }

        @Test
        void aConditionalModelTakesAClassInRange() throws IOException {
            Path grid = dir.resolve("c.png");
            assertEquals(0, run(request(conditional, grid, null, 4, null, "3", null, "model.latent-dim=64")), err.toString());
            assertTrue(Files.isRegularFile(grid));
            assertEquals(1, run(request(conditional, grid, null, 4, null, "10", null, "model.latent-dim=64")));
            assertThat(err.toString()).contains("unknown class '10'", "by number 0 to 9");
        }

        @Test
        void aConditionalModelFileKnowsItsClassNames() throws IOException {
            Path named = dir.resolve("named.zip");
            Files.copy(conditional, named);
            ModelStore.addClasses(loc(named), new io.sparkgan.data.ClassList(List.of("t-shirt", "trouser", "pullover",
                    "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle-boot")));
            Path byName = dir.resolve("by-name.idx");
            Path byNumber = dir.resolve("by-number.idx");
            assertEquals(0, run(request(named, byName, null, 4, 5L, "sandal", null, "model.latent-dim=64")), err.toString());
            assertEquals(0, run(request(named, byNumber, null, 4, 5L, "5", null, "model.latent-dim=64")), err.toString());
            assertEquals(java.util.Arrays.toString(IdxReader.read(byName).data()),
                    java.util.Arrays.toString(IdxReader.read(byNumber).data()));
            assertEquals(1, run(request(named, byName, null, 4, 5L, "boot", null, "model.latent-dim=64")));
            assertThat(err.toString()).contains("unknown class 'boot'", "ankle-boot");
        }

        @Test
        void aPointGeneratorIsRefused() {
            assertEquals(1, run(request(points, dir.resolve("p.png"), null, 4, null, null, null)));
            assertThat(err.toString()).contains("2-D points, not images");
        }
    }

    private static void assertSameImage(BufferedImage sample, BufferedImage strip, int x0) {
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                int expected = sample.getRaster().getSample(x, y, 0);
                int actual = strip.getRGB(x0 + x, 2 + y) & 0xff;
                // One grey level of slack: G runs on batches of 2 and 6 rows.
                assertTrue(Math.abs(expected - actual) <= 1, "pixel " + x + "," + y + ": " + expected + " vs " + actual);
            }
        }
    }

    /** A local path as a {@link io.sparkgan.platform.Location}; null stays null (an option not given). */
    private static io.sparkgan.platform.Location loc(Path p) {
        return p == null ? null : io.sparkgan.platform.Location.local(p);
    }
}
