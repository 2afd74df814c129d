package io.sparkgan.run;

import io.sparkgan.train.EpochSettings;
import io.sparkgan.train.GanState;
import io.sparkgan.train.IntervalStats;

/**
 * How an engine runs one round: iterations [first, first + count) of an epoch on every shard of the data,
 * leaving the combined state in the driver's GanState. The single-JVM engine has one shard and nothing to
 * combine; the Spark engine averages its partitions. {@link TrainingLoop} drives both.
 */
public interface RoundRunner {
    /** Iterations (per shard) one epoch holds under these settings; 1 for a dry run. */
    int iterations(EpochSettings settings, boolean dryRun);

    /** Real samples one iteration consumes over all shards: k * B * shards. */
    long samplesPerIteration(EpochSettings settings);

    /**
     * Runs the round; throws DivergenceException naming the iteration and network when a loss becomes
     * non-finite. Returns the figures of every iteration it ran.
     */
    IntervalStats round(GanState state, EpochSettings settings, int epoch, int round, int rounds, int first, int count);

    /** What the rounds since the last call cost (averaging engines; {@link RoundCost#NONE} for one JVM). */
    default RoundCost takeCost() {
        return RoundCost.NONE;
    }
}
