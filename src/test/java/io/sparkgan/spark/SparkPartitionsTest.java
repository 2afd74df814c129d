package io.sparkgan.spark;

import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.DataConfig;
import io.sparkgan.config.GanConfig;
import io.sparkgan.data.ImageSet;
import io.sparkgan.eval.SyntheticImages;
import io.sparkgan.platform.SparkContexts;
import io.sparkgan.source.IdxFiles;
import io.sparkgan.source.ImageRow;
import io.sparkgan.source.TrainingData;
import io.sparkgan.source.TrainingSets;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One data path: for every image source, the Spark engine's P partitions hold exactly the rows the local engine
 * reads, cut into contiguous ranges in the same order, with the same labels and classes.
 */
class SparkPartitionsTest {
    private static final int P = 3;
    private static SparkContexts.Handle spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = SparkContexts.open(ConfigLoader.load(Path.of("conf/ring8.conf"), List.of("spark.master=\"local[2]\"")));
    }

    @AfterAll
    static void stop() {
        spark.close();
    }

    private static DataConfig data(String... overrides) {
        List<String> all = new ArrayList<>(List.of("data.image.convert=true", "data.idx.labels=\"\""));
        all.addAll(List.of(overrides));
        return ConfigLoader.load(Path.of("conf/fashion-dcgan28.conf"), all).data();
    }

    /** The Spark partitions of the source and the local engine's set agree row for row. */
    private static void assertSameRows(DataConfig data, int expectedImages) {
        TrainingData local = TrainingSets.open(data, 7);
        ImageSet set = (ImageSet) local.set();
        assertThat(set.size()).isEqualTo(expectedImages);
        PartitionedData partitioned = SparkSources.load(spark.context(), data, 7, P);
        try {
            assertThat(partitioned.classes()).isEqualTo(local.classes());
            assertThat(partitioned.sampleShape()).isEqualTo(set.sampleShape());
            int[] all = {0, 1, 2};
            int row = 0;
            int per = (int) (set.sampleShape()[0] * set.sampleShape()[1] * set.sampleShape()[2]);
            byte[] pixels = SyntheticImages.pixels(set);
            int[] labels = set.labels().orElse(null);
            List<Object>[] parts = partitioned.rows().collectPartitions(all);
            for (int p = 0; p < P; p++) {
                for (Object o : parts[p]) {
                    ImageRow r = (ImageRow) o;
                    if (!r.ok()) {
                        continue;
                    }
                    assertThat(r.pixels()).as("row %d in partition %d", row, p)
                            .isEqualTo(java.util.Arrays.copyOfRange(pixels, row * per, (row + 1) * per));
                    if (labels != null) {
                        assertThat(r.label()).isEqualTo(labels[row]);
                    }
                    row++;
                }
            }
            assertThat(row).isEqualTo(set.size());
        } finally {
            partitioned.rows().unpersist(true);
        }
    }

    @Test
    void anImageFolderIsReadTheSameByBothEngines() throws IOException {
        Path root = dir.resolve("folder");
        for (int i = 0; i < 11; i++) {
            Path file = root.resolve(i % 3 == 0 ? "cat" : "dog").resolve(String.format("%02d.png", i));
            Files.createDirectories(file.getParent());
            Files.write(file, SyntheticImages.png(32, i + 1));
        }
        Files.write(root.resolve("dog").resolve("broken.png"), new byte[]{1, 2, 3});
        assertSameRows(data("data.source=folder", "data.folder.path=\"" + root + "\"", "data.max-bad-fraction=0.2"), 11);
    }

    @Test
    void parquetWrittenBySparkIsReadTheSameByBothEngines() {
        Path parquet = dir.resolve("images.parquet");
        SparkSession session = SparkSession.builder().sparkContext(spark.context().sc()).getOrCreate();
        StructType schema = new StructType().add("image", DataTypes.BinaryType).add("label", DataTypes.IntegerType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            rows.add(RowFactory.create(SyntheticImages.png(28, i + 1), i % 4));
        }
        Dataset<Row> frame = session.createDataFrame(rows, schema);
        frame.repartition(2).write().parquet(parquet.toString());
        assertSameRows(data("data.source=parquet", "data.parquet.path=\"" + parquet + "\"",
                "data.parquet.label-column=label"), 13);
    }

    @Test
    void idxFilesPlainAndGzippedAreReadTheSameByBothEngines() throws IOException {
        Path labels = IdxFiles.write(dir.resolve("l-idx1-ubyte"), IdxFiles.labels(40), false);
        for (boolean gzip : new boolean[]{false, true}) {
            Path images = IdxFiles.write(dir.resolve("i-idx3-ubyte" + (gzip ? ".gz" : "")), IdxFiles.images(40, 28, 28),
                    gzip);
            assertSameRows(data("data.idx.images=\"" + images + "\"", "data.idx.labels=\"" + labels + "\"",
                    "data.idx.offset=3", "data.idx.limit=30"), 30);
        }
    }

    /** IDX files on Spark: plain and gzipped give the same partitions, and a gzipped file is gunzipped once. */
    @Nested
    class AnIdxFileOnEightPartitions {
        private static final int N = 500;
        private static final int P = 8;   // shadows the outer P

        private static GanConfig config(Path images) {
            return ConfigLoader.load(Path.of("conf/fashion-dcgan28.conf"), List.of("data.idx.images=\"" + images + "\"",
                    "data.idx.labels=\"\"", "evaluation.every-epochs=0"));
        }

        /** Each partition's images, in order. */
        private static List<List<byte[]>> partitions(Path images) {
            PartitionedData data = SparkSources.load(spark.context(), config(images), P);
            try {
                int[] all = new int[P];
                for (int p = 0; p < P; p++) {
                    all[p] = p;
                }
                List<List<byte[]>> out = new ArrayList<>();
                for (List<Object> rows : data.rows().collectPartitions(all)) {
                    List<byte[]> pixels = new ArrayList<>();
                    rows.forEach(r -> pixels.add(((ImageRow) r).pixels()));
                    out.add(pixels);
                }
                assertThat(data.partitionSizes()).containsExactly(63, 63, 63, 63, 62, 62, 62, 62);
                return out;
            } finally {
                data.rows().unpersist(true);
            }
        }

        private static long localBytesRead() {
            return FileSystem.getAllStatistics().stream().filter(s -> s.getScheme().equals("file"))
                    .mapToLong(FileSystem.Statistics::getBytesRead).sum();
        }

        @Test
        void plainAndGzippedFilesGiveTheRecordsInOrderInContiguousRanges() throws IOException {
            byte[] idx = IdxFiles.images(N, 28, 28);
            Path plain = IdxFiles.write(dir.resolve("plain-idx3-ubyte"), idx, false);
            Path gz = IdxFiles.write(dir.resolve("gz-idx3-ubyte.gz"), idx, true);
            List<List<byte[]>> fromPlain = partitions(plain);
            List<List<byte[]>> fromGz = partitions(gz);
            int record = 0;
            for (int p = 0; p < P; p++) {
                assertThat(fromGz.get(p)).hasSameSizeAs(fromPlain.get(p));
                for (int i = 0; i < fromPlain.get(p).size(); i++, record++) {
                    byte[] expected = Arrays.copyOfRange(idx, 16 + record * 784, 16 + (record + 1) * 784);
                    assertThat(fromPlain.get(p).get(i)).as("plain record " + record).isEqualTo(expected);
                    assertThat(fromGz.get(p).get(i)).as("gzipped record " + record).isEqualTo(expected);
                }
            }
            assertThat(record).isEqualTo(N);
        }

        @Test
        void aGzippedFileIsReadOnceByTheExecutorsNotOncePerPartition() throws IOException {
            Path gz = IdxFiles.write(dir.resolve("big-idx3-ubyte.gz"), IdxFiles.images(4000, 28, 28), true);
            long size = Files.size(gz);
            long before = localBytesRead();
            partitions4000(gz);
            long read = localBytesRead() - before;
            // the driver's check streams it once, its gzip probe reads one buffer (the whole of this small file), one
            // task gunzips it once more; gunzipping in every partition would read it P = 8 times more
            assertThat(read).as("bytes read of a %d-byte file", size).isLessThanOrEqualTo(3 * size);
        }

        private static void partitions4000(Path images) {
            PartitionedData data = SparkSources.load(spark.context(), config(images), P);
            try {
                assertThat(data.rows().count()).isEqualTo(4000);
            } finally {
                data.rows().unpersist(true);
            }
        }
    }
}
