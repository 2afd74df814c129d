package io.sparkgan.config;

import java.util.List;

/**
 * The training loop: epochs, minibatch, k D-steps per G-step, both optimisers, the remedies, the order of
 * the two players' updates (alternating: D's step, then G's against the updated D; simultaneous: both
 * gradients at the same point, then both steps), the per-epoch schedule and the differentiable augmentation of D's
 * inputs. {@code workspaces}: whether a
 * step's arrays live in an ND4J workspace reused every step (an implementation choice, same values).
 */
public record TrainConfig(int epochs, int batchSize, int dSteps, int maxStepsPerEpoch,
                          OptimizerConfig generator, OptimizerConfig discriminator,
                          double instanceNoiseStd, int instanceNoiseAnnealEpochs, double emaDecay,
                          Update update, LearningRateDecay learningRateDecay, List<ScheduleEntry> schedule,
                          boolean workspaces, AugmentConfig augment) {
    public TrainConfig {
        schedule = List.copyOf(schedule);
    }

    /**
     * The learning-rate factor of epoch {@code e} (0-based) of E: 1, or with linear-second-half, h = floor(E / 2),
     * 1 - max(0, e + 1 - h) / (E - h + 1): 1 through epoch h - 1, then falling by 1 / (E - h + 1) per epoch to
     * 1 / (E - h + 1) in the last (CycleGAN's schedule, as in the paper's code).
     */
    public double learningRateFactor(int epoch) {
        if (learningRateDecay != LearningRateDecay.LINEAR_SECOND_HALF) {
            return 1.0;
        }
        int constant = epochs / 2;
        return 1.0 - (double) Math.max(0, epoch + 1 - constant) / (epochs - constant + 1);
    }

    public boolean simultaneous() {
        return update == Update.SIMULTANEOUS;
    }
}
