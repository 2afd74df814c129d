package io.sparkgan.train;

import io.sparkgan.config.GanConfig;
import io.sparkgan.data.TrainingSet;

import java.util.SplittableRandom;

/**
 * Consecutive iterations of one epoch on one shard of the training set: the loop that the single-JVM
 * engine runs on the whole set and that every Spark partition runs on its own shard, round by round.
 * Iteration s of epoch e draws its noise from Seeds.derive(shardSeed, STEP, e, s) and its k real
 * minibatches from the epoch's permutation of the shard, so a range of iterations computes the same
 * thing whether it runs alone, after the preceding ones in the same JVM, or as a retried Spark task.
 */
public final class ShardTrainer {
    private final int batchSize;
    private final IterationStep step;

    /** Told of each iteration's figures (unread); returns false to stop the range early (a cancelled task). */
    @FunctionalInterface
    public interface StepListener {
        boolean accept(int iteration, DeviceStepFigures figures);
    }

    /** @param batchSize rows of this shard's minibatches: its share of the global batch, {@link GlobalBatch#rows} */
    public ShardTrainer(GanConfig config, int batchSize) {
        this(config, batchSize, 0);
    }

    /** @param classes K of the data set (0 when unlabelled), for a conditional model */
    public ShardTrainer(GanConfig config, int batchSize, int classes) {
        this.batchSize = batchSize;
        this.step = config.cycle().enabled() ? new CycleStep(config) : new TrainingStep(config, batchSize, classes);
    }

    /** Runs iterations [first, first + count) of {@code epoch} on {@code shard}; returns how many ran. */
    public int run(GanState state, TrainingSet shard, long shardSeed, int epoch, EpochSettings settings,
                   int first, int count, StepListener listener) {
        BatchOrder order = new BatchOrder(shard.size(), batchSize, shardSeed, epoch).skip(first * settings.dSteps());
        for (int s = first; s < first + count; s++) {
            SplittableRandom random = new SplittableRandom(Seeds.derive(shardSeed, Seeds.STEP, epoch, s));
            DeviceStepFigures r = step.iterate(state, () -> shard.minibatch(order.nextBatch()), settings, random);
            if (!listener.accept(s, r)) {
                return s - first + 1;
            }
        }
        return count;
    }
}
