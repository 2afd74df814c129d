package io.sparkgan.spark;

import io.sparkgan.config.DataConfig;
import io.sparkgan.config.GanConfig;
import io.sparkgan.data.IdxStreams;
import io.sparkgan.data.InvalidDataException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

/**
 * Builds the configured training set as Spark partitions. Rows are decoded on the executors, kept as
 * uint8 and persisted serialised in memory and on disk; the driver reads only headers, file listings and
 * counts.
 */
public final class SparkSources {
    private SparkSources() {
    }

    public static PartitionedData load(JavaSparkContext sc, GanConfig config, int partitions) {
        DataConfig data = config.data();
        String id = UUID.randomUUID().toString();
        return switch (data.source()) {
            case "ring8", "grid25" -> mixture(sc, data, config.seed(), partitions, id);
            case "idx" -> idx(sc, data, partitions, id);
            case "folder" -> ImageFolderSource.load(sc, data, partitions, id);
            case "parquet" -> ParquetSource.load(sc, data, partitions, id);
            default -> throw new IllegalArgumentException("unknown data.source " + data.source());
        };
    }

    /** P rows, one per partition: its shard size; the points are drawn on the executors. */
    private static PartitionedData mixture(JavaSparkContext sc, DataConfig data, long seed, int partitions, String id) {
        int[] sizes = split(data.size(), partitions);
        List<Object> rows = new ArrayList<>();
        for (int s : sizes) {
            rows.add(s);
        }
        JavaRDD<Object> rdd = sc.parallelize(rows, partitions);
        return new PartitionedData(id, rdd, new MixtureShards(data.source(), seed), new long[]{2}, sizes, 0);
    }

    /** The driver streams the files once to check them; each partition reads its own range of records. */
    private static PartitionedData idx(JavaSparkContext sc, DataConfig data, int partitions, String id) {
        HadoopFiles files = new HadoopFiles(sc.hadoopConfiguration());
        IdxStreams.Header images = checked(files, data.idxImages(), "IDX images file");
        if (images.dims().length != 3) {
            throw new InvalidDataException("IDX images file " + data.idxImages() + " has " + images.dims().length
                    + " dimensions; expected 3 (N x rows x cols)");
        }
        if (!data.idxLabels().isBlank()) {
            IdxStreams.Header labels = checked(files, data.idxLabels(), "IDX labels file");
            if (labels.dims().length != 1) {
                throw new InvalidDataException("IDX labels file " + data.idxLabels() + " has dimensions "
                        + java.util.Arrays.toString(labels.dims()) + "; expected 1 (one label per image)");
            }
            if (labels.dims()[0] != images.dims()[0]) {
                throw new InvalidDataException("IDX labels file " + data.idxLabels() + " holds " + labels.dims()[0]
                        + " labels but images file " + data.idxImages() + " holds " + images.dims()[0] + " images");
            }
        }
        int n = data.limit() > 0 ? Math.min(data.limit(), images.dims()[0]) : images.dims()[0];
        if (n == 0) {
            throw new InvalidDataException("data set " + data.idxImages() + " is empty");
        }
        int[] sizes = split(n, partitions);
        List<long[]> ranges = new ArrayList<>();
        long start = 0;
        for (int s : sizes) {
            ranges.add(new long[]{start, s});
            start += s;
        }
        String path = data.idxImages();
        JavaRDD<Object> rows = sc.parallelize(ranges, partitions).mapPartitions((Iterator<long[]> it) -> {
            List<Object> out = new ArrayList<>();
            while (it.hasNext()) {
                long[] range = it.next();
                try (InputStream in = files.open(path, "IDX images file")) {
                    IdxStreams.Header h = IdxStreams.header(in, path);
                    byte[] block = IdxStreams.records(in, h, range[0], (int) range[1], path);
                    int per = h.recordBytes();
                    for (int i = 0; i < range[1]; i++) {
                        out.add(ImageRow.of(java.util.Arrays.copyOfRange(block, i * per, (i + 1) * per), -1));
                    }
                }
            }
            return out.iterator();
        }, true).persist(StorageLevel.MEMORY_AND_DISK_SER());
        return new PartitionedData(id, rows, new ImageShards(1, images.dims()[1], images.dims()[2]),
                new long[]{1, images.dims()[1], images.dims()[2]}, sizes, 0);
    }

    private static IdxStreams.Header checked(HadoopFiles files, String path, String what) {
        try (InputStream in = files.open(path, what)) {
            return IdxStreams.check(in, path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + what + " " + path + ": " + e.getMessage(), e);
        }
    }

    /** n items into p nearly equal parts, the first n mod p one larger. */
    static int[] split(int n, int p) {
        int[] sizes = new int[p];
        for (int i = 0; i < p; i++) {
            sizes[i] = n / p + (i < n % p ? 1 : 0);
        }
        return sizes;
    }
}
