package io.sparkgan.model.layers;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

/**
 * SNGAN's generator block (Miyato et al. 2018; Mimicry's GBlock), one layer so that G stays a MultiLayerNetwork:
 * <pre>
 *   h = conv3x3_2(relu(BN_2(conv3x3_1(up(relu(BN_1(x)))))))      [N, C, H, W] -> [N, C', 2H, 2W]
 *   y = h + up(conv1x1_s(x))
 * </pre>
 * up is nearest-neighbour upsampling by 2. The shortcut's 1 x 1 convolution runs before the upsampling (the paper
 * writes it after): a pointwise linear map commutes with copying pixels, so the values are the same, at a quarter
 * of the arithmetic. Parameters: gamma1, beta1 [1, C]; W1 [3, 3, C, C'], b1 [1, C']; gamma2, beta2 [1, C'];
 * W2 [3, 3, C', C'], b2 [1, C']; Ws [1, 1, C, C'], bs [1, C']. W1 and W2 start from Glorot's normal with gain sqrt 2,
 * Ws with gain 1, gamma at 1, beta and the biases at 0.
 * <p>
 * Batch normalisation uses the statistics of the batch it is given: DL4J 1.0.0-M2.1's SameDiff layers do not learn
 * whether a pass is training or inference, so there are no running statistics. Generation uses a copy with fixed
 * "standing statistics" instead ({@link BatchCoupled}). Gradients: SameDiff's automatic differentiation, checked
 * against central differences in ResidualBlocksTest.
 */
public class ResidualUpBlock extends BatchNormalisedLayer {
    private long channelsOut;

    /** For DL4J's JSON deserialisation. */
    public ResidualUpBlock() {
    }

    public ResidualUpBlock(long channelsOut) {
        this.channelsOut = channelsOut;
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> p, SDVariable mask) {
        long c = getChannels();
        double[][][] standing = standing();
        SDVariable h = ResidualOps.relu(sd,
                ResidualOps.batchNormalise(sd, x, p.get("gamma1"), p.get("beta1"), c, standing, 0));
        h = ResidualOps.convolution(sd, ResidualOps.upsample(sd, h), p.get("W1"), p.get("b1"), 3, channelsOut);
        h = ResidualOps.relu(sd,
                ResidualOps.batchNormalise(sd, h, p.get("gamma2"), p.get("beta2"), channelsOut, standing, 1));
        h = ResidualOps.convolution(sd, h, p.get("W2"), p.get("b2"), 3, channelsOut);
        SDVariable shortcut = ResidualOps.upsample(sd,
                ResidualOps.convolution(sd, x, p.get("Ws"), p.get("bs"), 1, channelsOut));
        return SameDiffGradients.halved(sd, h.add(shortcut));
    }

    /** [x, conv3x3_1(up(relu(BN_1(x))))]: what BN_1 and BN_2 normalise, BN_1 on the batch's statistics. */
    @Override
    public List<INDArray> normalisedInputs(INDArray input, Map<String, INDArray> p) {
        INDArray h = ResidualOps.relu(ResidualOps.batchNormalise(input, p.get("gamma1"), p.get("beta1")));
        return List.of(input, ResidualOps.convolution(ResidualOps.upsample(h), p.get("W1"), p.get("b1"), 3));
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        long c = getChannels();
        params.addWeightParam("gamma1", 1, c);
        params.addBiasParam("beta1", 1, c);
        params.addWeightParam("W1", 3, 3, c, channelsOut);
        params.addBiasParam("b1", 1, channelsOut);
        params.addWeightParam("gamma2", 1, channelsOut);
        params.addBiasParam("beta2", 1, channelsOut);
        params.addWeightParam("W2", 3, 3, channelsOut, channelsOut);
        params.addBiasParam("b2", 1, channelsOut);
        params.addWeightParam("Ws", 1, 1, c, channelsOut);
        params.addBiasParam("bs", 1, channelsOut);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        ResidualOps.glorot(params.get("W1"), Math.sqrt(2));
        ResidualOps.glorot(params.get("W2"), Math.sqrt(2));
        ResidualOps.glorot(params.get("Ws"), 1);
        params.get("gamma1").assign(1);
        params.get("gamma2").assign(1);
        for (String zero : new String[]{"beta1", "b1", "beta2", "b2", "bs"}) {
            params.get(zero).assign(0);
        }
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        InputType.InputTypeConvolutional in = (InputType.InputTypeConvolutional) inputType;
        return InputType.convolutional(in.getHeight() * 2, in.getWidth() * 2, channelsOut);
    }

    public long getChannelsOut() {
        return channelsOut;
    }

    public void setChannelsOut(long channelsOut) {
        this.channelsOut = channelsOut;
    }
}
