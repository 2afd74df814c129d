package io.sparkgan.config;

import java.util.List;

/**
 * The training loop: epochs, minibatch, k D-steps per G-step, both optimisers, the remedies, the order of
 * the two players' updates (alternating: D's step, then G's against the updated D; simultaneous: both
 * gradients at the same point, then both steps) and the per-epoch schedule.
 */
public record TrainConfig(int epochs, int batchSize, int dSteps, int maxStepsPerEpoch,
                          OptimizerConfig generator, OptimizerConfig discriminator,
                          double instanceNoiseStd, int instanceNoiseAnnealEpochs, double emaDecay,
                          String update, String learningRateDecay, List<ScheduleEntry> schedule) {
    public TrainConfig {
        schedule = List.copyOf(schedule);
    }

    /** The learning-rate factor of epoch {@code epoch}: 1, or with linear-second-half min(1, (E - e) / (E - floor(E/2))). */
    public double learningRateFactor(int epoch) {
        if (!learningRateDecay.equals("linear-second-half")) {
            return 1.0;
        }
        int decaying = epochs - epochs / 2;
        return Math.min(1.0, (double) (epochs - epoch) / decaying);
    }

    public boolean simultaneous() {
        return update.equals("simultaneous");
    }
}
