package io.sparkgan.model.layers;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The SameDiff steps that the residual blocks of {@link ResidualUpBlock}, {@link ResidualDownBlock} and
 * {@link NormalisedConvolution} are made of, on images [N, C, H, W], with weights laid out [k, k, C, C'].
 */
final class ResidualOps {
    static final double EPSILON = 1e-5;

    private ResidualOps() {
    }

    /** A k x k convolution of stride 1 with zero padding (k - 1) / 2 and a bias: [N, C, H, W] -> [N, C', H, W]. */
    static SDVariable convolution(SameDiff sd, SDVariable x, SDVariable w, SDVariable b, int kernel, long channelsOut) {
        return sd.cnn().conv2d(x, w, b.reshape(channelsOut), convolutionConfig(kernel));
    }

    /** The same convolution on arrays, outside a SameDiff graph (the same conv2d op). */
    static INDArray convolution(INDArray x, INDArray w, INDArray b, int kernel) {
        return Nd4j.cnn().conv2d(x, w, b.reshape(w.size(3)), convolutionConfig(kernel));
    }

    /** conv2d's settings for a k x k kernel of stride 1 with zero padding (k - 1) / 2, NCHW, weights [k, k, C, C']. */
    private static Conv2DConfig convolutionConfig(int kernel) {
        int pad = (kernel - 1) / 2;
        return Conv2DConfig.builder().kH(kernel).kW(kernel).sH(1).sW(1).pH(pad).pW(pad).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID).dataFormat(Conv2DConfig.NCHW).weightsFormat(WeightsFormat.YXIO).build();
    }

    /** ReLU as z [z > 0] (vectorised ops; no gradient flows through the step): Convolution's piecewise-linear form. */
    static SDVariable relu(SameDiff sd, SDVariable z) {
        return Convolution.piecewiseLinear(sd, z, 0);
    }

    /** Nearest-neighbour upsampling by 2: [N, C, H, W] -> [N, C, 2H, 2W], each value copied to a 2 x 2 square. */
    static SDVariable upsample(SameDiff sd, SDVariable x) {
        return sd.cnn().upsampling2d(x, 2, 2, true);
    }

    /** 2 x 2 average pooling of stride 2: [N, C, H, W] -> [N, C, H / 2, W / 2] (H, W even). */
    static SDVariable averagePool(SameDiff sd, SDVariable x) {
        return sd.cnn().avgPooling2d(x, Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2).pH(0).pW(0).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID).isNHWC(false).build());
    }

    /**
     * Batch normalisation with the batch's own statistics, per channel c over the N H W values of the batch:
     * y = gamma_c (x - mu_c) / sqrt(var_c + eps) + beta_c, mu_c and var_c (biased) over dimensions 0, 2 and 3.
     * These layers keep no running statistics: generation normalises with the statistics of the batch generated,
     * as training does (see {@link ResidualUpBlock}).
     */
    static SDVariable batchNormalise(SameDiff sd, SDVariable x, SDVariable gamma, SDVariable beta, long channels) {
        SDVariable mean = x.mean(true, 0, 2, 3);                        // [1, C, 1, 1]
        SDVariable centred = x.sub(mean);
        SDVariable variance = centred.mul(centred).mean(true, 0, 2, 3);   // [1, C, 1, 1]
        return scaled(sd, centred, variance, gamma, beta, channels);
    }

    /**
     * Batch normalisation k of a layer: on the batch's statistics when {@code standing} is null, else on the fixed
     * per-channel mean and variance it holds for k (standing[0][k], standing[1][k], each [C]), as constants.
     */
    static SDVariable batchNormalise(SameDiff sd, SDVariable x, SDVariable gamma, SDVariable beta, long channels,
                                     double[][][] standing, int k) {
        if (standing == null) {
            return batchNormalise(sd, x, gamma, beta, channels);
        }
        SDVariable mean = sd.constant(Nd4j.createFromArray(standing[0][k]).reshape(1, channels, 1, 1)
                .castTo(x.dataType()));
        SDVariable variance = sd.constant(Nd4j.createFromArray(standing[1][k]).reshape(1, channels, 1, 1)
                .castTo(x.dataType()));
        return scaled(sd, x.sub(mean), variance, gamma, beta, channels);
    }

    /** gamma_c (x - mu_c) / sqrt(var_c + eps) + beta_c from the centred x and the variance [1, C, 1, 1]. */
    private static SDVariable scaled(SameDiff sd, SDVariable centred, SDVariable variance, SDVariable gamma,
                                     SDVariable beta, long channels) {
        SDVariable normalised = centred.div(sd.math().sqrt(variance.add(EPSILON)));
        return normalised.mul(gamma.reshape(1, channels, 1, 1)).add(beta.reshape(1, channels, 1, 1));
    }

    /**
     * The same batch normalisation on arrays, on the batch's statistics (what the layers compute in training):
     * [N, C, H, W] -> [N, C, H, W].
     */
    static INDArray batchNormalise(INDArray x, INDArray gamma, INDArray beta) {
        long c = x.size(1);
        INDArray mean = x.mean(true, 0, 2, 3);                              // [1, C, 1, 1]
        INDArray centred = x.sub(mean);
        INDArray variance = centred.mul(centred).mean(true, 0, 2, 3);       // [1, C, 1, 1]
        INDArray normalised = centred.div(org.nd4j.linalg.ops.transforms.Transforms.sqrt(variance.add(EPSILON), false));
        return normalised.mul(gamma.reshape(1, c, 1, 1)).add(beta.reshape(1, c, 1, 1));
    }

    /** ReLU on arrays: x [x > 0]. */
    static INDArray relu(INDArray x) {
        return x.mul(x.gt(0).castTo(x.dataType()));
    }

    /** Nearest-neighbour upsampling by 2 on arrays (the same op). */
    static INDArray upsample(INDArray x) {
        return Nd4j.cnn().upsampling2d(x, 2, 2, true);
    }

    /**
     * Glorot's normal initialisation of a k x k convolution's weights [k, k, C, C'] times {@code gain}:
     * std = gain sqrt(2 / (k k C + k k C')), the normal form of Mimicry's xavier_uniform (gain sqrt 2 inside a block,
     * 1 on a shortcut and an output).
     */
    static void glorot(INDArray w, double gain) {
        double receptive = w.size(0) * w.size(1);
        double std = gain * Math.sqrt(2.0 / (receptive * w.size(2) + receptive * w.size(3)));
        w.assign(Nd4j.randn(w.dataType(), w.shape()).muli(std));
    }
}
