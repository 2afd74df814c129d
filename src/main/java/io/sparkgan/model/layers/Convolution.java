package io.sparkgan.model.layers;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * A k x k convolution with stride s, zero padding p, bias and an activation, on ND4J's conv2d op: [N, C, H, W] ->
 * [N, C', (H + 2p - k) / s + 1, (W + 2p - k) / s + 1]. It exists because DL4J 1.0.0-M2.1's ConvolutionLayer
 * builds an im2col buffer of N H' W' x C k^2 floats and multiplies it out by hand, while the conv2d op runs
 * oneDNN: for CycleGAN's last layer (7 x 7, 32 -> 1 channels, 28 x 28, 16 images) 232 ms against the residual
 * blocks' 12 ms for six times the arithmetic (ScratchSpeed measurement, 2026-12-02, AMD EPYC). Weights W
 * [k, k, C, C'] from N(0, 0.02^2) (or another std), bias [1, C'] at 0. Activation: identity, tanh, lrelu (slope 0.2) or relu.
 * Optionally followed by a q x q max-pool of stride q (ND4J's maxpool2d op, oneDNN as well): [N, C', H' / q, W' / q].
 * Fusing it into this layer instead of DL4J's SubsamplingLayer made the reference classifier's training step 1.18x
 * (batch 256) to 1.27x (batch 64) faster (src/site/markdown/measurements.md, 2026-12-02).
 */
public class Convolution extends ImageLayer {
    private static final double INIT_STD = 0.02;
    private static final double LEAK = 0.2;
    private int kernel;
    private int stride;
    private int padding;
    private long channelsOut;
    private String activation;
    private double initStd = INIT_STD;
    /** Max-pooling window and stride q after the activation; 1 = none (the default of files written before it). */
    private int pool = 1;
    /**
     * LeakyReLU and ReLU as z c(z) with c(z) = alpha + (1 - alpha) [z >= 0] (ReLU: [z > 0]), through which no
     * gradient flows (step's derivative is 0 where it exists), all vectorised ops; false = SameDiff's leakyRelu /
     * relu ops (libnd4j's LeakyRELU scalar op and a per-element lambda backward, about ten times slower). The same
     * values, the kink's side included.
     */
    private boolean vectorisedActivation = true;

    /** For DL4J's JSON deserialisation. */
    public Convolution() {
    }

    public Convolution(int kernel, int stride, int padding, long channelsOut, String activation) {
        this(kernel, stride, padding, channelsOut, activation, INIT_STD);
    }

    /** With weights from N(0, initStd^2) (He's sqrt(2 / (k k C)) for a ReLU network). */
    public Convolution(int kernel, int stride, int padding, long channelsOut, String activation, double initStd) {
        if (!java.util.List.of("identity", "tanh", "lrelu", "relu").contains(activation)) {
            throw new IllegalArgumentException("activation " + activation + "; allowed: identity, tanh, lrelu, relu");
        }
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.channelsOut = channelsOut;
        this.activation = activation;
        this.initStd = initStd;
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> params, SDVariable mask) {
        Conv2DConfig conv = Conv2DConfig.builder().kH(kernel).kW(kernel).sH(stride).sW(stride).pH(padding).pW(padding)
                .dH(1).dW(1).paddingMode(PaddingMode.VALID).dataFormat(Conv2DConfig.NCHW)
                .weightsFormat(WeightsFormat.YXIO).build();
        SDVariable z = sd.cnn().conv2d(x, params.get("W"), params.get("b").reshape(channelsOut), conv);
        SDVariable y = switch (activation) {
            case "tanh" -> sd.math().tanh(z);
            case "lrelu" -> vectorisedActivation ? piecewiseLinear(sd, z, LEAK) : sd.nn().leakyRelu(z, LEAK);
            case "relu" -> vectorisedActivation ? piecewiseLinear(sd, z, 0) : sd.nn().relu(z, 0);
            default -> z;
        };
        if (pool > 1) {
            y = sd.cnn().maxPooling2d(y, Pooling2DConfig.builder().kH(pool).kW(pool).sH(pool).sW(pool).pH(0).pW(0)
                    .dH(1).dW(1).paddingMode(PaddingMode.VALID).isNHWC(false).build());
        }
        return SameDiffGradients.halved(sd, y);
    }

    /** f(z) = z c(z): LeakyReLU of slope alpha (ReLU for 0), dL/dz = dL/df c(z). */
    static SDVariable piecewiseLinear(SameDiff sd, SDVariable z, double alpha) {
        if (alpha == 0) {
            return z.mul(sd.math().step(z, 0.0));                 // c = [z > 0]
        }
        SDVariable nonNegative = sd.math().step(z.neg(), 0.0).rsub(1.0);   // 1 - [z < 0] = [z >= 0]
        return z.mul(nonNegative.mul(1 - alpha).add(alpha));
    }

    /** This layer with SameDiff's own leakyRelu / relu ops instead of the vectorised form (model.dcgan.activations = dl4j). */
    public Convolution withDl4jActivation() {
        this.vectorisedActivation = false;
        return this;
    }

    /** This layer followed by a q x q max-pool of stride q. */
    public Convolution withMaxPool(int q) {
        if (q < 1) {
            throw new IllegalArgumentException("max-pool window " + q + " < 1");
        }
        this.pool = q;
        return this;
    }

    /** The activation as DL4J's function object, for code that inspects a network's nonlinearities. */
    public IActivation activationFunction() {
        return switch (activation) {
            case "tanh" -> new ActivationTanH();
            case "lrelu" -> new ActivationLReLU(LEAK);
            case "relu" -> new ActivationReLU();
            default -> new ActivationIdentity();
        };
    }

    /**
     * The weight tensor W [k, k, C, C'] of this layer's parameter table as the matrix [C', k k C] (a view: row o
     * holds output channel o's weights), the layout of DL4J's conv weights [C', C, k, k] up to a column order.
     */
    public static INDArray weightMatrix(INDArray w) {
        return w.reshape('c', w.size(0) * w.size(1) * w.size(2), w.size(3)).transpose();
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        params.addWeightParam("W", kernel, kernel, getChannels(), channelsOut);
        params.addBiasParam("b", 1, channelsOut);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        INDArray w = params.get("W");
        w.assign(Nd4j.randn(w.dataType(), w.shape()).muli(initStd));
        params.get("b").assign(0);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        InputType.InputTypeConvolutional in = (InputType.InputTypeConvolutional) inputType;
        return InputType.convolutional(((in.getHeight() + 2L * padding - kernel) / stride + 1) / pool,
                ((in.getWidth() + 2L * padding - kernel) / stride + 1) / pool, channelsOut);
    }

    public int getKernel() {
        return kernel;
    }

    public void setKernel(int kernel) {
        this.kernel = kernel;
    }

    public int getStride() {
        return stride;
    }

    public void setStride(int stride) {
        this.stride = stride;
    }

    public int getPadding() {
        return padding;
    }

    public void setPadding(int padding) {
        this.padding = padding;
    }

    public long getChannelsOut() {
        return channelsOut;
    }

    public void setChannelsOut(long channelsOut) {
        this.channelsOut = channelsOut;
    }

    public double getInitStd() {
        return initStd;
    }

    public void setInitStd(double initStd) {
        this.initStd = initStd;
    }

    public int getPool() {
        return pool;
    }

    public void setPool(int pool) {
        this.pool = pool;
    }

    public boolean isVectorisedActivation() {
        return vectorisedActivation;
    }

    public void setVectorisedActivation(boolean vectorisedActivation) {
        this.vectorisedActivation = vectorisedActivation;
    }

    public String getActivation() {
        return activation;
    }

    public void setActivation(String activation) {
        this.activation = activation;
    }
}
