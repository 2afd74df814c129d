package io.sparkgan.loss;

import io.sparkgan.model.layers.Convolution;
import io.sparkgan.model.layers.PiecewiseLinearBlock;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;
import java.util.stream.IntStream;

/**
 * A penalty on the input gradient of the critic, P(theta) = 1/N sum_i phi(||g_i||) with g_i = grad_x D(x_i),
 * and its exact gradient with respect to D's parameters, computed with DL4J's ordinary forward and backward
 * passes (SameDiff of ND4J 1.0.0-M2.1 cannot take the second derivative this needs).
 *
 * <p>For a critic that is piecewise linear in x (dense and convolution layers with identity, ReLU or
 * LeakyReLU, sum or average pooling, and blocks of such maps such as SNGAN's residual down-blocks,
 * {@link PiecewiseLinearBlock}), D is affine in x inside the region of x's activation pattern: D(x') = a(theta) . x' + c(theta)
 * with g = a(theta). So grad_theta D(x') is affine in x' there, and for the unit direction v = g / ||g|| held
 * fixed the central difference
 * [grad_theta D(x + e v) - grad_theta D(x - e v)] / (2 e) = grad_theta (v . g) = grad_theta ||g||
 * is exact whenever no activation changes sign between x - e v and x + e v (checked per sample; a sample that
 * flips is redone with e / 16, three times, and then left out and counted). With e = 1e-5 the difference needs
 * float64: {@link GradientPenalties} runs it on a float64 copy of D (dcgan28's critic, 18,816 units a sample:
 * at e = 1e-3, 37 of 64 samples flipped; at 1e-5, none; in float32 one sample in 64 still flipped at 2.4e-5 and
 * the differences lost about 1.5% of the gradient's norm to rounding). The chain rule gives
 * grad_theta P = 1/N sum_i phi'(||g_i||) grad_theta ||g_i||, which one backward pass over the 2N rows
 * [x + e v; x - e v] with the epsilons [c / (2 e); -c / (2 e)], c_i = phi'(||g_i||) / N, computes at once.
 */
public final class InputGradientPenalty {
    /** First half-width of the central difference, in input units along the unit direction v. */
    static final double FIRST_STEP = 1e-5;
    private static final int ATTEMPTS = 4;
    private static final double SHRINK = 16;

    private final double weight;
    private final double centre;

    /**
     * The per-sample penalty phi(n) = weight (n - centre)^2 of the gradient norm n, phi'(n) = 2 weight (n - centre):
     * WGAN-GP is weight lambda, centre 1; R1 weight gamma / 2, centre 0.
     */
    public InputGradientPenalty(double weight, double centre) {
        this.weight = weight;
        this.centre = centre;
    }

    /** phi(n), on the host (for tests and reports). */
    public double phi(double norm) {
        return weight * (norm - centre) * (norm - centre);
    }

    /**
     * The value P, its gradient (a new array of D's parameter count) and the samples left out.
     *
     * @param value    1/N sum_i phi(||g_i||), a scalar on ND4J's backend (read when the step's figures are)
     * @param gradient grad_theta P, flattened as D's parameters
     * @param redone   samples whose activation pattern changed at the first step e, so redone with smaller ones
     * @param dropped  samples whose activation pattern changed even at the smallest step (their term is left out)
     */
    public record Result(INDArray value, INDArray gradient, int redone, int dropped) {
    }

    /** Refuses a critic for which the central difference is not exact, naming the layer and why. */
    public static void checkPiecewiseLinear(MultiLayerNetwork critic) {
        for (int i = 0; i < critic.getnLayers(); i++) {
            org.deeplearning4j.nn.conf.layers.Layer conf = critic.getLayer(i).conf().getLayer();
            if (conf instanceof BatchNormalization) {
                throw new IllegalArgumentException("a gradient penalty needs a critic without batch normalisation, "
                        + "but layer " + i + " of D is BatchNormalization: D's score of a sample then depends on the "
                        + "other samples of the batch, and grad_x D(x) of one sample is not defined (for dcgan set "
                        + "model.dcgan.discriminator-norm = none)");
            }
            if (conf instanceof PiecewiseLinearBlock || linearPooling(conf)) {
                continue;
            }
            if (!(conf instanceof DenseLayer || conf instanceof ConvolutionLayer || conf instanceof Convolution
                    || conf instanceof ActivationLayer)) {
                throw new IllegalArgumentException("a gradient penalty's exact gradient needs a critic of dense and "
                        + "convolution layers, sum or average pooling and residual down-blocks, but layer " + i
                        + " of D is " + conf.getClass().getSimpleName());
            }
            IActivation activation = activation(conf);
            if (!(activation instanceof ActivationIdentity || activation instanceof ActivationReLU
                    || activation instanceof ActivationLReLU)) {
                throw new IllegalArgumentException("a gradient penalty's exact gradient needs a critic that is "
                        + "piecewise linear in its input (identity, ReLU or LeakyReLU), but layer " + i + " of D has "
                        + "the activation " + activation);
            }
        }
    }

    /** Global sum or average pooling: linear in its input, no kink of its own. */
    private static boolean linearPooling(org.deeplearning4j.nn.conf.layers.Layer conf) {
        return conf instanceof GlobalPoolingLayer p
                && (p.getPoolingType() == PoolingType.SUM || p.getPoolingType() == PoolingType.AVG);
    }

    private static IActivation activation(org.deeplearning4j.nn.conf.layers.Layer conf) {
        if (conf instanceof ActivationLayer a) {
            return a.getActivationFn();
        }
        if (conf instanceof Convolution c) {
            return c.activationFunction();
        }
        return ((BaseLayer) conf).getActivationFn();
    }

    /**
     * P and grad_theta P at the samples {@code x} [N, ...]. Uses (and overwrites) D's gradient buffers. The norms,
     * the value and the chain-rule coefficients stay on ND4J's backend; the host reads one number, how many
     * samples' activation pattern changed in the first central difference, and the rows only when that is not 0.
     */
    public Result compute(MultiLayerNetwork critic, INDArray x) {
        return compute(critic, x, FIRST_STEP);
    }

    /** {@link #compute(MultiLayerNetwork, INDArray)} with the first half-width {@code firstStep}. */
    Result compute(MultiLayerNetwork critic, INDArray x, double firstStep) {
        long n = x.size(0);
        INDArray g = inputGradient(critic, x).reshape(n, -1);         // [N, d] rows g_i = grad_x D(x_i)
        INDArray norms = g.norm2(1).reshape(n);                       // [N] ||g_i||
        INDArray offset = norms.sub(centre);                          // [N] ||g_i|| - c
        INDArray value = offset.mul(offset).sum().muli(weight / n);   // scalar 1/N sum_i phi(||g_i||)
        INDArray positive = norms.gt(0).castTo(norms.dataType());     // [N] 1 where ||g_i|| > 0
        // c_i = phi'(||g_i||) / N = 2 w (||g_i|| - c) / N, 0 where g_i = 0 (no direction to difference along)
        INDArray coefficient = offset.mul(2 * weight / n).muli(positive);
        // v_i = g_i / ||g_i|| (g_i itself where it is 0), [N, d]
        INDArray direction = g.divColumnVector(norms.add(positive.rsub(1)).reshape(n, 1));
        INDArray gradient = Nd4j.zeros(critic.params().dataType(), critic.numParams());
        double e = firstStep;
        INDArray flipped = centralDifference(critic, x.reshape(n, -1), direction, coefficient, x.shape(), e, gradient)
                .muli(positive);                                      // [N] 1 where a term is still missing
        int[] pending = flipped.sumNumber().intValue() == 0 ? new int[0] : indicesOfOnes(flipped);
        int redone = pending.length;
        for (int attempt = 1; attempt < ATTEMPTS && pending.length > 0; attempt++) {
            e /= SHRINK;
            INDArray again = centralDifference(critic, x.reshape(n, -1).getRows(pending), direction.getRows(pending),
                    coefficient.reshape(n, 1).getRows(pending), x.shape(), e, gradient);
            pending = select(pending, again);
        }
        return new Result(value, gradient, redone, pending.length);
    }

    /** grad_x of sum_i D(x_i): row i is grad_x D(x_i), since (without batch norm) D scores each row alone. */
    static INDArray inputGradient(MultiLayerNetwork critic, INDArray x) {
        critic.setInput(x);
        critic.feedForward(true, false);
        INDArray ones = Nd4j.ones(critic.params().dataType(), x.size(0), 1);
        return critic.backpropGradient(ones, LayerWorkspaceMgr.noWorkspaces()).getSecond().dup();
    }

    /**
     * Adds the exact term of every row of {@code at} [m, d] whose activation pattern is the same at x - e v and
     * x + e v to {@code gradient}; returns [m], 1 for the rows that flipped (their term is not added), else 0.
     *
     * @param coefficient [m] c_r = phi'(||g_r||) / N
     * @param sampleShape x's shape, whose first entry is replaced by 2m
     */
    private static INDArray centralDifference(MultiLayerNetwork critic, INDArray at, INDArray direction,
                                              INDArray coefficient, long[] sampleShape, double e, INDArray gradient) {
        long m = at.size(0);
        INDArray step = direction.mul(e);
        long[] shape = sampleShape.clone();
        shape[0] = 2 * m;
        INDArray both = Nd4j.concat(0, at.add(step), at.sub(step)).reshape(shape);   // x + e v, then x - e v
        critic.setInput(both);
        List<INDArray> activations = critic.feedForward(true, false);
        INDArray flipped = flips(critic, activations, m);                        // [m]
        // epsilon of D's output: c / (2 e) at x + e v, -c / (2 e) at x - e v, 0 for the rows that flipped
        INDArray half = coefficient.reshape(m).mul(flipped.rsub(1)).muli(1 / (2 * e));
        INDArray epsilon = Nd4j.concat(0, half, half.neg()).reshape(2 * m, 1).castTo(critic.params().dataType());
        gradient.addi(critic.backpropGradient(epsilon, LayerWorkspaceMgr.noWorkspaces()).getFirst().gradient());
        return flipped;
    }

    /** The indices i with mask[i] = 1 (read from the backend). */
    private static int[] indicesOfOnes(INDArray mask) {
        double[] values = mask.toDoubleVector();
        return IntStream.range(0, values.length).filter(i -> values[i] != 0).toArray();
    }

    /** The entries of {@code rows} whose mask entry is 1. */
    private static int[] select(int[] rows, INDArray mask) {
        int[] positions = indicesOfOnes(mask);
        return IntStream.of(positions).map(p -> rows[p]).toArray();
    }

    /**
     * Row r flips when some ReLU or LeakyReLU input is positive at one of rows r and m + r and not at the other:
     * a layer's output for an activation layer or a dense or convolution layer with such an activation (its sign is
     * the pre-activation's), the internal ReLU inputs for a {@link PiecewiseLinearBlock}. activations.get(0) is the
     * input, get(l + 1) layer l's output. The counts are added on ND4J's backend; returns [m], 1 where row r
     * flipped, else 0.
     */
    private static INDArray flips(MultiLayerNetwork critic, List<INDArray> activations, long m) {
        INDArray differing = Nd4j.zeros(DataType.INT32, m);   // [m]: units whose sign differs, over all layers
        for (int layer = 0; layer < critic.getnLayers(); layer++) {
            org.deeplearning4j.nn.api.Layer l = critic.getLayer(layer);
            org.deeplearning4j.nn.conf.layers.Layer conf = l.conf().getLayer();
            if (conf instanceof PiecewiseLinearBlock block) {
                for (INDArray kinkInput : block.reluInputs(activations.get(layer), l.paramTable())) {
                    differing.addi(signChanges(kinkInput, m));
                }
            } else if (!linearPooling(conf) && !(activation(conf) instanceof ActivationIdentity)) {
                differing.addi(signChanges(activations.get(layer + 1), m));
            }
        }
        return differing.gt(0).castTo(critic.params().dataType()).reshape(m);
    }

    /** [m] INT32: per row r, the entries of {@code a} [2m, ...] positive at row r and not at row m + r, or the reverse. */
    private static INDArray signChanges(INDArray a, long m) {
        INDArray positive = a.reshape(a.size(0), -1).gt(0);
        INDArray plus = positive.get(NDArrayIndex.interval(0, m), NDArrayIndex.all());
        INDArray minus = positive.get(NDArrayIndex.interval(m, 2 * m), NDArrayIndex.all());
        return plus.neq(minus).castTo(DataType.INT32).sum(1);
    }
}
