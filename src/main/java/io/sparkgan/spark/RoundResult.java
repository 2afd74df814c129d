package io.sparkgan.spark;

import io.sparkgan.train.IntervalStats;

import java.io.Serializable;

/**
 * What one partition returns from a round: its state after the round's iterations, the sums of its step
 * figures, and, when a loss turned non-finite, where. A plain class for Spark's Kryo.
 */
public final class RoundResult implements Serializable {
    private static final long serialVersionUID = 1L;
    private int partition;
    private GanSnapshot state;
    private IntervalStats stats;
    private String divergence;

    private RoundResult() {
    }

    RoundResult(int partition, GanSnapshot state, IntervalStats stats, String divergence) {
        this.partition = partition;
        this.state = state;
        this.stats = stats;
        this.divergence = divergence;
    }

    int partition() {
        return partition;
    }

    GanSnapshot state() {
        return state;
    }

    IntervalStats stats() {
        return stats;
    }

    /** Null unless a loss became NaN or infinite in this partition. */
    String divergence() {
        return divergence;
    }

    /** Drops the snapshot once averaged, so that a logging interval keeps only the figures. */
    void releaseState() {
        this.state = null;
    }
}
