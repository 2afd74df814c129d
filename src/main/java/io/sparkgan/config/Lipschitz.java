package io.sparkgan.config;

/** {@code loss.lipschitz}: the Lipschitz control of D. */
public enum Lipschitz {
    NONE, CLIP, SPECTRAL, GRADIENT_PENALTY;

    /** The word in the config. */
    @Override
    public String toString() {
        return Choices.word(this);
    }
}
