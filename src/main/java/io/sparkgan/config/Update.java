package io.sparkgan.config;

/** {@code train.update}: the order of the two players' updates. */
public enum Update {
    ALTERNATING, SIMULTANEOUS;

    /** The word in the config. */
    @Override
    public String toString() {
        return Choices.word(this);
    }
}
