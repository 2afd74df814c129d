package io.sparkgan.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Running sums of the step figures over some iterations (a logging interval, or one partition's round),
 * and their means. Iterations are added as {@link DeviceStepFigures} on ND4J's backend and read to the host only
 * when the sums are asked for (mean, firstNonFinite, or before Spark ships the stats), so the iterations of a
 * round run without waiting for their figures. A plain class for Spark's Kryo, which ships it back from the
 * executors (the unread figures are transient: a task reads them before it returns).
 */
public final class IntervalStats implements Serializable {
    private static final long serialVersionUID = 3L;
    private int count;
    private double dLoss;
    private double gLoss;
    private double dReal;
    private double dFake;
    private double jsd;
    private long penaltyDropped;
    private String firstNonFinite;
    private transient List<Unread> unread;

    private record Unread(int iteration, DeviceStepFigures figures) {
    }

    /** Adds iteration {@code iteration}'s figures, unread. */
    public void add(int iteration, DeviceStepFigures figures) {
        if (unread == null) {
            unread = new ArrayList<>();
        }
        unread.add(new Unread(iteration, figures));
    }

    /** Adds figures already on the host. */
    public void add(StepFigures r) {
        count++;
        dLoss += r.discriminatorLoss();
        gLoss += r.generatorLoss();
        dReal += r.meanRealOutput();
        dFake += r.meanFakeOutput();
        jsd += r.jsdEstimate();
        penaltyDropped += r.penaltyDropped();
    }

    /** Adds another's sums to these (the driver merges partitions in partition order). */
    public void addAll(IntervalStats other) {
        other.read();
        read();
        count += other.count;
        dLoss += other.dLoss;
        gLoss += other.gLoss;
        dReal += other.dReal;
        dFake += other.dFake;
        jsd += other.jsd;
        penaltyDropped += other.penaltyDropped;
        if (firstNonFinite == null) {
            firstNonFinite = other.firstNonFinite;
        }
    }

    /** Iterations added, read or not. */
    public int count() {
        return count + (unread == null ? 0 : unread.size());
    }

    /** The means of the figures; penaltyDropped is the sum (see {@link StepFigures}). */
    public StepFigures mean() {
        read();
        return new StepFigures(dLoss / count, gLoss / count, dReal / count, dFake / count, jsd / count,
                penaltyDropped);
    }

    /**
     * The first iteration whose D or G loss is NaN or infinite, as "discriminator loss is NaN at iteration s of
     * the epoch", or null.
     */
    public String firstNonFinite() {
        read();
        return firstNonFinite;
    }

    /** Copies the unread figures to the host, in the order they were added. */
    public void read() {
        if (unread == null) {
            return;
        }
        for (Unread u : unread) {
            StepFigures r = u.figures().read();
            if (firstNonFinite == null && !r.finite()) {
                firstNonFinite = (Double.isFinite(r.discriminatorLoss())
                        ? "generator loss is " + r.generatorLoss()
                        : "discriminator loss is " + r.discriminatorLoss())
                        + " at iteration " + u.iteration() + " of the epoch";
            }
            add(r);
        }
        unread = null;
    }
}
