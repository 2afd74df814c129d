package io.sparkgan.model.layers;

import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * The residual block of CycleGAN's generator (Zhu et al. 2017, after Johnson et al. 2016), as one layer so that
 * the generator stays a MultiLayerNetwork: y = x + IN2(conv2(relu(IN1(conv1(x))))), both convolutions 3 x 3,
 * stride 1, zero padding 1, C -> C channels, no bias (instance normalisation removes it). Input and output
 * [N, C, H, W]. Weights W1, W2 [3, 3, C, C] (kernel rows, columns, in, out) drawn from N(0, 0.02^2); gamma1,
 * gamma2 start at 1, beta1, beta2 at 0. The paper pads by reflection; zero padding keeps the op set to what ND4J's
 * conv2d offers. Gradients: SameDiff's automatic differentiation, checked in InstanceNormalizationTest.
 */
public class ResidualBlock extends ImageLayer {
    private static final double INIT_STD = 0.02;

    /** For DL4J's JSON deserialisation. */
    public ResidualBlock() {
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> params, SDVariable mask) {
        Conv2DConfig conv = Conv2DConfig.builder().kH(3).kW(3).sH(1).sW(1).pH(1).pW(1).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID).dataFormat(Conv2DConfig.NCHW).weightsFormat(WeightsFormat.YXIO).build();
        SDVariable h = sd.cnn().conv2d(x, params.get("W1"), conv);
        h = sd.nn().relu(InstanceNormalization.normalise(sd, h, params.get("gamma1"), params.get("beta1"), getChannels()), 0);
        h = sd.cnn().conv2d(h, params.get("W2"), conv);
        h = InstanceNormalization.normalise(sd, h, params.get("gamma2"), params.get("beta2"), getChannels());
        return SameDiffGradients.halved(sd, x.add(h));
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        params.addWeightParam("W1", 3, 3, getChannels(), getChannels());
        params.addWeightParam("gamma1", 1, getChannels());
        params.addBiasParam("beta1", 1, getChannels());
        params.addWeightParam("W2", 3, 3, getChannels(), getChannels());
        params.addWeightParam("gamma2", 1, getChannels());
        params.addBiasParam("beta2", 1, getChannels());
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        for (String w : new String[]{"W1", "W2"}) {
            INDArray target = params.get(w);
            target.assign(Nd4j.randn(target.dataType(), target.shape()).muli(INIT_STD));
        }
        params.get("gamma1").assign(1);
        params.get("gamma2").assign(1);
        params.get("beta1").assign(0);
        params.get("beta2").assign(0);
    }
}
