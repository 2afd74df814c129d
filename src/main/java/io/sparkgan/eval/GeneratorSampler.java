package io.sparkgan.eval;

import io.sparkgan.model.layers.BatchCoupled;
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
 * K = inputSize - n classes; an unconditional one's input size is n.
 */
public record GeneratorSampler(MultiLayerNetwork generator, LatentPrior prior, int latentDim) {
    /** Rows per forward pass. */
    static final int BATCH = 256;

    public GeneratorSampler {
        int input = (int) generator.layerInputSize(0);
        if (input < latentDim) {
            throw new IllegalArgumentException("the generator's input size " + input + " is smaller than the latent "
                    + "dimension " + latentDim + " (model.latent-dim); is this the right model or config?");
        }
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

    /**
     * G(z) for the given latent rows, in batches of {@value #BATCH}: [N, C, H, W] images or [N, D] points. A generator
     * with {@link BatchCoupled} layers (resnet's batch norm on the batch's own statistics) is always fed full batches:
     * a last batch of fewer rows is filled up with rows drawn from {@link #FILL_SEED} and their outputs dropped, so
     * that every sample is normalised among {@value #BATCH} and one sample asked for alone looks like one of many.
     */
    public INDArray generate(INDArray z, OptionalInt label) {
        return forward(input(z, label));
    }

    /** G's outputs for G's inputs [N, n (+ K)], in batches as {@link #generate} says. */
    public INDArray forward(INDArray input) {
        long n = input.size(0);
        boolean coupled = batchCoupled();
        INDArray[] parts = new INDArray[(int) ((n + BATCH - 1) / BATCH)];
        for (int b = 0; b < parts.length; b++) {
            long from = (long) b * BATCH;
            long count = Math.min(n, from + BATCH) - from;
            INDArray rows = input.get(NDArrayIndex.interval(from, from + count), NDArrayIndex.all());
            if (coupled && count < BATCH) {
                INDArray fill = fillRows(rows, BATCH - (int) count);
                parts[b] = generator.output(Nd4j.concat(0, rows, fill), false)
                        .get(NDArrayIndex.interval(0, count)).dup();
            } else {
                parts[b] = generator.output(rows, false);
            }
        }
        return parts.length == 1 ? parts[0] : Nd4j.concat(0, parts);
    }

    /** {@code count} inputs like {@code rows}: z from {@link #FILL_SEED}, with the class part of the last row. */
    private INDArray fillRows(INDArray rows, int count) {
        INDArray z = latent(count, FILL_SEED);
        if (conditionClasses() == 0) {
            return z.castTo(rows.dataType());
        }
        INDArray classes = rows.get(NDArrayIndex.interval(rows.size(0) - 1, rows.size(0)),
                NDArrayIndex.interval(latentDim, inputSize()));
        return Nd4j.hstack(z.castTo(rows.dataType()), classes.repeat(0, count));
    }

    /** The seed of the rows that fill up a batch-coupled generator's last batch. */
    static final long FILL_SEED = 0x5eedf111L;

    private boolean batchCoupled() {
        for (org.deeplearning4j.nn.api.Layer layer : generator.getLayers()) {
            if (layer.conf().getLayer() instanceof BatchCoupled) {
                return true;
            }
        }
        return false;
    }

    /** N samples from {@code seed}. */
    public INDArray generate(int count, long seed) {
        return generate(latent(count, seed), OptionalInt.empty());
    }
}
