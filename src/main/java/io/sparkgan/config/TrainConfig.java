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
                          String update, List<ScheduleEntry> schedule) {
    public TrainConfig {
        schedule = List.copyOf(schedule);
    }

    public boolean simultaneous() {
        return update.equals("simultaneous");
    }
}
