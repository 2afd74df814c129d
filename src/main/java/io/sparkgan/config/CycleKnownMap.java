package io.sparkgan.config;

/** {@code cycle.known-map}: none, or the known map T that makes set B (see io.sparkgan.data.KnownTranslation). */
public enum CycleKnownMap {
    NONE, INVERT_SHIFT;

    /** The word in the config. */
    @Override
    public String toString() {
        return Choices.word(this);
    }
}
