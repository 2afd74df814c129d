package io.sparkgan.config;

/** {@code model.type}: an MLP (vector data), a DCGAN or SNGAN's residual networks (images), or the linear Dirac-GAN model. */
public enum ModelType {
    MLP, DCGAN, RESNET, LINEAR;

    /** Convolutional networks for images (dcgan, resnet). */
    public boolean images() {
        return this == DCGAN || this == RESNET;
    }

    /** The word in the config. */
    @Override
    public String toString() {
        return Choices.word(this);
    }
}
