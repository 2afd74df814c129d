package io.sparkgan.model.layers;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;

/**
 * A SameDiff layer over images [N, C, H, W]: learns C from the layer below (DL4J calls {@link #setNIn}) and, unless
 * a subclass says otherwise, keeps the input's shape. C is a bean property, so DL4J's JSON keeps it in model files.
 */
public abstract class ImageLayer extends SameDiffLayer {
    private long channels;

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return inputType;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (!(inputType instanceof InputType.InputTypeConvolutional conv)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " needs images [N, C, H, W], got "
                    + inputType);
        }
        if (channels == 0 || override) {
            channels = conv.getChannels();
        }
    }

    /** C of the input. */
    public long getChannels() {
        return channels;
    }

    public void setChannels(long channels) {
        this.channels = channels;
    }
}
