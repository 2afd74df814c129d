package io.sparkgan.spark;

import io.sparkgan.train.IntervalStats;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The weighted sum of the states of a contiguous run of partitions [first, last] after one round, the
 * unit of the averaging tree ({@link TreeAverage}). Partition p with r_p rows per step (its share of the
 * global batch) contributes r_p * theta_p for every array of its snapshot (parameters, batch-norm
 * statistics, Adam's m and v, the EMA); the mean is sum_p r_p theta_p / sum_p r_p.
 * <p>
 * A partition's own term travels as its float state and its row count (no larger than the state the old
 * collect of every state moved); sums of several partitions are double: a float times a row count below 2^29
 * is exact in double, so one partition's mean is bit-identical to its state, and sums are always taken in
 * partition order ({@link #combine}), so the result depends on P and the tree's fan-in but never on which
 * task finished first.
 * CycleGAN's history pools are not averaged but merged: each partition's term keeps only the slots it owns
 * (slot i belongs to partition i mod P, {@link io.sparkgan.train.HistoryPool#keepOwnedSlots}), and the sum of the
 * terms, undivided, is the pool of the round.
 * Also carried: the step figures of the iterations run, and the first divergence in partition order.
 * A plain class for Spark's Kryo (4.x cannot build records).
 */
public final class WeightedStateSum implements Serializable {
    private static final long serialVersionUID = 1L;
    private int first;
    private int last;
    private long rows;
    /** One partition's state (theta_p, unweighted), or null for a sum of several. */
    private float[][] state;
    /** sum_p r_p theta_p over the range, or null for one partition's term. */
    private double[][] sums;
    private long generatorSteps;
    private long discriminatorSteps;
    private IntervalStats stats;
    private String divergence;
    /** The longest task compute time of the range's partitions, seconds (its iterations, not the state copies). */
    private double computeSeconds;
    /** The sum of the range's task compute times, seconds. */
    private double totalComputeSeconds;

    private WeightedStateSum() {
    }

    /**
     * One partition's term: rows * theta for each array of {@code state}.
     *
     * @param divergence null, or where a loss of this partition became NaN or infinite
     */
    static WeightedStateSum of(int partition, int rows, GanSnapshot state, IntervalStats stats, String divergence) {
        return of(partition, 1, 1, rows, state, stats, divergence);
    }

    /**
     * @param partitions    P, for the ownership of pool slots
     * @param poolSlot      floats of one pool slot (1 when there are no pools)
     */
    static WeightedStateSum of(int partition, int partitions, int poolSlot, int rows, GanSnapshot state, IntervalStats stats,
                       String divergence) {
        WeightedStateSum s = new WeightedStateSum();
        s.first = partition;
        s.last = partition;
        s.rows = rows;
        s.state = new float[GanSnapshot.NAMES.length][];
        for (int i = 0; i < s.state.length; i++) {
            s.state[i] = state.array(i);
        }
        if (s.state[GanSnapshot.POOLS] != null && partitions > 1) {
            s.state[GanSnapshot.POOLS] = s.state[GanSnapshot.POOLS].clone();
            io.sparkgan.train.HistoryPool.keepOwnedSlots(s.state[GanSnapshot.POOLS], poolSlot, partition, partitions);
        }
        s.generatorSteps = state.generatorSteps();
        s.discriminatorSteps = state.discriminatorSteps();
        s.stats = stats;
        s.divergence = divergence;
        return s;
    }

    /**
     * The sum of adjacent parts, added in partition order whatever order they come in (a shuffle's, or
     * task completion's). The parts must cover a contiguous range of partitions without overlap.
     */
    static WeightedStateSum combine(Iterable<WeightedStateSum> parts) {
        List<WeightedStateSum> ordered = new ArrayList<>();
        parts.forEach(ordered::add);
        if (ordered.isEmpty()) {
            throw new IllegalArgumentException("nothing to combine");
        }
        ordered.sort(Comparator.comparingInt(p -> p.first));
        WeightedStateSum head = ordered.get(0);
        WeightedStateSum s = new WeightedStateSum();
        s.first = head.first;
        s.last = head.first - 1;
        s.sums = new double[GanSnapshot.NAMES.length][];
        for (int i = 0; i < s.sums.length; i++) {
            int length = head.length(i);
            s.sums[i] = length < 0 ? null : new double[length];
        }
        s.generatorSteps = head.generatorSteps;
        s.discriminatorSteps = head.discriminatorSteps;
        s.stats = new IntervalStats();
        for (WeightedStateSum p : ordered) {
            if (p.first != s.last + 1) {
                throw new IllegalStateException("partial sums not adjacent: partitions " + s.first + "-" + s.last
                        + " and then " + p.first + "-" + p.last);
            }
            s.last = p.last;
            s.rows += p.rows;
            for (int i = 0; i < s.sums.length; i++) {
                if (s.sums[i] == null) {
                    continue;
                }
                double[] into = s.sums[i];
                if (p.state != null) {
                    float[] theta = p.state[i];
                    double weight = i == GanSnapshot.POOLS ? 1 : p.rows;   // a pool slot comes from one partition
                    for (int j = 0; j < into.length; j++) {
                        into[j] += weight * theta[j];
                    }
                } else {
                    double[] from = p.sums[i];
                    for (int j = 0; j < into.length; j++) {
                        into[j] += from[j];
                    }
                }
            }
            s.stats.addAll(p.stats);
            s.computeSeconds = Math.max(s.computeSeconds, p.computeSeconds);
            s.totalComputeSeconds += p.totalComputeSeconds;
            if (s.divergence == null) {
                s.divergence = p.divergence;
            }
        }
        return s;
    }

    /** Length of array i (-1 when absent, the EMA when off). */
    private int length(int i) {
        if (state != null) {
            return state[i] == null ? -1 : state[i].length;
        }
        return sums[i] == null ? -1 : sums[i].length;
    }

    /** The weighted mean, sum_p r_p theta_p / sum_p r_p, as a snapshot with the round's counters. */
    GanSnapshot mean() {
        if (state != null) {
            return combine(java.util.List.of(this)).mean();
        }
        float[][] arrays = new float[sums.length][];
        for (int i = 0; i < sums.length; i++) {
            if (sums[i] == null) {
                continue;
            }
            float[] out = new float[sums[i].length];
            double divisor = i == GanSnapshot.POOLS ? 1 : rows;
            for (int j = 0; j < out.length; j++) {
                out[j] = (float) (sums[i][j] / divisor);
            }
            arrays[i] = out;
        }
        return new GanSnapshot(arrays, generatorSteps, discriminatorSteps);
    }

    /** First partition of the range. */
    int first() {
        return first;
    }

    /** Last partition of the range. */
    int last() {
        return last;
    }

    /** Rows per step over the range (B when it covers every partition). */
    long rows() {
        return rows;
    }

    /** The slowest partition's time in its iterations this round, seconds. */
    double computeSeconds() {
        return computeSeconds;
    }

    /** The sum of the partitions' times in their iterations this round, seconds. */
    double totalComputeSeconds() {
        return totalComputeSeconds;
    }

    /** One partition's time in its iterations. */
    void setComputeSeconds(double seconds) {
        this.computeSeconds = seconds;
        this.totalComputeSeconds = seconds;
    }

    IntervalStats stats() {
        return stats;
    }

    /** Null unless a loss became NaN or infinite in one of the partitions. */
    String divergence() {
        return divergence;
    }
}
