package io.sparkgan.source;

import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.DataConfig;
import io.sparkgan.data.ImageSet;
import io.sparkgan.data.InvalidDataException;
import io.sparkgan.eval.SyntheticImages;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The image sources read in one JVM, without Spark: listing rules, classes, ranges, picks, Parquet's columns. */
class ImageSourcesTest {
    @TempDir
    Path dir;

    private static final SourceFiles FILES = new SourceFiles(new Configuration());

    private static DataConfig data(String... overrides) {
        List<String> all = new ArrayList<>(List.of("data.image.convert=true", "data.idx.labels=\"\"",
                "evaluation.every-epochs=0"));
        all.addAll(List.of(overrides));
        return ConfigLoader.load(Path.of("conf/fashion-dcgan28.conf"), all).data();
    }

    private static List<ImageRow> all(ImageInputs inputs) {
        List<ImageRow> rows = new ArrayList<>();
        inputs.rows().forEachRemaining(rows::add);
        return rows;
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }

    @Nested
    class AnImageFolder {
        /** root/{b,a,part=1/a}/*.png, and what a listing leaves out: hidden names, copies in flight, other files. */
        private Path tree() throws IOException {
            Path root = dir.resolve("tree");
            write(root.resolve("b/1.png"), SyntheticImages.png(28, 1));
            write(root.resolve("a/2.PNG"), SyntheticImages.png(28, 2));
            write(root.resolve("part=1/a/3.png"), SyntheticImages.png(28, 3));
            write(root.resolve(".hidden/4.png"), SyntheticImages.png(28, 4));
            write(root.resolve("_temporary/5.png"), SyntheticImages.png(28, 5));
            write(root.resolve("b/6.png._COPYING_"), SyntheticImages.png(28, 6));
            write(root.resolve("b/.7.png"), SyntheticImages.png(28, 7));
            write(root.resolve("notes.txt"), new byte[]{1, 2, 3});
            return root;
        }

        @Test
        void listsImagesInPathOrderLeavingOutHiddenNamesAndNumbersTheClassFoldersInSortedOrder() throws IOException {
            Path root = tree();
            ImageInputs inputs = ImageSources.open(data("data.source=folder", "data.folder.path=\"" + root + "\""), FILES);
            assertThat(inputs.size()).isEqualTo(3);
            assertThat(inputs.classNames()).containsExactly("a", "b");
            assertThat(inputs.notInputs()).as("notes.txt").isEqualTo(1);
            List<ImageRow> rows = all(inputs);
            // path order: a/2.PNG, b/1.png, part=1/a/3.png
            assertThat(rows).extracting(ImageRow::label).containsExactly(0, 1, 0);
            assertThat(rows).allMatch(ImageRow::ok);
            ImageDecoder decoder = new ImageDecoder(28, 28, 1);
            assertThat(rows.get(1).pixels()).isEqualTo(decoder.decode(SyntheticImages.png(28, 1), "1.png"));
        }

        @Test
        void aRangeAndAPickReadOnlyTheirInputsInOrder() throws IOException {
            Path root = tree();
            ImageInputs inputs = ImageSources.open(data("data.source=folder", "data.folder.path=\"" + root + "\""), FILES);
            List<ImageRow> whole = all(inputs);
            List<ImageRow> range = all(inputs.range(1, 2));
            assertThat(range).hasSize(2);
            assertThat(range.get(0).pixels()).isEqualTo(whole.get(1).pixels());
            assertThat(range.get(1).pixels()).isEqualTo(whole.get(2).pixels());
            List<ImageRow> picked = all(inputs.pick(new long[]{0, 2}));
            assertThat(picked).extracting(ImageRow::label).containsExactly(0, 0);
            assertThat(picked.get(1).pixels()).isEqualTo(whole.get(2).pixels());
        }

        @Test
        void trainsTheLocalEngineOnTheFolderWithItsClasses() throws IOException {
            Path root = tree();
            TrainingData training = TrainingSets.open(data("data.source=folder", "data.folder.path=\"" + root + "\""), 1);
            assertThat(training.set().size()).isEqualTo(3);
            assertThat(training.classes().names()).containsExactly("a", "b");
            assertThat(((ImageSet) training.set()).labels().orElseThrow()).containsExactly(0, 1, 0);
        }

        @Test
        void aBrokenImageIsCountedAndTheRunStopsWhenThereAreTooManyNamingIt() throws IOException {
            Path root = tree();
            write(root.resolve("b/broken.png"), new byte[]{(byte) 0x89, 'P', 'N', 'G'});
            DataConfig strict = data("data.source=folder", "data.folder.path=\"" + root + "\"");
            assertThatThrownBy(() -> TrainingSets.open(strict, 1)).isInstanceOf(InvalidDataException.class)
                    .hasMessageContaining("broken.png").hasMessageContaining("data.max-bad-fraction");
            DataConfig lenient = data("data.source=folder", "data.folder.path=\"" + root + "\"",
                    "data.max-bad-fraction=0.5");
            assertThat(TrainingSets.open(lenient, 1).set().size()).isEqualTo(3);
        }

        @Test
        void aMissingFolderIsNamedWithItsKey() {
            Path missing = dir.resolve("nowhere");
            assertThatThrownBy(() -> ImageSources.open(data("data.source=folder", "data.folder.path=\"" + missing + "\""),
                    FILES)).hasMessageContaining("data.folder.path = " + missing).hasMessageContaining("not found");
        }
    }

    @Nested
    class Parquet {
        private final MessageType schema = MessageTypeParser.parseMessageType(
                "message images { optional binary bytes; optional int64 label; optional binary note (UTF8); }");

        /** Two files in a folder (and Spark's _SUCCESS): rows 0-4 in part-0, 5-6 in part-1; row 3's image is null. */
        private Path parquet() throws IOException {
            Path root = dir.resolve("images.parquet");
            Files.createDirectories(root);
            Files.write(root.resolve("_SUCCESS"), new byte[0]);
            SimpleGroupFactory rows = new SimpleGroupFactory(schema);
            int number = 0;
            for (int[] part : new int[][]{{0, 5}, {1, 2}}) {
                org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(root.resolve("part-" + part[0] + ".parquet")
                        .toString());
                try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(file).withType(schema).build()) {
                    for (int i = 0; i < part[1]; i++, number++) {
                        Group row = rows.newGroup().append("label", (long) (number % 3)).append("note", "row " + number);
                        if (number != 3) {
                            row.append("bytes", Binary.fromConstantByteArray(SyntheticImages.png(28, number + 1)));
                        }
                        writer.write(row);
                    }
                }
            }
            return root;
        }

        @Test
        void readsTheRowsOfEveryFileInPathOrderWithTheirLabelsNamingANullImage() throws IOException {
            Path root = parquet();
            ImageInputs inputs = ImageSources.open(data("data.source=parquet", "data.parquet.path=\"" + root + "\"",
                    "data.parquet.image-column=bytes", "data.parquet.label-column=label"), FILES);
            assertThat(inputs.size()).isEqualTo(7);
            List<ImageRow> rows = all(inputs);
            assertThat(rows).extracting(ImageRow::ok).containsExactly(true, true, true, false, true, true, true);
            assertThat(rows.get(3).describeProblem()).contains("row 3", "null");
            assertThat(rows).extracting(ImageRow::label).containsExactly(0, 1, 2, 0, 1, 2, 0);
            ImageDecoder decoder = new ImageDecoder(28, 28, 1);
            assertThat(rows.get(5).pixels()).isEqualTo(decoder.decode(SyntheticImages.png(28, 6), "6"));
            // a range that starts inside the first file and ends inside the second
            List<ImageRow> range = all(inputs.range(4, 2));
            assertThat(range.get(0).pixels()).isEqualTo(rows.get(4).pixels());
            assertThat(range.get(1).pixels()).isEqualTo(rows.get(5).pixels());
        }

        @Test
        void refusesAMissingColumnAndATextColumnNamingTheKey() throws IOException {
            Path root = parquet();
            assertThatThrownBy(() -> ImageSources.open(data("data.source=parquet", "data.parquet.path=\"" + root + "\""),
                    FILES)).hasMessageContaining("'image'").hasMessageContaining("data.parquet.image-column")
                    .hasMessageContaining("bytes");
            assertThatThrownBy(() -> ImageSources.open(data("data.source=parquet", "data.parquet.path=\"" + root + "\"",
                    "data.parquet.image-column=note"), FILES)).hasMessageContaining("string")
                    .hasMessageContaining("expected binary");
            assertThatThrownBy(() -> ImageSources.open(data("data.source=parquet", "data.parquet.path=\"" + root + "\"",
                    "data.parquet.image-column=bytes", "data.parquet.label-column=note"), FILES))
                    .hasMessageContaining("data.parquet.label-column").hasMessageContaining("integer");
        }
    }

    @Test
    void idxRecordsAreReadFromTheOffsetWithTheirLabels() throws IOException {
        byte[] images = IdxFiles.images(20, 28, 28);
        Path imageFile = IdxFiles.write(dir.resolve("i-idx3-ubyte.gz"), images, true);
        Path labelFile = IdxFiles.write(dir.resolve("l-idx1-ubyte"), IdxFiles.labels(20), false);
        ImageInputs inputs = ImageSources.open(data("data.idx.images=\"" + imageFile + "\"",
                "data.idx.labels=\"" + labelFile + "\"", "data.idx.offset=5", "data.idx.limit=10"), FILES);
        assertThat(inputs.size()).isEqualTo(10);
        assertThat(inputs.seekable()).as("gzipped").isFalse();
        Iterator<ImageRow> rows = inputs.range(2, 1).rows();
        ImageRow row = rows.next();
        assertThat(rows.hasNext()).isFalse();
        assertThat(row.pixels()).isEqualTo(java.util.Arrays.copyOfRange(images, 16 + 7 * 784, 16 + 8 * 784));
        assertThat(row.label()).isEqualTo(IdxFiles.labels(20)[8 + 7] & 0xff);
    }
}
