package io.sparkgan.config;

/** {@code model.prior}: p(z), standard normal or uniform on [-1, 1]^n. */
public enum Prior {
    NORMAL, UNIFORM;

    /** The word in the config. */
    @Override
    public String toString() {
        return Choices.word(this);
    }
}
