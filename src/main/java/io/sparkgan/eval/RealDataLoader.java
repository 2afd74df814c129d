package io.sparkgan.eval;

import io.sparkgan.config.GanConfig;

/**
 * Where a run's labelled real images come from, for the reference classifier, the real-data floors and a
 * CycleGAN's held-out images. {@link #IDX_FILES} reads data.idx.* directly; an engine that reads image folders and
 * Parquet passes its own reader (the Spark engine's {@code spark.SparkRealData}), so that evaluation does not
 * depend on the engine that sits above it.
 */
@FunctionalInterface
public interface RealDataLoader {
    /** IDX files on any Hadoop path, with the test split of evaluation.test-* (or found beside them). */
    RealDataLoader IDX_FILES = Evaluations::idxRealData;

    RealData load(GanConfig config);
}
