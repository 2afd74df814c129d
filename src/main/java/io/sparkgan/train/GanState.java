package io.sparkgan.train;

import io.sparkgan.augment.AdaptiveProbability;
import io.sparkgan.augment.Augmentation;
import io.sparkgan.config.GanConfig;
import io.sparkgan.loss.LipschitzConstraint;
import io.sparkgan.model.Conditioning;
import io.sparkgan.model.CycleNetworks;
import io.sparkgan.model.LearningRates;
import io.sparkgan.model.GanNetworks;
import io.sparkgan.model.NetworkFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The mutable state of a run: G and D with their Adam states, the exponential moving average of G's
 * flattened parameters (null when off), the Lipschitz constraint's state (spectral normalisation's
 * power-iteration vectors; null for the constraints without one), ADA's augmentation probability with its tally
 * (null unless train.augment.adaptive), and the step counters that drive Adam's bias correction. For CycleGAN, G and D are G_AB and D_B, and the state also holds the reverse pair (G_BA, D_A)
 * and the two history pools; both generators share the G counter, both discriminators the D counter.
 */
public final class GanState {
    private final GanNetworks networks;
    private final INDArray generatorAverage;
    private final INDArray lipschitzState;
    private final GanNetworks reverse;
    private final INDArray pools;
    private final int poolSize;
    private final int imageSize;
    /** ADA's [p, S, N] ({@link AdaptiveProbability}); null unless train.augment.adaptive. */
    private INDArray augmentState;
    private long generatorSteps;
    private long discriminatorSteps;
    /** The Spark engine's outer optimizer state, on the driver only; null with spark.outer.optimizer = average. */
    private OuterState outer;

    public GanState(GanNetworks networks, boolean withAverage) {
        this(networks, withAverage, null);
    }

    /** @param lipschitzState the constraint's starting state ({@link LipschitzConstraint#initialState}), or null */
    public GanState(GanNetworks networks, boolean withAverage, INDArray lipschitzState) {
        this(networks, withAverage, lipschitzState, null, 0, 0);
    }

    private GanState(GanNetworks networks, boolean withAverage, INDArray lipschitzState, GanNetworks reverse,
                     int poolSize, int imageSize) {
        this.networks = networks;
        this.generatorAverage = withAverage ? networks.generator().params().dup() : null;
        this.lipschitzState = lipschitzState;
        this.reverse = reverse;
        this.poolSize = poolSize;
        this.imageSize = imageSize;
        this.pools = reverse == null || poolSize == 0 ? null
                : Nd4j.zeros(DataType.FLOAT, 2 * HistoryPool.length(poolSize, imageSize));
    }

    /**
     * CycleGAN's state: (G_AB, D_B) as the forward networks, (G_BA, D_A) as the reverse ones, and the two history
     * pools (D_B's of fake B images, then D_A's of fake A images), empty at the start.
     */
    public static GanState cycle(GanConfig config, long[] sampleShape) {
        int imageSize = (int) (sampleShape[0] * sampleShape[1] * sampleShape[2]);
        return new GanState(CycleNetworks.forward(config.cycle(), config.train(), sampleShape, config.seed()), false,
                null, CycleNetworks.reverse(config.cycle(), config.train(), sampleShape, config.seed()),
                config.cycle().poolSize(), imageSize);
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
        if (config.cycle().enabled()) {
            return cycle(config, sampleShape);
        }
        Augmentation.check(config.train().augment(), sampleShape);
        GanNetworks networks = NetworkFactory.create(config.model(), config.train(), sampleShape, config.seed(),
                Conditioning.of(config.model(), classes));
        GanState state = new GanState(networks, config.train().emaDecay() > 0,
                LipschitzConstraint.from(config.loss()).initialState(networks.discriminator()));
        if (config.train().augment().adaptive()) {
            state.augmentState = AdaptiveProbability.initialState();
        }
        return state;
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

    /** CycleGAN's (G_BA, D_A); null for a GAN. */
    public GanNetworks reverse() {
        return reverse;
    }

    public boolean isCycle() {
        return reverse != null;
    }

    /** Both history pools as one array (D_B's, then D_A's); null for a GAN or cycle.pool-size = 0. */
    public INDArray pools() {
        return pools;
    }

    /** D_B's pool (index 0, fakes of G_AB) or D_A's (index 1, fakes of G_BA). */
    public HistoryPool pool(int index) {
        if (pools == null) {
            return new HistoryPool(Nd4j.zeros(DataType.FLOAT, 0), 0, imageSize);
        }
        long length = HistoryPool.length(poolSize, imageSize);
        return new HistoryPool(pools.get(NDArrayIndex.interval(index * length, (index + 1) * length)), poolSize,
                imageSize);
    }

    /** Floats of one pool slot (a flag and an image): the unit of ownership when partitions' pools merge. */
    public int poolSlotLength() {
        return 1 + imageSize;
    }

    /** EMA of G's parameters, or null when train.ema-decay = 0. */
    public INDArray generatorAverage() {
        return generatorAverage;
    }

    /** Spectral normalisation's vectors u, concatenated; null for a constraint without state. */
    public INDArray lipschitzState() {
        return lipschitzState;
    }

    /** ADA's state [p, S, N], or null when the augmentation is not adaptive (or off). */
    public INDArray augmentState() {
        return augmentState;
    }

    /** The outer optimizer's state, or null (average, the single-JVM engine, executors). */
    public OuterState outer() {
        return outer;
    }

    /** Gives the driver's state the outer optimizer's buffers (zeros until a checkpoint restores them). */
    public void attachOuter(OuterState state) {
        this.outer = state;
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
        LearningRates.set(generator(), settings.generatorLearningRate());
        LearningRates.set(discriminator(), settings.discriminatorLearningRate());
        if (reverse != null) {
            LearningRates.set(reverse.generator(), settings.generatorLearningRate());
            LearningRates.set(reverse.discriminator(), settings.discriminatorLearningRate());
        }
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
        String[] names = {"generator parameters", "discriminator parameters", "generator EMA",
                "reverse generator parameters (G_BA)", "reverse discriminator parameters (D_A)"};
        INDArray[] arrays = {generator().params(), discriminator().params(), generatorAverage,
                reverse == null ? null : reverse.generator().params(),
                reverse == null ? null : reverse.discriminator().params()};
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
