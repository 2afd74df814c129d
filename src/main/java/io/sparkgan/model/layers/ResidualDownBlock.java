package io.sparkgan.model.layers;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

/**
 * SNGAN's discriminator block (Miyato et al. 2018; Mimicry's DBlock and DBlockOptimized), one layer:
 * <pre>
 *   first block:  h = pool(conv3x3_2(relu(conv3x3_1(x))))           s = conv1x1_s(pool(x))
 *   other blocks: h = [pool](conv3x3_2(relu(conv3x3_1(relu(x)))))   s = [pool](conv1x1_s(x)), or s = x
 *   y = h + s                                      [N, C, H, W] -> [N, C', H/2, W/2] (H, W without pooling)
 * </pre>
 * pool is 2 x 2 average pooling; a block without pooling and with C = C' has the identity shortcut and no Ws, bs.
 * Parameters: W1 [3, 3, C, C'], b1; W2 [3, 3, C', C'], b2; Ws [1, 1, C, C'], bs (all biases [1, C']); W1 and W2 from
 * Glorot's normal with gain sqrt 2, Ws with gain 1, biases 0. Spectral normalisation (loss.lipschitz = spectral)
 * divides W1, W2 and Ws by their largest singular values ({@link SpectralWeights}). Gradients: SameDiff's automatic
 * differentiation, checked against central differences in ResidualBlocksTest. The block is piecewise linear in x (its
 * ReLUs see x, unless first, and conv3x3_1's output), so the exact gradient penalty applies to a critic of them.
 */
public class ResidualDownBlock extends ImageLayer implements SpectralWeights, PiecewiseLinearBlock {
    private long channelsOut;
    private boolean first;
    private boolean downsample;

    /** For DL4J's JSON deserialisation. */
    public ResidualDownBlock() {
    }

    /**
     * @param first      the block that sees the images (no ReLU before its first convolution; pooling first on the
     *                   shortcut)
     * @param downsample halve the height and width
     */
    public ResidualDownBlock(long channelsOut, boolean first, boolean downsample) {
        this.channelsOut = channelsOut;
        this.first = first;
        this.downsample = downsample;
    }

    private boolean learnedShortcut() {
        return downsample || getChannels() != channelsOut;
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> p, SDVariable mask) {
        SDVariable h = first ? x : ResidualOps.relu(sd, x);
        h = ResidualOps.convolution(sd, h, p.get("W1"), p.get("b1"), 3, channelsOut);
        h = ResidualOps.convolution(sd, ResidualOps.relu(sd, h), p.get("W2"), p.get("b2"), 3, channelsOut);
        if (downsample) {
            h = ResidualOps.averagePool(sd, h);
        }
        SDVariable shortcut = x;
        if (learnedShortcut()) {
            if (first && downsample) {
                shortcut = ResidualOps.convolution(sd, ResidualOps.averagePool(sd, x), p.get("Ws"), p.get("bs"), 1,
                        channelsOut);
            } else {
                shortcut = ResidualOps.convolution(sd, x, p.get("Ws"), p.get("bs"), 1, channelsOut);
                shortcut = downsample ? ResidualOps.averagePool(sd, shortcut) : shortcut;
            }
        }
        return SameDiffGradients.halved(sd, h.add(shortcut));
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        long c = getChannels();
        params.addWeightParam("W1", 3, 3, c, channelsOut);
        params.addBiasParam("b1", 1, channelsOut);
        params.addWeightParam("W2", 3, 3, channelsOut, channelsOut);
        params.addBiasParam("b2", 1, channelsOut);
        if (learnedShortcut()) {
            params.addWeightParam("Ws", 1, 1, c, channelsOut);
            params.addBiasParam("bs", 1, channelsOut);
        }
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        ResidualOps.glorot(params.get("W1"), Math.sqrt(2));
        ResidualOps.glorot(params.get("W2"), Math.sqrt(2));
        params.get("b1").assign(0);
        params.get("b2").assign(0);
        if (learnedShortcut()) {
            ResidualOps.glorot(params.get("Ws"), 1);
            params.get("bs").assign(0);
        }
    }

    /** [x] (not for the first block) and conv3x3_1(relu(x)) [N, C', H, W]: what enters the block's two ReLUs. */
    @Override
    public List<INDArray> reluInputs(INDArray input, Map<String, INDArray> params) {
        if (first) {
            return List.of(ResidualOps.convolution(input, params.get("W1"), params.get("b1"), 3));
        }
        return List.of(input, ResidualOps.convolution(ResidualOps.relu(input), params.get("W1"), params.get("b1"), 3));
    }

    @Override
    public List<String> spectralWeightKeys() {
        return learnedShortcut() ? List.of("W1", "W2", "Ws") : List.of("W1", "W2");
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        InputType.InputTypeConvolutional in = (InputType.InputTypeConvolutional) inputType;
        int f = downsample ? 2 : 1;
        return InputType.convolutional(in.getHeight() / f, in.getWidth() / f, channelsOut);
    }

    public long getChannelsOut() {
        return channelsOut;
    }

    public void setChannelsOut(long channelsOut) {
        this.channelsOut = channelsOut;
    }

    public boolean isFirst() {
        return first;
    }

    public void setFirst(boolean first) {
        this.first = first;
    }

    public boolean isDownsample() {
        return downsample;
    }

    public void setDownsample(boolean downsample) {
        this.downsample = downsample;
    }
}
