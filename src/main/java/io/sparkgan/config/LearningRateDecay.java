package io.sparkgan.config;

/** {@code train.learning-rate-decay}: none, or CycleGAN's linear decay over the second half. */
public enum LearningRateDecay {
    NONE, LINEAR_SECOND_HALF;

    /** The word in the config. */
    @Override
    public String toString() {
        return Choices.word(this);
    }
}
