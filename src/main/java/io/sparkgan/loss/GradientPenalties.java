package io.sparkgan.loss;

import io.sparkgan.config.Lipschitz;
import io.sparkgan.config.LossConfig;
import io.sparkgan.model.layers.SameDiffGradients;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The input-gradient penalties of D's step, added to D's loss:
 * WGAN-GP (Gulrajani et al. 2017, loss.lipschitz = gradient-penalty): lambda (||grad_x D(x_hat)|| - 1)^2 on
 * x_hat = a x_real + (1 - a) x_fake with a ~ U[0, 1] per sample, so phi(n) = lambda (n - 1)^2, phi' = 2 lambda (n - 1);
 * R1 (Mescheder et al. 2018, loss.r1-gamma): (gamma / 2) ||grad_x D(x_real)||^2, phi(n) = gamma n^2 / 2, phi' = gamma n.
 * Both means over the minibatch. Their parameter gradients are exact ({@link InputGradientPenalty}).
 * Lazy R1 (loss.r1-interval = n > 1, as in StyleGAN2): R1 only on the D steps whose run-wide index is a multiple
 * of n, with gamma n, so the penalty's gradient summed over n steps is the same in expectation at 1/n of the cost.
 */
public final class GradientPenalties {
    private final InputGradientPenalty interpolated;
    private final InputGradientPenalty real;
    /** n of lazy R1: R1 on D steps s with s mod n = 0. */
    private final int realInterval;
    /** D in float64, made on first use and given D's parameters at every step. */
    private MultiLayerNetwork float64Critic;

    private GradientPenalties(InputGradientPenalty interpolated, InputGradientPenalty real, int realInterval) {
        this.interpolated = interpolated;
        this.real = real;
        this.realInterval = realInterval;
    }

    /** The penalties that {@code loss} asks for; {@link #none()} when it asks for none. */
    public static GradientPenalties from(LossConfig loss) {
        double lambda = loss.gradientPenaltyWeight();
        int interval = loss.r1Interval();
        double gamma = loss.r1Gamma() * interval;     // lazy R1: gamma n on every n-th step
        InputGradientPenalty gp = loss.lipschitz() == Lipschitz.GRADIENT_PENALTY
                ? new InputGradientPenalty(lambda, 1) : null;                  // lambda (n - 1)^2
        InputGradientPenalty r1 = gamma > 0 ? new InputGradientPenalty(gamma / 2, 0) : null;   // (gamma / 2) n^2
        return new GradientPenalties(gp, r1, interval);
    }

    public static GradientPenalties none() {
        return new GradientPenalties(null, null, 1);
    }

    /** Whether WGAN-GP is on, so that {@link #compute} needs the interpolation weights a. */
    public boolean interpolates() {
        return interpolated != null;
    }

    /** Whether a penalty applies to the D step of run-wide index {@code discriminatorStep}. */
    public boolean appliesAt(long discriminatorStep) {
        return interpolated != null || real != null && discriminatorStep % realInterval == 0;
    }

    /**
     * The penalties' value and parameter gradient on D's inputs of this step (both [B, ...], as D sees them).
     * Null when none applies to this step.
     *
     * @param mixing            [B] the interpolation weights a ~ U[0, 1] of WGAN-GP (null when {@link #interpolates}
     *                          is false)
     * @param discriminatorStep the run-wide index of this D step (lazy R1 applies where it is a multiple of n)
     */
    public InputGradientPenalty.Result compute(MultiLayerNetwork critic, INDArray realIn, INDArray fakeIn,
                                               INDArray mixing, long discriminatorStep) {
        if (!appliesAt(discriminatorStep)) {
            return null;
        }
        boolean realTerm = real != null && discriminatorStep % realInterval == 0;
        InputGradientPenalty.checkPiecewiseLinear(critic);
        MultiLayerNetwork d = inFloat64(critic, java.util.Arrays.copyOfRange(realIn.shape(), 1, realIn.rank()));
        INDArray realX = realIn.castTo(DataType.DOUBLE);
        INDArray value = Nd4j.scalar(0.0);
        int redone = 0;
        int dropped = 0;
        INDArray gradient = null;
        if (interpolated != null) {
            InputGradientPenalty.Result r = interpolated.compute(d, interpolates(realX, fakeIn.castTo(DataType.DOUBLE),
                    mixing));
            value.addi(r.value());
            redone += r.redone();
            dropped += r.dropped();
            gradient = r.gradient();
        }
        if (realTerm) {
            InputGradientPenalty.Result r = real.compute(d, realX);
            value.addi(r.value());
            redone += r.redone();
            dropped += r.dropped();
            gradient = gradient == null ? r.gradient() : gradient.addi(r.gradient());
        }
        return new InputGradientPenalty.Result(value, gradient.castTo(critic.params().dataType()), redone,
                dropped);
    }

    /**
     * The penalty is computed in float64: a critic with tens of thousands of units has, for almost every sample,
     * some unit whose pre-activation is within float32 rounding of 0, so the central difference needs a step far
     * below what float32 can difference. In float64 the step can be 1e-3 and smaller without losing the digits.
     */
    private MultiLayerNetwork inFloat64(MultiLayerNetwork critic, long[] sampleShape) {
        if (critic.params().dataType() == DataType.DOUBLE) {
            return critic;
        }
        if (float64Critic == null || float64Critic.numParams() != critic.numParams()) {
            float64Critic = critic.convertDataType(DataType.DOUBLE);
            SameDiffGradients.prepareQuietly(float64Critic, sampleShape);
        } else {
            float64Critic.params().assign(critic.params());
        }
        return float64Critic;
    }

    /** x_hat_i = a_i x_real_i + (1 - a_i) x_fake_i for the weights {@code mixing} [N]. */
    static INDArray interpolates(INDArray real, INDArray fake, INDArray mixing) {
        long n = real.size(0);
        INDArray weights = mixing.castTo(real.dataType()).reshape(n, 1);
        INDArray flatReal = real.reshape(n, -1);
        INDArray flatFake = fake.reshape(n, -1);
        // x_fake + a (x_real - x_fake)
        return flatReal.sub(flatFake).muliColumnVector(weights).addi(flatFake).reshape(real.shape());
    }
}
