package io.sparkgan.spark;

import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.GanConfig;
import io.sparkgan.platform.SparkContexts;
import io.sparkgan.source.IdxFiles;
import io.sparkgan.source.ImageRow;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** IDX files on Spark: plain and gzipped give the same partitions, and a gzipped file is gunzipped once. */
class IdxSourceTest {
    private static final int N = 500;
    private static final int P = 8;
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
