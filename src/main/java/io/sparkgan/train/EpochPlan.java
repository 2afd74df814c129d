package io.sparkgan.train;

import io.sparkgan.config.TrainConfig;

/** How many iterations an epoch has: one pass over the shards at the global batch, capped by max-steps-per-epoch. */
public final class EpochPlan {
    private EpochPlan() {
    }

    /**
     * @param shardSizes real samples per shard (one entry, the whole set, for the single-JVM engine; one per
     *                   partition for Spark): every shard runs the same iterations, as many as the fewest allows
     */
    public static int iterations(int[] shardSizes, GlobalBatch batch, TrainConfig train, int dSteps, boolean dryRun) {
        int steps = batch.iterationsPerEpoch(shardSizes, dSteps);
        if (train.maxStepsPerEpoch() > 0) {
            steps = Math.min(steps, train.maxStepsPerEpoch());
        }
        return dryRun ? 1 : steps;
    }
}
