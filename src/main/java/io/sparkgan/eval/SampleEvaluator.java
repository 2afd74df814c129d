package io.sparkgan.eval;

/** Scores what a generator produces: the suite's common entry, for images and for 2-D points. */
public interface SampleEvaluator {
    /** Draws {@code count} samples (z from {@code seed}) and scores them. */
    SampleScores evaluate(GeneratorSampler generator, int count, long seed);
}
