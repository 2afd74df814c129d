package io.sparkgan.loss;

import io.sparkgan.config.Lipschitz;
import io.sparkgan.config.Loss;
import io.sparkgan.config.LossConfig;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The exact parameter gradient of the input-gradient penalties against float64 central finite differences of
 * the penalty itself, P(theta) = 1/N sum_i phi(||grad_x D(x_i; theta)||), over every parameter of an MLP critic,
 * of a convolutional critic and of a critic of SNGAN's residual down-blocks.
 */
class InputGradientPenaltyTest {
    private static final double LAMBDA = 10;
    private static final double GAMMA = 1;
    /** phi(n) = lambda (n - 1)^2. */
    private static final InputGradientPenalty WGAN_GP = new InputGradientPenalty(LAMBDA, 1);
    /** phi(n) = (gamma / 2) n^2. */
    private static final InputGradientPenalty R1 = new InputGradientPenalty(GAMMA / 2, 0);
    /** WGAN-GP's interpolation weights for the 5 rows of the MLP tests. */
    private static final INDArray MIXING = Nd4j.createFromArray(0.1, 0.3, 0.5, 0.7, 0.9);

    private static NeuralNetConfiguration.Builder doubles(long seed) {
        return new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.DOUBLE).weightInit(WeightInit.XAVIER);
    }

    /** x [5, 3] -> dense 6 LeakyReLU 0.2 -> dense 4 ReLU -> dense 1. */
    private static MultiLayerNetwork mlpCritic() {
        MultiLayerNetwork net = new MultiLayerNetwork(doubles(3).list()
                .layer(new DenseLayer.Builder().nOut(6).activation(new ActivationLReLU(0.2)).build())
                .layer(new DenseLayer.Builder().nOut(4).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(1).activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(3)).build());
        net.init();
        return net;
    }

    /** x [4, 1, 6, 6] -> conv 3x3/1 3 channels, identity -> LeakyReLU 0.2 -> conv 2x2/2 2 channels, ReLU -> dense 1. */
    private static MultiLayerNetwork convCritic() {
        MultiLayerNetwork net = new MultiLayerNetwork(doubles(5).list()
                .layer(new ConvolutionLayer.Builder(3, 3).stride(1, 1).nOut(3).activation(Activation.IDENTITY).build())
                .layer(new ActivationLayer.Builder().activation(new ActivationLReLU(0.2)).build())
                .layer(new ConvolutionLayer.Builder(2, 2).stride(2, 2).nOut(2).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(1).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(6, 6, 1)).build());
        net.init();
        return net;
    }

    /**
     * The same shape on the conv2d-op layers of the dcgan critic: x [4, 1, 6, 6] -> Convolution 3x3/1 3 channels,
     * identity -> LeakyReLU 0.2 -> Convolution 2x2/2 2 channels with LeakyReLU fused -> dense 1.
     */
    private static MultiLayerNetwork opConvCritic() {
        MultiLayerNetwork net = new MultiLayerNetwork(doubles(6).list()
                .layer(new io.sparkgan.model.layers.Convolution(3, 1, 0, 3, "identity"))
                .layer(new ActivationLayer.Builder().activation(new ActivationLReLU(0.2)).build())
                .layer(new io.sparkgan.model.layers.Convolution(2, 2, 0, 2, "lrelu"))
                .layer(new DenseLayer.Builder().nOut(1).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(6, 6, 1)).build());
        net.init();
        io.sparkgan.model.layers.SameDiffGradients.prepareQuietly(net, new long[]{1, 6, 6});
        net.params().muli(10);   // N(0, 0.02^2) weights give a penalty too flat to difference; scale them up
        return net;
    }

    /**
     * SNGAN's critic in small: x [3, 1, 8, 8] -> first down-block 2 channels (learned shortcut, 8 -> 4) -> down-block
     * (4 -> 2) -> block without pooling (identity shortcut) -> ReLU -> global sum pooling -> dense 1. Internal ReLUs
     * only: the penalty must find their flips inside the blocks.
     */
    private static MultiLayerNetwork residualCritic() {
        MultiLayerNetwork net = new MultiLayerNetwork(doubles(7).list()
                .layer(new io.sparkgan.model.layers.ResidualDownBlock(2, true, true))
                .layer(new io.sparkgan.model.layers.ResidualDownBlock(2, false, true))
                .layer(new io.sparkgan.model.layers.ResidualDownBlock(2, false, false))
                .layer(new ActivationLayer.Builder().activation(Activation.RELU).build())
                .layer(new org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer(
                        org.deeplearning4j.nn.conf.layers.PoolingType.SUM))
                .layer(new DenseLayer.Builder().nOut(1).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(8, 8, 1)).build());
        net.init();
        io.sparkgan.model.layers.SameDiffGradients.prepareQuietly(net, new long[]{1, 8, 8});
        return net;
    }

    private static INDArray normal(long seed, long... shape) {
        SplittableRandom random = new SplittableRandom(seed);
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        double[] values = new double[(int) n];
        for (int i = 0; i < values.length; i++) {
            values[i] = io.sparkgan.data.Gaussian.next(random);
        }
        return Nd4j.create(values, shape, 'c');
    }

    /** P at the critic's current parameters, in float64. */
    private static double penalty(MultiLayerNetwork critic, INDArray x, InputGradientPenalty phi) {
        int n = (int) x.size(0);
        double[] norms = InputGradientPenalty.inputGradient(critic, x).reshape(n, -1).norm2(1).toDoubleVector();
        double p = 0;
        for (double norm : norms) {
            p += phi.phi(norm) / n;
        }
        return p;
    }

    /** Every component of the gradient against (P(theta + h e_j) - P(theta - h e_j)) / 2h. */
    private static void assertExact(MultiLayerNetwork critic, INDArray x, InputGradientPenalty phi) {
        InputGradientPenalty.Result result = phi.compute(critic, x);
        assertThat(result.dropped()).isZero();
        assertThat(result.value().getDouble(0)).isCloseTo(penalty(critic, x, phi), org.assertj.core.data.Offset.offset(1e-12));
        INDArray params = critic.params();
        double h = 1e-6;
        double largest = 0;
        for (int j = 0; j < params.length(); j++) {
            double at = params.getDouble(j);
            params.putScalar(j, at + h);
            double plus = penalty(critic, x, phi);
            params.putScalar(j, at - h);
            double minus = penalty(critic, x, phi);
            params.putScalar(j, at);
            double numeric = (plus - minus) / (2 * h);
            largest = Math.max(largest, Math.abs(numeric));
            assertThat(result.gradient().getDouble(j)).as("parameter %d", j)
                    .isCloseTo(numeric, org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, Math.abs(numeric))));
        }
        assertThat(largest).as("a penalty that depends on the parameters").isGreaterThan(1e-3);
    }

    @Test
    void wganGpGradientOfAnMlpCriticIsExact() {
        assertExact(mlpCritic(), normal(1, 5, 3), WGAN_GP);
    }

    @Test
    void r1GradientOfAnMlpCriticIsExact() {
        assertExact(mlpCritic(), normal(2, 5, 3), R1);
    }

    @Test
    void wganGpGradientOfAConvolutionalCriticIsExact() {
        assertExact(convCritic(), normal(3, 4, 1, 6, 6), WGAN_GP);
    }

    @Test
    void r1GradientOfAConvolutionalCriticIsExact() {
        assertExact(convCritic(), normal(4, 4, 1, 6, 6), R1);
    }

    @Test
    void wganGpGradientOfAConvolutionalCriticOnTheConv2dOpIsExact() {
        assertExact(opConvCritic(), normal(8, 4, 1, 6, 6), WGAN_GP);
    }

    @Test
    void r1GradientOfAConvolutionalCriticOnTheConv2dOpIsExact() {
        assertExact(opConvCritic(), normal(9, 4, 1, 6, 6), R1);
    }

    @Test
    void wganGpGradientOfAResidualCriticIsExact() {
        assertExact(residualCritic(), normal(12, 3, 1, 8, 8), WGAN_GP);
    }

    @Test
    void r1GradientOfAResidualCriticIsExact() {
        assertExact(residualCritic(), normal(13, 3, 1, 8, 8), R1);
    }

    /**
     * A kink inside a block, and only there: at e = 0.5 some sample crosses an internal ReLU of the residual critic
     * (its blocks' outputs feed no other kink test), is redone with smaller steps, and the gradient is the exact one.
     */
    @Test
    void flipsInsideAResidualBlockAreFoundAndRedone() {
        MultiLayerNetwork critic = residualCritic();
        INDArray x = normal(14, 3, 1, 8, 8);
        InputGradientPenalty.Result wide = R1.compute(critic, x, 0.5);
        InputGradientPenalty.Result exact = R1.compute(critic, x);
        assertThat(wide.redone()).as("samples that flipped at e = 0.5").isPositive();
        assertThat(wide.dropped()).isZero();
        assertThat(wide.gradient().sub(exact.gradient()).amaxNumber().doubleValue())
                .isLessThan(1e-7 * exact.gradient().amaxNumber().doubleValue());
    }

    /**
     * The resnet discriminator that training builds (float32, 28 px, widths 4) through GradientPenalties, which
     * differences a float64 copy: every sample is kept, and the gradient is that of the float64 critic itself.
     */
    @Test
    void theResnetDiscriminatorOfTrainingTakesBothPenalties() {
        io.sparkgan.config.GanConfig c = io.sparkgan.config.ConfigLoader.parse("", "t", java.util.List.of(
                "data.source=idx", "data.idx.images=x", "model.type=resnet", "model.resnet.discriminator-width=4",
                "model.resnet.generator-width=4", "loss.family=wasserstein", "loss.lipschitz=gradient-penalty",
                "loss.r1-gamma=1"));
        MultiLayerNetwork d = io.sparkgan.model.NetworkFactory.create(c.model(), c.train(), new long[]{1, 28, 28}, 3)
                .discriminator();
        INDArray real = normal(15, 4, 1, 28, 28).castTo(DataType.FLOAT);
        INDArray fake = normal(16, 4, 1, 28, 28).castTo(DataType.FLOAT);
        INDArray mixing = Nd4j.createFromArray(0.2, 0.4, 0.6, 0.8);
        InputGradientPenalty.Result r = GradientPenalties.from(c.loss()).compute(d, real, fake, mixing, 0);
        assertThat(r.dropped()).isZero();
        MultiLayerNetwork d64 = d.convertDataType(DataType.DOUBLE);
        io.sparkgan.model.layers.SameDiffGradients.prepareQuietly(d64, new long[]{1, 28, 28});
        INDArray real64 = real.castTo(DataType.DOUBLE);
        INDArray expected = new InputGradientPenalty(LAMBDA, 1)
                .compute(d64, GradientPenalties.interpolates(real64, fake.castTo(DataType.DOUBLE), mixing)).gradient()
                .add(R1.compute(d64, real64).gradient());
        assertThat(r.gradient().dataType()).isEqualTo(DataType.FLOAT);
        assertThat(r.gradient().castTo(DataType.DOUBLE).sub(expected).amaxNumber().doubleValue())
                .isLessThan(1e-5 * expected.amaxNumber().doubleValue());
        assertThat(expected.amaxNumber().doubleValue()).isPositive();
    }

    /**
     * A first half-width of 0.5 crosses some unit's kink between x - e v and x + e v for some samples; they are
     * redone with e / 16 and smaller, and the gradient is still the exact one (that of the default first step).
     */
    @Test
    void samplesWhoseActivationsChangeAreRedoneWithSmallerSteps() {
        MultiLayerNetwork critic = mlpCritic();
        INDArray x = normal(11, 5, 3);
        InputGradientPenalty.Result wide = WGAN_GP.compute(critic, x, 0.5);
        InputGradientPenalty.Result exact = WGAN_GP.compute(critic, x);
        assertThat(wide.redone()).as("samples that flipped at e = 0.5").isPositive();
        assertThat(exact.redone()).isZero();
        assertThat(wide.dropped()).isZero();
        assertThat(wide.gradient().sub(exact.gradient()).amaxNumber().doubleValue())
                .isLessThan(1e-7 * exact.gradient().amaxNumber().doubleValue());
        assertThat(wide.value().getDouble(0)).isEqualTo(exact.value().getDouble(0));
    }

    /**
     * x -> dense 1 (w = 1, b = 0) LeakyReLU 0.2 -> dense 1 (w = 1, b = 0). At x = 0 the unit's pre-activation is 0, so
     * x - e v and x + e v lie on its two sides for every e: that sample flips at every step, is left out and counted;
     * the sample at x = 1 is differenced at once.
     */
    @Test
    void aSampleOnAKinkAtEveryStepIsLeftOutAndCounted() {
        MultiLayerNetwork critic = new MultiLayerNetwork(doubles(1).list()
                .layer(new DenseLayer.Builder().nOut(1).activation(new ActivationLReLU(0.2)).build())
                .layer(new DenseLayer.Builder().nOut(1).activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(1)).build());
        critic.init();
        critic.params().assign(Nd4j.createFromArray(1.0, 0.0, 1.0, 0.0).reshape(1, 4));
        InputGradientPenalty.Result r = R1.compute(critic, Nd4j.createFromArray(new double[][]{{0}, {1}}));
        assertThat(r.redone()).isEqualTo(1);
        assertThat(r.dropped()).isEqualTo(1);
        InputGradientPenalty.Result clear = R1.compute(critic, Nd4j.createFromArray(new double[][]{{1}, {2}}));
        assertThat(clear.dropped()).isZero();
    }

    @Test
    void interpolatesLieOnTheSegmentsBetweenRealAndFake() {
        INDArray real = normal(5, 4, 3);
        INDArray fake = normal(6, 4, 3);
        INDArray weights = Nd4j.createFromArray(0.0, 0.25, 0.9, 1.0);
        INDArray mixed = GradientPenalties.interpolates(real, fake, weights);
        for (int i = 0; i < 4; i++) {
            double a = weights.getDouble(i);
            INDArray expected = real.getRow(i).mul(a).add(fake.getRow(i).mul(1 - a));
            assertThat(mixed.getRow(i).sub(expected).amaxNumber().doubleValue()).isLessThan(1e-12);
        }
    }

    /**
     * Lazy R1 with n = 4: on D steps 0 and 8 exactly n times the R1 of every step (value and parameter gradient,
     * gamma 4 instead of 1), on steps 1 to 3 and 9 nothing; a gradient penalty stays on every step.
     */
    @Test
    void lazyR1IsNTimesR1OnEveryNthDStepAndAbsentBetween() {
        MultiLayerNetwork critic = mlpCritic();
        INDArray real = normal(3, 5, 3);
        INDArray fake = normal(4, 5, 3);
        GradientPenalties everyStep = GradientPenalties.from(new LossConfig(Loss.NON_SATURATING, Lipschitz.NONE, 0.01, 1, 0,
                10, GAMMA, 1));
        GradientPenalties lazy = GradientPenalties.from(new LossConfig(Loss.NON_SATURATING, Lipschitz.NONE, 0.01, 1, 0,
                10, GAMMA, 4));
        InputGradientPenalty.Result once = everyStep.compute(critic, real, fake, MIXING, 5);
        for (long step : new long[] {0, 8}) {
            InputGradientPenalty.Result r = lazy.compute(critic, real, fake, MIXING, step);
            assertThat(r.value().getDouble(0)).isCloseTo(4 * once.value().getDouble(0), org.assertj.core.api.Assertions.within(1e-12));
            assertThat(r.gradient().sub(once.gradient().mul(4)).amaxNumber().doubleValue())
                    .isLessThan(1e-9 * once.gradient().amaxNumber().doubleValue());
        }
        for (long step : new long[] {1, 2, 3, 9}) {
            assertThat(lazy.compute(critic, real, fake, MIXING, step)).as("step " + step).isNull();
        }
        GradientPenalties gpAndLazyR1 = GradientPenalties.from(new LossConfig(Loss.WASSERSTEIN,
                Lipschitz.GRADIENT_PENALTY, 0.01, 1, 0, 10, GAMMA, 4));
        assertThat(gpAndLazyR1.compute(critic, real, fake, MIXING, 3)).isNotNull();
    }

    @Test
    void aCriticWithBatchNormalisationIsRefusedWithTheReason() {
        MultiLayerNetwork bn = new MultiLayerNetwork(doubles(1).list()
                .layer(new DenseLayer.Builder().nOut(4).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new DenseLayer.Builder().nOut(1).activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(3)).build());
        bn.init();
        GradientPenalties gp = GradientPenalties.from(new LossConfig(Loss.WASSERSTEIN, Lipschitz.GRADIENT_PENALTY,
                0.01, 1, 0, 10, 0, 1));
        assertThatThrownBy(() -> gp.compute(bn, normal(1, 2, 3), normal(2, 2, 3), MIXING, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("layer 1 of D is BatchNormalization")
                .hasMessageContaining("depends on the other samples of the batch");
    }

    @Test
    void aCriticThatIsNotPiecewiseLinearIsRefused() {
        MultiLayerNetwork tanh = new MultiLayerNetwork(doubles(1).list()
                .layer(new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nOut(1).activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(3)).build());
        tanh.init();
        assertThatThrownBy(() -> InputGradientPenalty.checkPiecewiseLinear(tanh))
                .hasMessageContaining("layer 0 of D has the activation tanh");
    }
}
