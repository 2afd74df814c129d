package io.sparkgan.config;

import java.util.OptionalDouble;
import java.util.OptionalInt;

/** Settings that change from epoch {@code fromEpoch} on; empty fields keep the earlier value. */
public record ScheduleEntry(int fromEpoch, OptionalInt dSteps, OptionalDouble generatorLearningRate,
                            OptionalDouble discriminatorLearningRate, OptionalDouble instanceNoiseStd, OptionalInt averagingPeriod) {
}
