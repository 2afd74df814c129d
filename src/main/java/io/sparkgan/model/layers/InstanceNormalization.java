package io.sparkgan.model.layers;

import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * Instance normalisation (Ulyanov et al. 2016), which DL4J lacks: each image's channel is normalised over its own
 * pixels, y[n,c,h,w] = gamma_c (x[n,c,h,w] - mu[n,c]) / sqrt(var[n,c] + eps) + beta_c, with mu and var the mean
 * and (biased) variance over h and w. Input and output [N, C, H, W]; parameters gamma and beta [1, C], starting
 * at 1 and 0. No running statistics: training and inference compute the same thing, and images of one minibatch
 * never influence each other (so a minibatch of several inputs stacked is the same as each input on its own).
 * The backward pass is SameDiff's automatic differentiation of these ops; InstanceNormalizationTest checks it
 * against central finite differences.
 */
public class InstanceNormalization extends ImageLayer {
    static final double EPSILON = 1e-5;

    /** For DL4J's JSON deserialisation. */
    public InstanceNormalization() {
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> params, SDVariable mask) {
        return SameDiffGradients.halved(sd, normalise(sd, x, params.get("gamma"), params.get("beta"), getChannels()));
    }

    /** The normalisation of {@code x} [N, C, H, W] with gamma and beta [1, C]; also a step of {@link ResidualBlock}. */
    static SDVariable normalise(SameDiff sd, SDVariable x, SDVariable gamma, SDVariable beta, long channels) {
        SDVariable mean = x.mean(true, 2, 3);                       // [N, C, 1, 1]
        SDVariable centred = x.sub(mean);
        SDVariable variance = centred.mul(centred).mean(true, 2, 3);  // [N, C, 1, 1]
        SDVariable normalised = centred.div(sd.math().sqrt(variance.add(EPSILON)));
        return normalised.mul(gamma.reshape(1, channels, 1, 1)).add(beta.reshape(1, channels, 1, 1));
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        params.addWeightParam("gamma", 1, getChannels());
        params.addBiasParam("beta", 1, getChannels());
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        params.get("gamma").assign(1);
        params.get("beta").assign(0);
    }
}
