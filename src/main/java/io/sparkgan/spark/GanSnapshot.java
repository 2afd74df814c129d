package io.sparkgan.spark;

import io.sparkgan.train.GanState;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.Serializable;
import java.util.List;

/**
 * An immutable copy of the whole training state as flat float arrays: G's and D's parameters (batch-norm
 * running means and variances included, DL4J keeps them among the parameters), both Adam states (m and v),
 * the EMA of G's parameters (null when off) and the step counters. The driver broadcasts one per round;
 * each partition returns its own after the round, and the driver averages them.
 * A plain class rather than a record: Spark's Kryo (4.x) cannot build records.
 */
public final class GanSnapshot implements Serializable {
    private static final long serialVersionUID = 1L;
    private float[] generatorParams;
    private float[] generatorUpdater;
    private float[] discriminatorParams;
    private float[] discriminatorUpdater;
    private float[] generatorAverage;
    private long generatorSteps;
    private long discriminatorSteps;

    private GanSnapshot() {
    }

    public static GanSnapshot of(GanState state) {
        GanSnapshot s = new GanSnapshot();
        s.generatorParams = state.generator().params().toFloatVector();
        s.generatorUpdater = updaterState(state.generator());
        s.discriminatorParams = state.discriminator().params().toFloatVector();
        s.discriminatorUpdater = updaterState(state.discriminator());
        s.generatorAverage = state.generatorAverage() == null ? null : state.generatorAverage().toFloatVector();
        s.generatorSteps = state.generatorSteps();
        s.discriminatorSteps = state.discriminatorSteps();
        return s;
    }

    /** Overwrites the state's parameters, Adam states, EMA and counters in place (the views stay). */
    public void applyTo(GanState state) {
        assign(state.generator().params(), generatorParams, "generator parameters");
        assign(state.generator().getUpdater().getStateViewArray(), generatorUpdater, "generator Adam state");
        assign(state.discriminator().params(), discriminatorParams, "discriminator parameters");
        assign(state.discriminator().getUpdater().getStateViewArray(), discriminatorUpdater, "discriminator Adam state");
        if (generatorAverage != null) {
            assign(state.generatorAverage(), generatorAverage, "generator EMA");
        }
        state.setCounters(generatorSteps, discriminatorSteps);
    }

    /**
     * The element-wise mean of the snapshots, summed in the list's order (the partition order) in double
     * precision and divided once, so the result does not depend on which task finished first.
     */
    public static GanSnapshot average(List<GanSnapshot> parts) {
        GanSnapshot first = parts.get(0);
        GanSnapshot mean = new GanSnapshot();
        mean.generatorParams = mean(parts, 0);
        mean.generatorUpdater = mean(parts, 1);
        mean.discriminatorParams = mean(parts, 2);
        mean.discriminatorUpdater = mean(parts, 3);
        mean.generatorAverage = first.generatorAverage == null ? null : mean(parts, 4);
        mean.generatorSteps = first.generatorSteps;
        mean.discriminatorSteps = first.discriminatorSteps;
        return mean;
    }

    /** Every parameter of G, D and the EMA, for a finiteness check. */
    public String firstNonFinite() {
        String[] names = {"generator parameters", "generator Adam state", "discriminator parameters",
                "discriminator Adam state", "generator EMA"};
        for (int i = 0; i < names.length; i++) {
            float[] a = field(i);
            if (a == null) {
                continue;
            }
            for (int j = 0; j < a.length; j++) {
                if (!Float.isFinite(a[j])) {
                    return names[i] + " [" + j + "] = " + a[j];
                }
            }
        }
        return null;
    }

    public long generatorSteps() {
        return generatorSteps;
    }

    private float[] field(int i) {
        return switch (i) {
            case 0 -> generatorParams;
            case 1 -> generatorUpdater;
            case 2 -> discriminatorParams;
            case 3 -> discriminatorUpdater;
            default -> generatorAverage;
        };
    }

    private static float[] mean(List<GanSnapshot> parts, int field) {
        int n = parts.get(0).field(field).length;
        double[] sum = new double[n];
        for (GanSnapshot p : parts) {
            float[] a = p.field(field);
            for (int j = 0; j < n; j++) {
                sum[j] += a[j];
            }
        }
        float[] out = new float[n];
        for (int j = 0; j < n; j++) {
            out[j] = (float) (sum[j] / parts.size());
        }
        return out;
    }

    private static float[] updaterState(MultiLayerNetwork net) {
        INDArray view = net.getUpdater().getStateViewArray();
        return view == null ? new float[0] : view.toFloatVector();
    }

    private static void assign(INDArray target, float[] values, String what) {
        if (values.length == 0 && (target == null || target.length() == 0)) {
            return;
        }
        if (target == null || target.length() != values.length) {
            throw new IllegalStateException(what + ": snapshot holds " + values.length + " values, the network "
                    + (target == null ? "none" : target.length()) + "; the networks were built from another config");
        }
        target.assign(Nd4j.createFromArray(values).reshape(target.shape()));
    }
}
