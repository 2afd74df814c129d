package io.sparkgan.loss;

import io.sparkgan.model.layers.Convolution;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * A penalty on the input gradient of the critic, P(theta) = 1/N sum_i phi(||g_i||) with g_i = grad_x D(x_i),
 * and its exact gradient with respect to D's parameters, computed with DL4J's ordinary forward and backward
 * passes (SameDiff of ND4J 1.0.0-M2.1 cannot take the second derivative this needs).
 *
 * <p>For a critic that is piecewise linear in x (dense and convolution layers with identity, ReLU or
 * LeakyReLU), D is affine in x inside the region of x's activation pattern: D(x') = a(theta) . x' + c(theta)
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

    private final DoubleUnaryOperator phi;
    private final DoubleUnaryOperator slope;

    /**
     * @param phi   the per-sample penalty of the gradient norm
     * @param slope its derivative phi'
     */
    public InputGradientPenalty(DoubleUnaryOperator phi, DoubleUnaryOperator slope) {
        this.phi = phi;
        this.slope = slope;
    }

    /**
     * The value P, its gradient (a new array of D's parameter count) and the samples left out.
     *
     * @param value    1/N sum_i phi(||g_i||)
     * @param gradient grad_theta P, flattened as D's parameters
     * @param dropped  samples whose activation pattern changed even at the smallest step (their term is left out)
     */
    public record Result(double value, INDArray gradient, int dropped) {
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
            if (!(conf instanceof DenseLayer || conf instanceof ConvolutionLayer || conf instanceof Convolution
                    || conf instanceof ActivationLayer)) {
                throw new IllegalArgumentException("a gradient penalty's exact gradient needs a critic of dense and "
                        + "convolution layers, but layer " + i + " of D is " + conf.getClass().getSimpleName());
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

    private static IActivation activation(org.deeplearning4j.nn.conf.layers.Layer conf) {
        if (conf instanceof ActivationLayer a) {
            return a.getActivationFn();
        }
        if (conf instanceof Convolution c) {
            return c.activationFunction();
        }
        return ((BaseLayer) conf).getActivationFn();
    }

    /** P and grad_theta P at the samples {@code x} [N, ...]. Uses (and overwrites) D's gradient buffers. */
    public Result compute(MultiLayerNetwork critic, INDArray x) {
        int n = (int) x.size(0);
        INDArray g = inputGradient(critic, x).reshape(n, -1);         // [N, d] rows g_i = grad_x D(x_i)
        double[] norms = g.norm2(1).toDoubleVector();
        double value = 0;
        double[] coefficient = new double[n];
        for (int i = 0; i < n; i++) {
            value += phi.applyAsDouble(norms[i]) / n;
            coefficient[i] = norms[i] > 0 ? slope.applyAsDouble(norms[i]) / n : 0;
        }
        // v_i = g_i / ||g_i||, [N, d]
        INDArray direction = g.divColumnVector(Nd4j.createFromArray(safe(norms)).reshape(n, 1).castTo(g.dataType()));
        INDArray gradient = Nd4j.zeros(critic.params().dataType(), critic.numParams());
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (coefficient[i] != 0) {
                pending.add(i);
            }
        }
        double e = FIRST_STEP;
        for (int attempt = 0; attempt < ATTEMPTS && !pending.isEmpty(); attempt++) {
            pending = centralDifference(critic, x, direction, coefficient, pending, e, gradient);
            e /= SHRINK;
        }
        return new Result(value, gradient, pending.size());
    }

    /** grad_x of sum_i D(x_i): row i is grad_x D(x_i), since (without batch norm) D scores each row alone. */
    static INDArray inputGradient(MultiLayerNetwork critic, INDArray x) {
        critic.setInput(x);
        critic.feedForward(true, false);
        INDArray ones = Nd4j.ones(critic.params().dataType(), x.size(0), 1);
        return critic.backpropGradient(ones, LayerWorkspaceMgr.noWorkspaces()).getSecond().dup();
    }

    /**
     * Adds the exact term of every row in {@code rows} whose activation pattern is the same at x - e v and
     * x + e v to {@code gradient}; returns the rows that flipped.
     */
    private static List<Integer> centralDifference(MultiLayerNetwork critic, INDArray x, INDArray direction,   // v [N, d]
                                                   double[] coefficient, List<Integer> rows, double e,
                                                   INDArray gradient) {
        int m = rows.size();
        int[] index = rows.stream().mapToInt(Integer::intValue).toArray();
        INDArray at = x.reshape(x.size(0), -1).getRows(index);         // [m, d]
        INDArray step = direction.getRows(index).mul(e);
        long[] shape = x.shape().clone();
        shape[0] = 2L * m;
        INDArray both = Nd4j.concat(0, at.add(step), at.sub(step)).reshape(shape);  // x + e v, then x - e v
        critic.setInput(both);
        List<INDArray> activations = critic.feedForward(true, false);
        boolean[] flipped = flips(critic, activations, m);
        double[] eps = new double[2 * m];
        List<Integer> again = new ArrayList<>();
        for (int r = 0; r < m; r++) {
            if (flipped[r]) {
                again.add(index[r]);
                continue;
            }
            eps[r] = coefficient[index[r]] / (2 * e);
            eps[m + r] = -coefficient[index[r]] / (2 * e);
        }
        if (again.size() < m) {
            INDArray epsilon = Nd4j.createFromArray(eps).reshape(2 * m, 1).castTo(critic.params().dataType());
            gradient.addi(critic.backpropGradient(epsilon, LayerWorkspaceMgr.noWorkspaces()).getFirst().gradient());
        }
        return again;
    }

    /**
     * Row r flips when the output of some ReLU or LeakyReLU layer is positive (its pre-activation is) at one of
     * rows r and m + r and not at the other. activations.get(0) is the input, get(l + 1) layer l's output.
     * The counts of every layer are added on ND4J's backend and read once.
     */
    private static boolean[] flips(MultiLayerNetwork critic, List<INDArray> activations, int m) {
        boolean[] flipped = new boolean[m];
        INDArray differing = null;     // [m]: units whose sign differs between x + e v and x - e v, over all layers
        for (int layer = 0; layer < critic.getnLayers(); layer++) {
            if (activation(critic.getLayer(layer).conf().getLayer()) instanceof ActivationIdentity) {
                continue;
            }
            INDArray a = activations.get(layer + 1);
            INDArray positive = a.reshape(a.size(0), -1).gt(0);
            INDArray plus = positive.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, m),
                    org.nd4j.linalg.indexing.NDArrayIndex.all());
            INDArray minus = positive.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(m, 2 * m),
                    org.nd4j.linalg.indexing.NDArrayIndex.all());
            INDArray differ = plus.neq(minus).castTo(org.nd4j.linalg.api.buffer.DataType.INT32).sum(1);
            differing = differing == null ? differ : differing.addi(differ);
        }
        if (differing != null) {
            int[] counts = differing.toIntVector();
            for (int r = 0; r < m; r++) {
                flipped[r] = counts[r] > 0;
            }
        }
        return flipped;
    }

    private static double[] safe(double[] norms) {
        double[] out = norms.clone();
        for (int i = 0; i < out.length; i++) {
            if (!(out[i] > 0)) {
                out[i] = 1;
            }
        }
        return out;
    }
}
