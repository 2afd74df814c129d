package io.sparkgan.config;

/** {@code model.dcgan.activations}: ReLU and LeakyReLU on vectorised ND4J ops, or DL4J's own. */
public enum ActivationImplementation {
    VECTORISED, DL4J;

    /** The word in the config. */
    @Override
    public String toString() {
        return Choices.word(this);
    }
}
