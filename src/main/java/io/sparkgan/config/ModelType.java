package io.sparkgan.config;

/** {@code model.type}: an MLP (vector data), a DCGAN (images) or the linear Dirac-GAN model. */
public enum ModelType {
    MLP, DCGAN, LINEAR;

    /** The word in the config. */
    @Override
    public String toString() {
        return Choices.word(this);
    }
}
