package io.sparkgan.spark;

import io.sparkgan.train.StepResult;

import java.io.Serializable;

/**
 * What one partition returns from a round: its state after the round's iterations, the sums of its step
 * figures, and, when a loss turned non-finite, where. A plain class for Spark's Kryo.
 */
public final class RoundResult implements Serializable {
    private static final long serialVersionUID = 1L;
    private int partition;
    private GanSnapshot state;
    private int iterations;
    private double dLoss;
    private double gLoss;
    private double dReal;
    private double dFake;
    private double jsd;
    private String divergence;

    private RoundResult() {
    }

    RoundResult(int partition, GanSnapshot state) {
        this.partition = partition;
        this.state = state;
    }

    void add(StepResult r) {
        iterations++;
        dLoss += r.discriminatorLoss();
        gLoss += r.generatorLoss();
        dReal += r.meanRealOutput();
        dFake += r.meanFakeOutput();
        jsd += r.jsdEstimate();
    }

    void diverged(String where, GanSnapshot stateAtDivergence) {
        this.divergence = where;
        this.state = stateAtDivergence;
    }

    int partition() {
        return partition;
    }

    GanSnapshot state() {
        return state;
    }

    int iterations() {
        return iterations;
    }

    /** Null unless a loss became NaN or infinite in this partition. */
    String divergence() {
        return divergence;
    }

    /** The figures of one partition summed into a running total (fixed order: the driver sorts first). */
    static StepResult mean(Iterable<RoundResult> results) {
        double d = 0, g = 0, r = 0, f = 0, j = 0;
        int n = 0;
        for (RoundResult x : results) {
            d += x.dLoss;
            g += x.gLoss;
            r += x.dReal;
            f += x.dFake;
            j += x.jsd;
            n += x.iterations;
        }
        return new StepResult(d / n, g / n, r / n, f / n, j / n);
    }

    void setState(GanSnapshot state) {
        this.state = state;
    }
}
