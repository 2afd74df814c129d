package io.sparkgan.train;

import io.sparkgan.config.GanConfig;
import io.sparkgan.loss.LipschitzConstraint;
import io.sparkgan.model.Conditioning;
import io.sparkgan.model.GanNetworks;
import io.sparkgan.model.NetworkFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The mutable state of a run: G and D with their Adam states, the exponential moving average of G's
 * flattened parameters (null when off), the Lipschitz constraint's state (spectral normalisation's
 * power-iteration vectors; null for the constraints without one), and the step counters that drive Adam's
 * bias correction.
 */
public final class GanState {
    private final GanNetworks networks;
    private final INDArray generatorAverage;
    private final INDArray lipschitzState;
    private long generatorSteps;
    private long discriminatorSteps;

    public GanState(GanNetworks networks, boolean withAverage) {
        this(networks, withAverage, null);
    }

    /** @param lipschitzState the constraint's starting state ({@link LipschitzConstraint#initialState}), or null */
    public GanState(GanNetworks networks, boolean withAverage, INDArray lipschitzState) {
        this.networks = networks;
        this.generatorAverage = withAverage ? networks.generator().params().dup() : null;
        this.lipschitzState = lipschitzState;
    }

    /**
     * New networks initialised from the config's seed, with the EMA when train.ema-decay > 0 and the Lipschitz
     * constraint's starting state.
     */
    public static GanState fresh(GanConfig config, long[] sampleShape) {
        return fresh(config, sampleShape, 0);
    }

    /** @param classes K of the data set (0 when unlabelled); used when the model is conditional */
    public static GanState fresh(GanConfig config, long[] sampleShape, int classes) {
        GanNetworks networks = NetworkFactory.create(config.model(), config.train(), sampleShape, config.seed(),
                Conditioning.of(config.model(), classes));
        return new GanState(networks, config.train().emaDecay() > 0,
                LipschitzConstraint.from(config.loss()).initialState(networks.discriminator()));
    }

    public MultiLayerNetwork generator() {
        return networks.generator();
    }

    public MultiLayerNetwork discriminator() {
        return networks.discriminator();
    }

    public GanNetworks networks() {
        return networks;
    }

    /** EMA of G's parameters, or null when train.ema-decay = 0. */
    public INDArray generatorAverage() {
        return generatorAverage;
    }

    /** Spectral normalisation's vectors u, concatenated; null for a constraint without state. */
    public INDArray lipschitzState() {
        return lipschitzState;
    }

    public long generatorSteps() {
        return generatorSteps;
    }

    public long discriminatorSteps() {
        return discriminatorSteps;
    }

    long nextGeneratorStep() {
        return generatorSteps++;
    }

    long nextDiscriminatorStep() {
        return discriminatorSteps++;
    }

    /** Sets both Adam step sizes to the epoch's scheduled values. */
    public void setLearningRates(EpochSettings settings) {
        generator().setLearningRate(settings.generatorLearningRate());
        discriminator().setLearningRate(settings.discriminatorLearningRate());
    }

    /** Sets the step counters (Adam's bias correction) after a round of averaged training. */
    public void setCounters(long generatorSteps, long discriminatorSteps) {
        this.generatorSteps = generatorSteps;
        this.discriminatorSteps = discriminatorSteps;
    }

    /**
     * The first parameter of G, D or the EMA that is NaN or infinite, as "network [index] = value", or null.
     * A sum over each array finds out cheaply whether there is one; only then are the values scanned.
     */
    public String firstNonFinite() {
        String[] names = {"generator parameters", "discriminator parameters", "generator EMA"};
        INDArray[] arrays = {generator().params(), discriminator().params(), generatorAverage};
        for (int i = 0; i < arrays.length; i++) {
            if (arrays[i] == null || Double.isFinite(arrays[i].sumNumber().doubleValue())) {
                continue;
            }
            float[] values = arrays[i].toFloatVector();
            for (int j = 0; j < values.length; j++) {
                if (!Float.isFinite(values[j])) {
                    return names[i] + " [" + j + "] = " + values[j];
                }
            }
        }
        return null;
    }

    /** The generator to sample from: a copy carrying the EMA weights when EMA is on, else G itself. */
    public MultiLayerNetwork samplingGenerator() {
        if (generatorAverage == null) {
            return generator();
        }
        MultiLayerNetwork copy = generator().clone();
        copy.setParams(generatorAverage);
        return copy;
    }
}
