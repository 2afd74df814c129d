package io.sparkgan.config;

/** {@code loss.family}: the adversarial objective. */
public enum Loss {
    MINIMAX, NON_SATURATING, MAXIMUM_LIKELIHOOD, WASSERSTEIN, HINGE, LEAST_SQUARES;

    /** The word in the config. */
    @Override
    public String toString() {
        return Choices.word(this);
    }
}
