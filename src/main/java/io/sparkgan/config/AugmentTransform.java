package io.sparkgan.config;

/**
 * One entry of {@code train.augment.policy}: a differentiable augmentation of the images D sees (DiffAugment, Zhao
 * et al. 2020). translation: a shift by up to 1/8 of the size with zero padding; cutout: a zeroed square of half the
 * size; color: brightness, saturation and contrast (3-channel images only).
 */
public enum AugmentTransform {
    TRANSLATION, CUTOUT, COLOR;

    /** The word in the config. */
    @Override
    public String toString() {
        return Choices.word(this);
    }
}
