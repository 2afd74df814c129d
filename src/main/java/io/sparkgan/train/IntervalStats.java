package io.sparkgan.train;

import java.io.Serializable;

/**
 * Running sums of the step figures over some iterations (a logging interval, or one partition's round),
 * and their means. A plain class for Spark's Kryo, which ships it back from the executors.
 */
public final class IntervalStats implements Serializable {
    private static final long serialVersionUID = 1L;
    private int count;
    private double dLoss;
    private double gLoss;
    private double dReal;
    private double dFake;
    private double jsd;

    public void add(StepResult r) {
        count++;
        dLoss += r.discriminatorLoss();
        gLoss += r.generatorLoss();
        dReal += r.meanRealOutput();
        dFake += r.meanFakeOutput();
        jsd += r.jsdEstimate();
    }

    /** Adds another's sums to these (the driver merges partitions in partition order). */
    public void addAll(IntervalStats other) {
        count += other.count;
        dLoss += other.dLoss;
        gLoss += other.gLoss;
        dReal += other.dReal;
        dFake += other.dFake;
        jsd += other.jsd;
    }

    public int count() {
        return count;
    }

    public StepResult mean() {
        return new StepResult(dLoss / count, gLoss / count, dReal / count, dFake / count, jsd / count);
    }
}
