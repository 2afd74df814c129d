package io.sparkgan.config;

/** {@code model.dcgan.convolution}, {@code model.dcgan.batch-norm}: ND4J's ops (onednn) or DL4J's own layers. */
public enum LayerImplementation {
    ONEDNN, DL4J;

    /** The word in the config. */
    @Override
    public String toString() {
        return Choices.word(this);
    }
}
