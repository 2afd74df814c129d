package io.sparkgan.spark;

import io.sparkgan.config.DataConfig;
import io.sparkgan.config.GanConfig;
import io.sparkgan.data.TrainingSets;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

import java.util.ArrayList;
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
        return config.cycle().enabled() ? CycleSource.load(sc, config, partitions)
                : load(sc, config.data(), config.seed(), partitions);
    }

    /** One source (data, or CycleGAN's cycle.b) as P partitions. */
    static PartitionedData load(JavaSparkContext sc, DataConfig data, long seed, int partitions) {
        String id = UUID.randomUUID().toString();
        return switch (data.source()) {
            case "ring8", "grid25", "dirac" -> points(sc, data, seed, partitions, id);
            case "idx" -> IdxSource.load(sc, data, partitions, id);
            case "folder" -> ImageFolderSource.load(sc, data, partitions, id);
            case "parquet" -> ParquetSource.load(sc, data, partitions, id);
            case "dataframe" -> throw new IllegalArgumentException("data.source = dataframe is the source of the Spark "
                    + "ML API (io.sparkgan.ml.GanEstimator.fit); jobs read idx, folder or parquet");
            default -> throw new IllegalArgumentException("unknown data.source " + data.source());
        };
    }

    /** P rows, one per partition: its shard size; the points are drawn on the executors. */
    private static PartitionedData points(JavaSparkContext sc, DataConfig data, long seed, int partitions, String id) {
        int[] sizes = ContiguousRanges.split(data.size(), partitions);
        List<Object> rows = new ArrayList<>();
        for (int s : sizes) {
            rows.add(s);
        }
        JavaRDD<Object> rdd = sc.parallelize(rows, partitions);
        return new PartitionedData(id, rdd, new PointShards(data.source(), seed),
                TrainingSets.pointShape(data.source()), sizes, 0, null);
    }
}
