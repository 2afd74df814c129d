package io.sparkgan.train;

import io.sparkgan.config.TrainConfig;

/** How many iterations an epoch has: one pass over the (smallest) shard, capped by max-steps-per-epoch. */
public final class EpochPlan {
    private EpochPlan() {
    }

    /**
     * @param shardSize real samples in the shard (the whole set for the single-JVM engine, the smallest
     *                  partition for Spark, so that every partition runs the same iterations)
     */
    public static int iterations(int shardSize, TrainConfig train, int dSteps, boolean dryRun) {
        int steps = ShardTrainer.iterationsPerEpoch(shardSize, train.batchSize(), dSteps);
        if (steps < 1) {
            throw new IllegalArgumentException("a shard of the data set holds " + shardSize + " samples, fewer than "
                    + "one iteration needs: train.d-steps (" + dSteps + ") x train.batch-size (" + train.batchSize()
                    + ")");
        }
        if (train.maxStepsPerEpoch() > 0) {
            steps = Math.min(steps, train.maxStepsPerEpoch());
        }
        return dryRun ? 1 : steps;
    }
}
