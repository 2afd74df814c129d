package io.sparkgan.spark;

import io.sparkgan.train.GanState;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.Serializable;

/**
 * An immutable copy of the whole training state as flat float arrays: G's and D's parameters (batch-norm
 * running means and variances included, DL4J keeps them among the parameters), both Adam states (m and v),
 * the EMA of G's parameters (null when off), the Lipschitz constraint's state (spectral normalisation's vectors
 * u; null without one), CycleGAN's reverse networks (G_BA, D_A) with their Adam states and its history pools
 * (null for a GAN), and the step counters. The driver broadcasts one per round;
 * each partition's state after the round enters the weighted average ({@link StateSum}).
 * A plain class rather than a record: Spark's Kryo (4.x) cannot build records.
 */
public final class GanSnapshot implements Serializable {
    private static final long serialVersionUID = 1L;
    private float[] generatorParams;
    private float[] generatorUpdater;
    private float[] discriminatorParams;
    private float[] discriminatorUpdater;
    private float[] generatorAverage;
    private float[] lipschitzState;
    private float[] reverseGeneratorParams;
    private float[] reverseGeneratorUpdater;
    private float[] reverseDiscriminatorParams;
    private float[] reverseDiscriminatorUpdater;
    private float[] pools;
    private long generatorSteps;
    private long discriminatorSteps;

    /** The arrays of a snapshot, in the order of {@link #array(int)}. */
    static final String[] NAMES = {"generator parameters", "generator Adam state", "discriminator parameters",
            "discriminator Adam state", "generator EMA", "spectral normalisation vectors",
            "reverse generator parameters (G_BA)", "reverse generator Adam state", "reverse discriminator parameters (D_A)",
            "reverse discriminator Adam state", "history pools"};

    /** The history pools' index in {@link #NAMES}: merged slot by slot across partitions, not averaged. */
    static final int POOLS = 10;

    private GanSnapshot() {
    }

    public static GanSnapshot of(GanState state) {
        GanSnapshot s = new GanSnapshot();
        s.generatorParams = state.generator().params().toFloatVector();
        s.generatorUpdater = updaterState(state.generator());
        s.discriminatorParams = state.discriminator().params().toFloatVector();
        s.discriminatorUpdater = updaterState(state.discriminator());
        s.generatorAverage = state.generatorAverage() == null ? null : state.generatorAverage().toFloatVector();
        s.lipschitzState = state.lipschitzState() == null ? null : state.lipschitzState().toFloatVector();
        if (state.isCycle()) {
            s.reverseGeneratorParams = state.reverse().generator().params().toFloatVector();
            s.reverseGeneratorUpdater = updaterState(state.reverse().generator());
            s.reverseDiscriminatorParams = state.reverse().discriminator().params().toFloatVector();
            s.reverseDiscriminatorUpdater = updaterState(state.reverse().discriminator());
            s.pools = state.pools() == null ? null : state.pools().toFloatVector();
        }
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
        if (lipschitzState != null) {
            assign(state.lipschitzState(), lipschitzState, "spectral normalisation vectors");
        }
        if (reverseGeneratorParams != null) {
            assign(state.reverse().generator().params(), reverseGeneratorParams, NAMES[6]);
            assign(state.reverse().generator().getUpdater().getStateViewArray(), reverseGeneratorUpdater, NAMES[7]);
            assign(state.reverse().discriminator().params(), reverseDiscriminatorParams, NAMES[8]);
            assign(state.reverse().discriminator().getUpdater().getStateViewArray(), reverseDiscriminatorUpdater,
                    NAMES[9]);
        }
        if (pools != null) {
            assign(state.pools(), pools, NAMES[POOLS]);
        }
        state.setCounters(generatorSteps, discriminatorSteps);
    }

    /** The arrays in {@link #NAMES}' order (the EMA null when off) and the step counters. */
    GanSnapshot(float[][] arrays, long generatorSteps, long discriminatorSteps) {
        if (arrays.length != NAMES.length) {
            throw new IllegalArgumentException(arrays.length + " arrays for the " + NAMES.length + " of a snapshot");
        }
        this.generatorParams = arrays[0];
        this.generatorUpdater = arrays[1];
        this.discriminatorParams = arrays[2];
        this.discriminatorUpdater = arrays[3];
        this.generatorAverage = arrays[4];
        this.lipschitzState = arrays[5];
        this.reverseGeneratorParams = arrays[6];
        this.reverseGeneratorUpdater = arrays[7];
        this.reverseDiscriminatorParams = arrays[8];
        this.reverseDiscriminatorUpdater = arrays[9];
        this.pools = arrays[POOLS];
        this.generatorSteps = generatorSteps;
        this.discriminatorSteps = discriminatorSteps;
    }

    /** Every parameter of G, D and the EMA, for a finiteness check. */
    public String firstNonFinite() {
        for (int i = 0; i < NAMES.length; i++) {
            float[] a = array(i);
            if (a == null) {
                continue;
            }
            for (int j = 0; j < a.length; j++) {
                if (!Float.isFinite(a[j])) {
                    return NAMES[i] + " [" + j + "] = " + a[j];
                }
            }
        }
        return null;
    }

    public long generatorSteps() {
        return generatorSteps;
    }

    public long discriminatorSteps() {
        return discriminatorSteps;
    }

    /** Array {@code i} in {@link #NAMES}' order; the EMA's and the Lipschitz state's are null when off. */
    float[] array(int i) {
        return switch (i) {
            case 0 -> generatorParams;
            case 1 -> generatorUpdater;
            case 2 -> discriminatorParams;
            case 3 -> discriminatorUpdater;
            case 4 -> generatorAverage;
            case 5 -> lipschitzState;
            case 6 -> reverseGeneratorParams;
            case 7 -> reverseGeneratorUpdater;
            case 8 -> reverseDiscriminatorParams;
            case 9 -> reverseDiscriminatorUpdater;
            default -> pools;
        };
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
