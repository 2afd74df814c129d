package io.sparkgan.config;

/** {@code engine}: the Spark engine, or the single-JVM one. */
public enum Engine {
    SPARK, LOCAL;

    /** The word in the config. */
    @Override
    public String toString() {
        return Choices.word(this);
    }
}
