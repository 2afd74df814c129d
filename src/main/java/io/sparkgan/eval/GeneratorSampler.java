package io.sparkgan.eval;

import io.sparkgan.model.StandingStatistics;
import io.sparkgan.train.LatentPrior;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.OptionalInt;
import java.util.SplittableRandom;

/**
 * Draws from a generator G: z ~ prior, z [N, n] for n = latentDim, all drawn up front from one seeded stream
 * (so the samples do not depend on the batch size). A conditional generator's input is [z, onehot(y)] with
 * K = inputSize - n classes; an unconditional one's input size is n. A generator whose batch norms use the batch's
 * own statistics (resnet's) draws through a copy with standing statistics measured once, at its first draw, on
 * {@value #STANDING_ROWS} inputs from {@link #STANDING_SEED} ({@link StandingStatistics}), so that each sample
 * depends on its own z (and class) alone.
 */
public final class GeneratorSampler {
    /** Rows per forward pass. */
    static final int BATCH = 256;
    /**
     * Rows over which a batch-coupled generator's standing statistics are measured, in batches of {@value #BATCH}:
     * each channel's moments then pool 512 H W values (25,088 at 7 x 7, 401,408 at 28 x 28), where training normalised
     * batches of 32 or 64 rows.
     */
    static final int STANDING_ROWS = 2 * BATCH;
    /** The seed of those rows' z. */
    static final long STANDING_SEED = 0x5eedf111L;

    private final MultiLayerNetwork generator;
    private final LatentPrior prior;
    private final int latentDim;
    /** What draws: {@link #generator} itself, or its copy with standing statistics; made at the first draw. */
    private MultiLayerNetwork sampling;

    public GeneratorSampler(MultiLayerNetwork generator, LatentPrior prior, int latentDim) {
        int input = (int) generator.layerInputSize(0);
        if (input < latentDim) {
            throw new IllegalArgumentException("the generator's input size " + input + " is smaller than the latent "
                    + "dimension " + latentDim + " (model.latent-dim); is this the right model or config?");
        }
        this.generator = generator;
        this.prior = prior;
        this.latentDim = latentDim;
    }

    /** The network that draws, made on first use (standing statistics cost two batches of G's forward pass). */
    private synchronized MultiLayerNetwork sampling() {
        if (sampling == null) {
            sampling = StandingStatistics.needed(generator)
                    ? StandingStatistics.apply(generator, input(latent(STANDING_ROWS, STANDING_SEED)
                    .castTo(generator.params().dataType()), OptionalInt.empty()), BATCH)
                    : generator;
        }
        return sampling;
    }

    /** The generator drawn from (as given; a batch-coupled one draws through its standing-statistics copy). */
    public MultiLayerNetwork generator() {
        return generator;
    }

    public LatentPrior prior() {
        return prior;
    }

    public int latentDim() {
        return latentDim;
    }

    public int inputSize() {
        return (int) generator.layerInputSize(0);
    }

    /** K of a conditional generator; 0 for an unconditional one (input size = latent dim). */
    public int conditionClasses() {
        return inputSize() - latentDim;
    }

    /** z [count, n] from {@code seed}. */
    public INDArray latent(int count, long seed) {
        return prior.sample(count, latentDim, new SplittableRandom(seed));
    }

    /**
     * G's input for z: z itself for an unconditional generator; [z, onehot(y)] for a conditional one, y the
     * given class or, without one, row i's class i mod K.
     *
     * @throws IllegalArgumentException for a class on an unconditional generator, or a class out of range
     */
    public INDArray input(INDArray z, OptionalInt label) {
        int k = conditionClasses();
        if (k == 0) {
            if (label.isPresent()) {
                throw new IllegalArgumentException("this generator is unconditional: its input size "
                        + inputSize() + " equals the latent dimension " + latentDim + ", so it takes no class; "
                        + "drop --class");
            }
            return z;
        }
        if (label.isPresent() && (label.getAsInt() < 0 || label.getAsInt() >= k)) {
            throw new IllegalArgumentException("class " + label.getAsInt() + " is out of range: this conditional "
                    + "generator takes " + k + " classes (0 to " + (k - 1) + ")");
        }
        long n = z.size(0);
        INDArray onehot = Nd4j.zeros(z.dataType(), n, k);
        for (int i = 0; i < n; i++) {
            onehot.putScalar(i, label.orElse(i % k), 1.0);
        }
        return Nd4j.hstack(z, onehot);
    }

    /** G(z) for the given latent rows, in batches of {@value #BATCH}: [N, C, H, W] images or [N, D] points. */
    public INDArray generate(INDArray z, OptionalInt label) {
        return forward(input(z, label));
    }

    /** G's outputs for G's inputs [N, n (+ K)], in batches of {@value #BATCH}. */
    public INDArray forward(INDArray input) {
        long n = input.size(0);
        MultiLayerNetwork drawing = sampling();
        INDArray[] parts = new INDArray[(int) ((n + BATCH - 1) / BATCH)];
        for (int b = 0; b < parts.length; b++) {
            long from = (long) b * BATCH;
            INDArray rows = input.get(NDArrayIndex.interval(from, Math.min(n, from + BATCH)), NDArrayIndex.all());
            parts[b] = drawing.output(rows, false);
        }
        return parts.length == 1 ? parts[0] : Nd4j.concat(0, parts);
    }

    /** N samples from {@code seed}. */
    public INDArray generate(int count, long seed) {
        return generate(latent(count, seed), OptionalInt.empty());
    }
}
