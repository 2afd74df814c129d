package io.sparkgan.model.layers;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

/**
 * The end of SNGAN's generator: y = tanh(conv3x3(relu(BN(x)))), [N, C, H, W] -> [N, C', H, W], with batch
 * normalisation on the batch's own statistics like {@link ResidualUpBlock}'s (or on fixed ones, {@link BatchCoupled}).
 * Parameters gamma, beta [1, C], W [3, 3, C, C'] (Glorot's normal, gain 1), b [1, C'].
 */
public class NormalisedConvolution extends BatchNormalisedLayer {
    private long channelsOut;

    /** For DL4J's JSON deserialisation. */
    public NormalisedConvolution() {
    }

    public NormalisedConvolution(long channelsOut) {
        this.channelsOut = channelsOut;
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> p, SDVariable mask) {
        SDVariable h = ResidualOps.relu(sd,
                ResidualOps.batchNormalise(sd, x, p.get("gamma"), p.get("beta"), getChannels(), standing(), 0));
        h = ResidualOps.convolution(sd, h, p.get("W"), p.get("b"), 3, channelsOut);
        return SameDiffGradients.halved(sd, sd.math().tanh(h));
    }

    /** [x]: what the batch norm normalises. */
    @Override
    public List<INDArray> normalisedInputs(INDArray input, Map<String, INDArray> params) {
        return List.of(input);
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        params.addWeightParam("gamma", 1, getChannels());
        params.addBiasParam("beta", 1, getChannels());
        params.addWeightParam("W", 3, 3, getChannels(), channelsOut);
        params.addBiasParam("b", 1, channelsOut);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        params.get("gamma").assign(1);
        params.get("beta").assign(0);
        ResidualOps.glorot(params.get("W"), 1);
        params.get("b").assign(0);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        InputType.InputTypeConvolutional in = (InputType.InputTypeConvolutional) inputType;
        return InputType.convolutional(in.getHeight(), in.getWidth(), channelsOut);
    }

    public long getChannelsOut() {
        return channelsOut;
    }

    public void setChannelsOut(long channelsOut) {
        this.channelsOut = channelsOut;
    }
}
