package io.sparkgan.config;

/** {@code model.conditional.discriminator}: how the class enters D. */
public enum ConditionalDiscriminator {
    PROJECTION, CONCATENATION;

    /** The word in the config. */
    @Override
    public String toString() {
        return Choices.word(this);
    }
}
