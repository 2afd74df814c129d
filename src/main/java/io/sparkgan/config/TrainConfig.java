package io.sparkgan.config;

import java.util.List;

/**
 * The training loop: epochs, minibatch, k D-steps per G-step, both optimisers, the remedies and the
 * per-epoch schedule.
 */
public record TrainConfig(int epochs, int batchSize, int dSteps, int maxStepsPerEpoch,
                          AdamConfig generator, AdamConfig discriminator,
                          double instanceNoiseStd, int instanceNoiseAnnealEpochs, double emaDecay,
                          List<ScheduleEntry> schedule) {
    public TrainConfig {
        schedule = List.copyOf(schedule);
    }
}
