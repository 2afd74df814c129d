package io.sparkgan.augment;

import io.sparkgan.config.AugmentConfig;
import io.sparkgan.config.AugmentTransform;
import io.sparkgan.config.InvalidConfigException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The configured augmentation policy ({@code train.augment}): draws the transform T of a minibatch from the step's
 * random stream. Without ADA every transform applies to every image (DiffAugment); with it each transform applies to
 * each image with probability p. An empty policy draws nothing, so the stream and the run are as without it.
 */
public final class Augmentation {
    private final List<AugmentTransform> policy;
    private final boolean adaptive;

    private Augmentation(List<AugmentTransform> policy, boolean adaptive) {
        this.policy = policy;
        this.adaptive = adaptive;
    }

    public static Augmentation of(AugmentConfig config) {
        return new Augmentation(config.policy(), config.adaptive());
    }

    public boolean enabled() {
        return !policy.isEmpty();
    }

    /**
     * Refuses a policy the images cannot take, before any training: colour needs 3 channels.
     *
     * @param sampleShape one sample's shape, [C, H, W] for images
     */
    public static void check(AugmentConfig config, long[] sampleShape) {
        if (!config.enabled()) {
            return;
        }
        if (sampleShape.length != 3) {
            throw new InvalidConfigException("key 'train.augment.policy' = " + config.policy() + " augments images "
                    + "[C, H, W], but the data's samples have shape " + Arrays.toString(sampleShape));
        }
        if (config.policy().contains(AugmentTransform.COLOR) && sampleShape[0] != 3) {
            throw new InvalidConfigException("key 'train.augment.policy' = " + config.policy() + " holds color, which "
                    + "needs 3-channel images, but the data's images have " + sampleShape[0] + " channel"
                    + (sampleShape[0] == 1 ? "" : "s") + "; leave color out");
        }
    }

    /**
     * T for a minibatch of {@code batchShape} [B, C, H, W], with each transform applying to each image with
     * {@code probability} (ignored without ADA: then always). Draws, per transform in the policy's order: with ADA
     * one uniform per image for whether it applies, then the parameters of the images it applies to.
     */
    public DrawnAugmentation draw(long[] batchShape, double probability, SplittableRandom random) {
        if (policy.isEmpty()) {
            return DrawnAugmentation.NONE;
        }
        ImageShape shape = ImageShape.ofBatch(batchShape);
        int images = (int) batchShape[0];
        List<DrawnTransform> drawn = new ArrayList<>(policy.size());
        for (AugmentTransform t : policy) {
            boolean[] applies = new boolean[images];
            for (int b = 0; b < images; b++) {
                applies[b] = !adaptive || random.nextDouble() < probability;
            }
            drawn.add(switch (t) {
                case TRANSLATION -> Translation.draw(shape, applies, random);
                case CUTOUT -> Cutout.draw(shape, applies, random);
                case COLOR -> ColorJitter.draw(shape, applies, random);
            });
        }
        return new DrawnAugmentation(drawn);
    }
}
