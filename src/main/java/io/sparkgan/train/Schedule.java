package io.sparkgan.train;

import io.sparkgan.config.ScheduleEntry;
import io.sparkgan.config.TrainConfig;

/**
 * Resolves the per-epoch settings: the base values of {@code train}, overridden by every schedule entry
 * whose from-epoch has been reached (later entries win), with instance noise annealed linearly:
 * std(e) = std0 * max(0, 1 - e / anneal-epochs), where std0 is the latest scheduled or base std, and both
 * learning rates times train.learning-rate-decay's factor of the epoch ({@link TrainConfig#learningRateFactor}).
 */
public final class Schedule {
    private final TrainConfig train;
    private final int averagingPeriod;

    /** @param averagingPeriod the base H (spark.averaging-period) */
    public Schedule(TrainConfig train, int averagingPeriod) {
        this.train = train;
        this.averagingPeriod = averagingPeriod;
    }

    public EpochSettings at(int epoch) {
        int k = train.dSteps();
        double gLr = train.generator().learningRate();
        double dLr = train.discriminator().learningRate();
        double noise = train.instanceNoiseStd();
        int h = averagingPeriod;
        for (ScheduleEntry e : train.schedule()) {
            if (e.fromEpoch() <= epoch) {
                k = e.dSteps().orElse(k);
                gLr = e.generatorLearningRate().orElse(gLr);
                dLr = e.discriminatorLearningRate().orElse(dLr);
                noise = e.instanceNoiseStd().orElse(noise);
                h = e.averagingPeriod().orElse(h);
            }
        }
        double anneal = Math.max(0.0, 1.0 - (double) epoch / train.instanceNoiseAnnealEpochs());
        double decay = train.learningRateFactor(epoch);
        return new EpochSettings(k, gLr * decay, dLr * decay, noise * anneal, h);
    }
}
