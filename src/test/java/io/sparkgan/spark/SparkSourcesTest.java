package io.sparkgan.spark;

import io.sparkgan.cli.TrainJob;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Training from a partitioned PNG tree and from Parquet that the test writes, on local[2]. */
class SparkSourcesTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private static byte[] png(int seed) {
        return io.sparkgan.eval.SyntheticImages.png(32, seed);
    }

    private int train(Path run, String... overrides) {
        List<String> all = new ArrayList<>(List.of("engine=spark", "spark.master=\"local[2]\"", "train.batch-size=8",
                "train.epochs=1", "train.max-steps-per-epoch=2", "model.dcgan.base-width=8", "output.sample-grid=2",
                "data.idx.images=\"\"", "data.idx.labels=\"\"", "evaluation.every-epochs=0", "data.image.convert=true"));
        all.addAll(List.of(overrides));
        err.reset();
        return TrainJob.run(Path.of("conf/fashion-dcgan28.conf"), all, run, false,
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
    }

    /** root/part=P/CLASS/i.png, 40 images in two Hive-style partitions, plus a text file and a broken PNG. */
    private Path imageTree() throws IOException {
        Path root = dir.resolve("images");
        for (int i = 0; i < 40; i++) {
            Path folder = root.resolve("part=" + (i % 2)).resolve(i % 4 < 2 ? "shirt" : "shoe");
            Files.createDirectories(folder);
            Files.write(folder.resolve(i + ".png"), png(i + 1));
        }
        Files.writeString(root.resolve("README.txt"), "not an image");
        Files.write(root.resolve("part=1").resolve("shoe").resolve("broken.png"), new byte[]{(byte) 0x89, 'P', 'N', 'G'});
        return root;
    }

    @Test
    void trainsFromAPartitionedPngTreeSkippingWhatItMayAndNamingTheBrokenFile() throws IOException {
        Path root = imageTree();
        Path refused = dir.resolve("refused");
        assertEquals(1, train(refused, "data.source=folder", "data.folder.path=\"" + root + "\""));
        assertThat(err.toString()).contains("broken.png", "data.max-bad-fraction");

        Path run = dir.resolve("folder-run");
        assertEquals(0, train(run, "data.source=folder", "data.folder.path=\"" + root + "\"",
                "data.max-bad-fraction=0.1"), () -> err.toString());
        assertThat(run.resolve("samples/epoch-0000.png")).exists();
        assertThat(run.resolve("generator.zip")).exists();

        // conditional: the class folders are the classes, in sorted order
        Path conditional = dir.resolve("folder-conditional");
        assertEquals(0, train(conditional, "data.source=folder", "data.folder.path=\"" + root + "\"",
                "data.max-bad-fraction=0.1", "model.conditional.enabled=true"), () -> err.toString());
        assertThat(io.sparkgan.data.ClassList.read(conditional.resolve("classes.json")).names())
                .containsExactly("shirt", "shoe");
        assertThat(io.sparkgan.io.ModelStore.classes(io.sparkgan.platform.Location.local(conditional.resolve("generator.zip"))).orElseThrow().names())
                .containsExactly("shirt", "shoe");
    }

    @Test
    void trainsFromParquetWrittenByTheTest() throws IOException {
        Path parquet = dir.resolve("images.parquet");
        SparkSession spark = SparkSession.builder().master("local[2]").appName("write-parquet").getOrCreate();
        try {
            StructType schema = new StructType().add("bytes", DataTypes.BinaryType).add("label", DataTypes.IntegerType);
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                rows.add(RowFactory.create(png(i + 1), i % 10));
            }
            Dataset<Row> frame = spark.createDataFrame(rows, schema);
            frame.repartition(3).write().parquet(parquet.toString());
        } finally {
            spark.stop();
        }
        Path wrongColumn = dir.resolve("wrong-column");
        assertEquals(1, train(wrongColumn, "data.source=parquet", "data.parquet.path=\"" + parquet + "\""));
        assertThat(err.toString()).contains("'image'", "data.parquet.image-column", "bytes");

        Path run = dir.resolve("parquet-run");
        assertEquals(0, train(run, "data.source=parquet", "data.parquet.path=\"" + parquet + "\"",
                "data.parquet.image-column=bytes", "data.parquet.label-column=label"), () -> err.toString());
        assertThat(run.resolve("samples/epoch-0000.png")).exists();

        // conditional: the label column's values 0 .. 9 are the classes, named by data.class-names when given
        Path conditional = dir.resolve("parquet-conditional");
        assertEquals(0, train(conditional, "data.source=parquet", "data.parquet.path=\"" + parquet + "\"",
                "data.parquet.image-column=bytes", "data.parquet.label-column=label", "model.conditional.enabled=true",
                "model.conditional.discriminator=concatenation"), () -> err.toString());
        assertThat(io.sparkgan.data.ClassList.read(conditional.resolve("classes.json")).names())
                .containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    }
}
