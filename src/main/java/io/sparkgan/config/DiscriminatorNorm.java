package io.sparkgan.config;

/** {@code model.dcgan.discriminator-norm}: batch normalisation after D's inner convolutions, or none. */
public enum DiscriminatorNorm {
    BATCH, NONE;

    /** The word in the config. */
    @Override
    public String toString() {
        return Choices.word(this);
    }
}
