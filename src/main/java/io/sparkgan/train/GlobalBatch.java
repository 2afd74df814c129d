package io.sparkgan.train;

import java.io.Serializable;

/**
 * train.batch-size as the global minibatch B of one averaged step, split over P shards: shard p computes on
 * B / P rows, and the first B mod P shards on one row more, so the rows of one step add up to B for any P.
 * An epoch then holds about N / (k B) iterations whatever P is, and the schedule means the same on one JVM
 * and on 200 executors. The driver weights each shard's state by its rows (rows(p) / B) when it averages.
 *
 * @param size       B, real rows of one D step (and fakes of one G step) over all shards
 * @param partitions P, the shards that share it (1 for the single-JVM engine)
 */
public record GlobalBatch(int size, int partitions) implements Serializable {
    public GlobalBatch {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions = " + partitions + "; need at least 1");
        }
        if (size < partitions) {
            throw new IllegalArgumentException("train.batch-size (" + size + ") is smaller than the number of data "
                    + "partitions P (" + partitions + "): it is the global minibatch, split over the partitions, and "
                    + "each partition needs at least one row per step; raise train.batch-size to at least "
                    + partitions + " or lower spark.partitions");
        }
    }

    /** Rows shard {@code partition} computes on per step: floor(B / P), plus one for the first B mod P shards. */
    public int rows(int partition) {
        return size / partitions + (partition < size % partitions ? 1 : 0);
    }

    /**
     * Iterations one epoch holds: the fewest any shard can serve, each iteration taking k minibatches of its
     * rows; at least 1, or an error naming the shard, its size and what one iteration needs.
     */
    public int iterationsPerEpoch(int[] shardSizes, int dSteps) {
        if (shardSizes.length != partitions) {
            throw new IllegalArgumentException(shardSizes.length + " shard sizes for " + partitions + " partitions");
        }
        int fewest = Integer.MAX_VALUE;
        for (int p = 0; p < partitions; p++) {
            int iterations = shardSizes[p] / rows(p) / dSteps;
            if (iterations < 1) {
                throw new IllegalArgumentException((partitions == 1 ? "the data set" : "partition " + p + " of "
                        + partitions) + " holds " + shardSizes[p] + " samples, fewer than one iteration needs: "
                        + "train.d-steps (" + dSteps + ") x " + rows(p) + " rows (train.batch-size " + size
                        + (partitions == 1 ? "" : " over " + partitions + " partitions") + ")");
            }
            fewest = Math.min(fewest, iterations);
        }
        return fewest;
    }
}
