package io.sparkgan.config;

import java.util.List;

/**
 * {@code train.augment}: differentiable augmentation of every image D sees, real and fake, in both players' steps.
 *
 * @param policy      the transforms, applied in this order; empty = off (the run is bit for bit one without it)
 * @param adaptive    ADA's controller (Karras et al. 2020): each transform applies to an image with probability p,
 *                    which follows D's overfitting; false: every transform applies to every image (DiffAugment)
 * @param target      ADA's target for r = E[sign(D's raw output on real images)] (0.6 in the paper)
 * @param interval    D steps (minibatches) between two moves of p (4 in the paper)
 * @param speedImages real images over which p can move from 0 to 1 (500k in the paper)
 */
public record AugmentConfig(List<AugmentTransform> policy, boolean adaptive, double target, int interval,
                            long speedImages) {
    public AugmentConfig {
        policy = List.copyOf(policy);
    }

    /** Whether D's inputs are augmented at all. */
    public boolean enabled() {
        return !policy.isEmpty();
    }
}
