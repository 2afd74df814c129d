package io.sparkgan.config;

/** {@code divergence.action}: stop the run, or roll back to the last checkpoint and go on. */
public enum DivergenceAction {
    STOP, ROLLBACK;

    /** The word in the config. */
    @Override
    public String toString() {
        return Choices.word(this);
    }
}
