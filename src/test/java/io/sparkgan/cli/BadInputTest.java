package io.sparkgan.cli;

import io.sparkgan.run.TrainOptions;
import io.sparkgan.source.IdxFiles;
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
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Bad input through the whole train job: each is one "error: ..." line naming the thing and the value (or
 * a counted skip), exit code 1, and nothing written before is lost. (The IDX reader's and the config
 * loader's own cases are in IdxReaderTest and ConfigLoaderTest.)
 */
class BadInputTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int images(Path run, String... overrides) {
        List<String> all = new ArrayList<>(List.of("engine=spark", "spark.master=\"local[2]\"", "train.batch-size=4",
                "train.epochs=1", "train.max-steps-per-epoch=1", "model.dcgan.base-width=4", "output.sample-grid=2",
                "data.idx.images=\"\"", "data.idx.labels=\"\"", "evaluation.every-epochs=0"));
        all.addAll(List.of(overrides));
        return run(Path.of("conf/fashion-dcgan28.conf"), all, TrainOptions.fresh(run, false));
    }

    private int run(Path conf, List<String> overrides, TrainOptions options) {
        out.reset();
        err.reset();
        return TrainJob.run(conf, overrides, options, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static byte[] png(int width, int height, int type) throws IOException {
        BufferedImage img = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, (x * 7 + y * 13) * 0x010101);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(img, "png", bytes);
        return bytes.toByteArray();
    }

    private Path folder(String name, int count) throws IOException {
        Path root = Files.createDirectories(dir.resolve(name));
        for (int i = 0; i < count; i++) {
            Files.write(root.resolve(i + ".png"), png(28, 28, BufferedImage.TYPE_BYTE_GRAY));
        }
        return root;
    }

    private String error() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aMissingDataFolderIsNamed() {
        assertEquals(1, images(dir.resolve("r"), "data.source=folder", "data.folder.path=\"" + dir.resolve("nope") + "\""));
        assertThat(error()).startsWith("error: ").contains(dir.resolve("nope").toString());
    }

    @Test
    void aRunThatFailsBeforeItsFirstStepLeavesNoRunDirectoryAndTheCorrectedCommandRuns() throws IOException {
        Path run = dir.resolve("never-started");
        assertEquals(1, images(run, "data.source=folder", "data.folder.path=\"" + dir.resolve("nope") + "\""));
        assertThat(run).doesNotExist();

        Path taken = Files.createDirectories(dir.resolve("made-by-the-user"));
        assertEquals(1, images(taken, "data.source=folder", "data.folder.path=\"" + dir.resolve("nope") + "\""));
        assertThat(taken).isEmptyDirectory();

        Files.createDirectories(run.resolve("samples"));   // as an earlier version left it behind
        Path images = folder("corrected", 8);
        assertEquals(0, images(run, "data.source=folder", "data.folder.path=\"" + images + "\""), this::error);
        assertThat(run.resolve("summary.json")).isRegularFile();
    }

    @Test
    void aFolderWithoutImagesIsAnEmptyDataSet() throws IOException {
        Path root = folder("empty", 0);
        Files.writeString(root.resolve("notes.txt"), "no pictures here");
        assertEquals(1, images(dir.resolve("r"), "data.source=folder", "data.folder.path=\"" + root + "\""));
        assertThat(error()).startsWith("error: ").contains(root.toString(), "holds no image files", "1 other files");
    }

    @Test
    void aTruncatedImageStopsTheRunByPathUnlessItsShareIsAllowed() throws IOException {
        Path root = folder("truncated", 15);
        byte[] whole = png(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        Files.write(root.resolve("cut.png"), Arrays.copyOf(whole, whole.length / 2));
        assertEquals(1, images(dir.resolve("r1"), "data.source=folder", "data.folder.path=\"" + root + "\""));
        assertThat(error()).contains("cut.png", "data.max-bad-fraction");

        assertEquals(0, images(dir.resolve("r2"), "data.source=folder", "data.folder.path=\"" + root + "\"",
                "data.max-bad-fraction=0.1"), this::error);
        assertThat(out.toString()).contains("1 inputs skipped");
    }

    @Test
    void aDecompressionBombStopsTheRunNamingItsSizeAndTheKey() throws IOException {
        Path root = folder("bomb", 15);
        Files.write(root.resolve("bomb.png"), io.sparkgan.source.PngBomb.of(30000, 30000));
        assertEquals(1, images(dir.resolve("r"), "data.source=folder", "data.folder.path=\"" + root + "\""));
        assertThat(error()).startsWith("error: ").contains("bomb.png", "30000 x 30000", "data.image.max-pixels = 67108864",
                "data.max-bad-fraction");
    }

    @Test
    void nonImageFilesInAnImageFolderAreCountedAndSkipped() throws IOException {
        Path root = folder("with-notes", 8);
        Files.writeString(root.resolve("labels.csv"), "a,b\n");
        Files.writeString(root.resolve("README"), "hello");
        assertEquals(0, images(dir.resolve("r"), "data.source=folder", "data.folder.path=\"" + root + "\""), this::error);
        assertThat(out.toString()).contains("2 inputs skipped");
    }

    @Test
    void imagesOfMixedSizesAndChannelsAreBroughtToTheConfiguredShapeWhenTheConfigAsks() throws IOException {
        Path root = folder("mixed", 4);
        Files.write(root.resolve("big-colour.png"), png(64, 40, BufferedImage.TYPE_INT_RGB));
        Files.write(root.resolve("small-colour.png"), png(10, 12, BufferedImage.TYPE_INT_ARGB));
        Files.write(root.resolve("wide-grey.png"), png(90, 28, BufferedImage.TYPE_BYTE_GRAY));
        Files.write(root.resolve("tall.png"), png(28, 70, BufferedImage.TYPE_INT_RGB));
        assertEquals(0, images(dir.resolve("r"), "data.source=folder", "data.folder.path=\"" + root + "\"",
                "data.image.convert=true"), this::error);
        assertThat(out.toString()).contains("(8 samples").doesNotContain("skipped");

        // without data.image.convert the four images of other shapes are undecodable inputs, each named
        assertEquals(1, images(dir.resolve("r2"), "data.source=folder", "data.folder.path=\"" + root + "\""));
        assertThat(error()).contains("4 of 8 inputs", "data.image.convert", "big-colour.png is 64x40 colour");
    }

    @Test
    void anRgbSetReadWithOneChannelStopsAtTheFirstImageNamingTheKeyToSet() throws IOException {
        Path root = Files.createDirectories(dir.resolve("rgb"));
        for (int i = 0; i < 6; i++) {
            Files.write(root.resolve("c" + i + ".png"), png(28, 28, BufferedImage.TYPE_INT_RGB));
        }
        assertEquals(1, images(dir.resolve("r"), "data.source=folder", "data.folder.path=\"" + root + "\""));
        assertThat(error()).startsWith("error: the first image ").contains("c0.png is 28x28 colour (3 channels), "
                + "not data.image's 28x28 grey (1 channel); set data.image.convert = true");
        assertEquals(0, images(dir.resolve("r3"), "data.source=folder", "data.folder.path=\"" + root + "\"",
                "data.image.channels=3"), this::error);
    }

    @Test
    void anIdxFileWithAWrongMagicNumberIsNamed() throws IOException {
        Path bad = Files.write(dir.resolve("images.idx"), png(28, 28, BufferedImage.TYPE_BYTE_GRAY));
        assertEquals(1, images(dir.resolve("r"), "data.source=idx", "data.idx.images=\"" + bad + "\""));
        assertThat(error()).startsWith("error: ").contains("images.idx", "magic number 0x89504E47");
    }

    @Test
    void anIdxFileOfTheWrongLengthIsNamed() throws IOException {
        byte[] full = Files.readAllBytes(IdxFiles.write(dir.resolve("full.idx"), IdxFiles.images(8, 28, 28), false));
        Path cut = Files.write(dir.resolve("cut.idx"), Arrays.copyOf(full, full.length - 100));
        assertEquals(1, images(dir.resolve("r"), "data.source=idx", "data.idx.images=\"" + cut + "\""));
        assertThat(error()).startsWith("error: ").contains("cut.idx", "truncated");
    }

    @Test
    void aDirectoryGivenAsTheImagesFileIsNamed() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("a-folder"));
        assertEquals(1, images(dir.resolve("r"), "data.source=idx", "data.idx.images=\"" + folder + "\""));
        assertThat(error()).startsWith("error: ").contains("a-folder");
    }

    @Test
    void labelsThatDoNotMatchTheImagesAreNamed() throws IOException {
        Path images = IdxFiles.write(dir.resolve("i.idx"), IdxFiles.images(8, 28, 28), false);
        Path labels = IdxFiles.write(dir.resolve("l.idx"), IdxFiles.labels(6), false);
        assertEquals(1, images(dir.resolve("r"), "data.source=idx", "data.idx.images=\"" + images + "\"",
                "data.idx.labels=\"" + labels + "\""));
        assertThat(error()).startsWith("error: ").contains("l.idx", "6 labels", "8 images");
    }

    @Test
    void resumingWithAnIncompatibleConfigNamesTheKeyAndKeepsTheRun() throws IOException {
        Path run = dir.resolve("run");
        List<String> tiny = List.of("engine=local", "data.size=512", "train.epochs=1", "output.sample-points=100");
        assertEquals(0, run(Path.of("conf/ring8.conf"), tiny, TrainOptions.fresh(run, false)), this::error);
        String summary = Files.readString(run.resolve("summary.json"));

        List<String> other = new ArrayList<>(tiny);
        other.add("model.latent-dim=8");
        assertEquals(1, run(Path.of("conf/ring8.conf"), other, new TrainOptions(null, run, false, false)));
        assertThat(error()).startsWith("error: checkpoint ").contains("incompatible config",
                "model.latent-dim: 2 in the checkpoint, 8 now");
        assertEquals(summary, Files.readString(run.resolve("summary.json")), "the earlier run is untouched");
    }

    @Test
    void aCheckpointDirectoryThatCannotBeWrittenIsNamed() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        List<String> tiny = List.of("engine=local", "data.size=512", "train.epochs=1",
                "checkpoint.dir=\"" + file.resolve("checkpoints") + "\"");
        assertEquals(1, run(Path.of("conf/ring8.conf"), tiny, TrainOptions.fresh(dir.resolve("r"), false)));
        assertThat(error()).startsWith("error: ").contains("checkpoint", "a-file");
    }
}
