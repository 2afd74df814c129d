package io.sparkgan.spark;

import io.sparkgan.config.GanConfig;
import io.sparkgan.data.InvalidDataException;
import io.sparkgan.data.KnownTranslation;
import io.sparkgan.data.TrainingSet;
import io.sparkgan.data.UnpairedImages;
import io.sparkgan.source.TrainingSets;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

/**
 * CycleGAN's two image sets as one partitioned set: A (data) and B (cycle.b) are each loaded as P partitions by
 * their own source, and partition p's shard is {@link UnpairedImages} of A's partition p and B's partition p
 * (N_p = the smaller of the two), so every engine path (shard cache, global batch, averaging) stays the plain GAN's.
 */
final class CycleSource {
    private CycleSource() {
    }

    static PartitionedData load(JavaSparkContext sc, GanConfig config, int partitions) {
        PartitionedData a = TrainingSets.named("A (data)",
                () -> SparkSources.load(sc, config.data(), config.seed(), partitions));
        PartitionedData b = TrainingSets.named("B (cycle.b)",
                () -> SparkSources.load(sc, config.cycle().b(), config.seed(), partitions));
        if (a.size() == 0 || b.size() == 0) {
            throw new InvalidDataException("CycleGAN needs images in both sets, but set " + (a.size() == 0 ? "A ("
                    + config.data().source() + ")" : "B (" + config.cycle().b().source() + ")") + " is empty");
        }
        if (!java.util.Arrays.equals(a.sampleShape(), b.sampleShape())) {
            throw new InvalidDataException("image sets A and B must have one shape and channel count: A holds "
                    + shape(a.sampleShape()) + " images, B " + shape(b.sampleShape()));
        }
        int[] sizes = new int[a.partitions()];
        for (int p = 0; p < sizes.length; p++) {
            sizes[p] = Math.min(a.partitionSizes()[p], b.partitionSizes()[p]);
            if (sizes[p] == 0) {
                throw new InvalidDataException("partition " + p + " of " + sizes.length + " holds no images of set "
                        + (a.partitionSizes()[p] == 0 ? "A" : "B") + "; use fewer spark.partitions");
            }
        }
        JavaRDD<Object> rows = a.rows().zipPartitions(b.rows(), (Iterator<Object> ia, Iterator<Object> ib) ->
                List.<Object>of(new Pair(list(ia), list(ib))).iterator());
        return new PartitionedData(UUID.randomUUID().toString(), rows,
                new Shards(a.decoder(), b.decoder(), KnownTranslation.of(config.cycle().knownMap())), a.sampleShape(), sizes,
                a.skippedInputs() + b.skippedInputs(), null);
    }

    private static List<Object> list(Iterator<Object> rows) {
        List<Object> all = new ArrayList<>();
        rows.forEachRemaining(all::add);
        return all;
    }

    /** The rows of partition p of A and of B. */
    record Pair(List<Object> a, List<Object> b) implements Serializable {
    }

    /** Decodes a partition's Pair into the unpaired shard. */
    private record Shards(ShardDecoder a, ShardDecoder b, KnownTranslation map) implements ShardDecoder {
        @Override
        public TrainingSet shard(int partition, Iterator<Object> rows) {
            Pair pair = (Pair) rows.next();
            return new UnpairedImages(a.shard(partition, pair.a().iterator()), b.shard(partition, pair.b().iterator()),
                    map);
        }
    }

    private static String shape(long[] s) {
        return s.length == 3 ? s[0] + "x" + s[1] + "x" + s[2] : java.util.Arrays.toString(s);
    }
}
