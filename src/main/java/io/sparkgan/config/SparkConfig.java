package io.sparkgan.config;

/**
 * The Spark engine's settings.
 *
 * @param master          master URL used when spark-submit has not set one (local[*] by default)
 * @param partitions      data partitions P, 0 = the context's default parallelism
 * @param averagingPeriod H, generator steps per partition between two averagings
 * @param averagingFanIn  F, the most partial sums one node of the averaging tree adds (the driver included)
 * @param roundTimeout    seconds a round may take before the run ends (the cluster is gone); 0 = automatic
 * @param injectFailure   (epoch, round, partition) whose first task attempt fails; -1s = off
 * @param ui              whether a context spark-gan starts itself serves Spark's web UI (spark.ui.enabled)
 * @param outer           the outer optimizer applied to the round's mean (spark.outer.*)
 */
public record SparkConfig(String master, int partitions, int averagingPeriod, int averagingFanIn, int roundTimeout,
                          java.util.List<Integer> injectFailure, boolean ui, OuterConfig outer) {
}
