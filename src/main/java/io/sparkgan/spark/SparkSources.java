package io.sparkgan.spark;

import io.sparkgan.config.DataConfig;
import io.sparkgan.config.GanConfig;
import io.sparkgan.source.ImageInputs;
import io.sparkgan.source.ImageSources;
import io.sparkgan.source.SourceFiles;
import io.sparkgan.source.TrainingSets;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

/**
 * Builds the configured training set as Spark partitions from the same {@link ImageInputs} the local engine reads:
 * the driver opens the source (headers, listing, footers: never the images), cuts its N inputs into P contiguous
 * ranges ({@link ContiguousRanges}), and partition p's task reads and decodes range p. So partitions and their order
 * are the same on every run, and a retried task reads the same inputs. Rows are kept as uint8 and persisted on disk
 * (the shard in the executor's cache is the one in-memory copy).
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
        if (data.isPoints()) {
            return points(sc, data, seed, partitions, id);
        }
        if (!ImageSources.reads(data)) {
            throw new IllegalArgumentException("data.source = " + data.source() + " is the source of the Spark "
                    + "ML API (io.sparkgan.ml.GanEstimator.fit); jobs read idx, folder or parquet");
        }
        ImageInputs inputs = ImageSources.open(data, new SourceFiles(sc.hadoopConfiguration()));
        int p = (int) Math.min(partitions, inputs.size());
        JavaRDD<Object> rows = inputs.seekable() ? rangePerPartition(sc, inputs, p) : readOnce(sc, inputs, p);
        return EncodedImages.finish(rows, data, id, inputs.where(), ImageSources.sampleShape(data, inputs),
                inputs.notInputs(), inputs.classNames());
    }

    /** Partition p reads inputs [start_p, start_p + size_p) itself. */
    private static JavaRDD<Object> rangePerPartition(JavaSparkContext sc, ImageInputs inputs, int p) {
        int[] sizes = ContiguousRanges.split((int) inputs.size(), p);
        List<ImageInputs> ranges = new ArrayList<>();
        long start = 0;
        for (int s : sizes) {
            ranges.add(inputs.range(start, s));
            start += s;
        }
        return sc.parallelize(ranges, p).mapPartitions((Iterator<ImageInputs> it) -> rowsOf(it.next()), true);
    }

    /** One task reads the whole source once (a gzipped file); input i goes to its partition of P in order. */
    private static JavaRDD<Object> readOnce(JavaSparkContext sc, ImageInputs inputs, int p) {
        return sc.parallelize(List.of(inputs), 1)
                .flatMapToPair(whole -> {
                    Iterator<Object> rows = rowsOf(whole);
                    return new Iterator<Tuple2<Long, Object>>() {
                        private long index;

                        @Override
                        public boolean hasNext() {
                            return rows.hasNext();
                        }

                        @Override
                        public Tuple2<Long, Object> next() {
                            return new Tuple2<>(index++, rows.next());
                        }
                    };
                })
                .repartitionAndSortWithinPartitions(new ContiguousRanges(inputs.size(), p))
                .values();
    }

    /** The rows as the engine's untyped RDD elements. */
    private static Iterator<Object> rowsOf(ImageInputs inputs) {
        Iterator<? extends Object> rows = inputs.rows();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Object next() {
                return rows.next();
            }
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
