package io.sparkgan.config;

/** {@code train.generator.optimizer}, {@code train.discriminator.optimizer}: Adam or plain gradient descent. */
public enum Optimizer {
    ADAM, SGD;

    /** The word in the config. */
    @Override
    public String toString() {
        return Choices.word(this);
    }
}
