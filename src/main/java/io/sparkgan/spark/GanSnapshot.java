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
 * (null for a GAN), ADA's [p, S, N] (null unless adaptive), and the step counters. The driver broadcasts one per round;
 * each partition's state after the round enters the weighted average ({@link WeightedStateSum}).
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
    private float[] augmentState;
    private long generatorSteps;
    private long discriminatorSteps;

    /** The arrays of a snapshot, in the order of {@link #array(int)} (their ordinals). */
    enum Part {
        GENERATOR_PARAMETERS("generator parameters"),
        GENERATOR_ADAM("generator Adam state"),
        DISCRIMINATOR_PARAMETERS("discriminator parameters"),
        DISCRIMINATOR_ADAM("discriminator Adam state"),
        GENERATOR_EMA("generator EMA"),
        SPECTRAL_VECTORS("spectral normalisation vectors"),
        REVERSE_GENERATOR_PARAMETERS("reverse generator parameters (G_BA)"),
        REVERSE_GENERATOR_ADAM("reverse generator Adam state"),
        REVERSE_DISCRIMINATOR_PARAMETERS("reverse discriminator parameters (D_A)"),
        REVERSE_DISCRIMINATOR_ADAM("reverse discriminator Adam state"),
        /** Merged slot by slot across partitions, not averaged. */
        HISTORY_POOLS("history pools"),
        AUGMENT_STATE("adaptive augmentation state");

        final String description;

        Part(String description) {
            this.description = description;
        }
    }

    /** The arrays' descriptions by ordinal. */
    static final String[] NAMES = java.util.Arrays.stream(Part.values()).map(p -> p.description).toArray(String[]::new);

    /** The history pools' index in {@link #NAMES}. */
    static final int POOLS = Part.HISTORY_POOLS.ordinal();

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
        s.augmentState = state.augmentState() == null ? null : state.augmentState().toFloatVector();
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
            assign(state.reverse().generator().params(), reverseGeneratorParams, Part.REVERSE_GENERATOR_PARAMETERS.description);
            assign(state.reverse().generator().getUpdater().getStateViewArray(), reverseGeneratorUpdater, Part.REVERSE_GENERATOR_ADAM.description);
            assign(state.reverse().discriminator().params(), reverseDiscriminatorParams, Part.REVERSE_DISCRIMINATOR_PARAMETERS.description);
            assign(state.reverse().discriminator().getUpdater().getStateViewArray(), reverseDiscriminatorUpdater,
                    Part.REVERSE_DISCRIMINATOR_ADAM.description);
        }
        if (pools != null) {
            assign(state.pools(), pools, Part.HISTORY_POOLS.description);
        }
        if (augmentState != null) {
            assign(state.augmentState(), augmentState, Part.AUGMENT_STATE.description);
        }
        state.setCounters(generatorSteps, discriminatorSteps);
    }

    /** The arrays in {@link #NAMES}' order (the EMA null when off) and the step counters. */
    GanSnapshot(float[][] arrays, long generatorSteps, long discriminatorSteps) {
        if (arrays.length != NAMES.length) {
            throw new IllegalArgumentException(arrays.length + " arrays for the " + NAMES.length + " of a snapshot");
        }
        this.generatorParams = arrays[Part.GENERATOR_PARAMETERS.ordinal()];
        this.generatorUpdater = arrays[Part.GENERATOR_ADAM.ordinal()];
        this.discriminatorParams = arrays[Part.DISCRIMINATOR_PARAMETERS.ordinal()];
        this.discriminatorUpdater = arrays[Part.DISCRIMINATOR_ADAM.ordinal()];
        this.generatorAverage = arrays[Part.GENERATOR_EMA.ordinal()];
        this.lipschitzState = arrays[Part.SPECTRAL_VECTORS.ordinal()];
        this.reverseGeneratorParams = arrays[Part.REVERSE_GENERATOR_PARAMETERS.ordinal()];
        this.reverseGeneratorUpdater = arrays[Part.REVERSE_GENERATOR_ADAM.ordinal()];
        this.reverseDiscriminatorParams = arrays[Part.REVERSE_DISCRIMINATOR_PARAMETERS.ordinal()];
        this.reverseDiscriminatorUpdater = arrays[Part.REVERSE_DISCRIMINATOR_ADAM.ordinal()];
        this.pools = arrays[Part.HISTORY_POOLS.ordinal()];
        this.augmentState = arrays[Part.AUGMENT_STATE.ordinal()];
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

    /** Array {@code i} in {@link Part}'s order, for the loops over all of them (the averaging). */
    float[] array(int i) {
        return array(Part.values()[i]);
    }

    /** One array; the EMA's, the Lipschitz state's and the CycleGAN's are null when off. */
    float[] array(Part part) {
        return switch (part) {
            case GENERATOR_PARAMETERS -> generatorParams;
            case GENERATOR_ADAM -> generatorUpdater;
            case DISCRIMINATOR_PARAMETERS -> discriminatorParams;
            case DISCRIMINATOR_ADAM -> discriminatorUpdater;
            case GENERATOR_EMA -> generatorAverage;
            case SPECTRAL_VECTORS -> lipschitzState;
            case REVERSE_GENERATOR_PARAMETERS -> reverseGeneratorParams;
            case REVERSE_GENERATOR_ADAM -> reverseGeneratorUpdater;
            case REVERSE_DISCRIMINATOR_PARAMETERS -> reverseDiscriminatorParams;
            case REVERSE_DISCRIMINATOR_ADAM -> reverseDiscriminatorUpdater;
            case HISTORY_POOLS -> pools;
            case AUGMENT_STATE -> augmentState;
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
