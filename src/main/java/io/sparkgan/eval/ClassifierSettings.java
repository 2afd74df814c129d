package io.sparkgan.eval;

import io.sparkgan.config.EvaluationConfig;

/**
 * How the reference classifier is trained: Adam with {@code learningRate}, minibatches of {@code batchSize},
 * {@code epochs} passes, weights and batch order from {@code seed}. A batch size of {@link #AUTO} is chosen
 * from the training set's size by {@link #forTrainingImages}.
 */
public record ClassifierSettings(int epochs, int batchSize, double learningRate, long seed) {
    /** evaluation.classifier-batch-size = 0: chosen per data set. */
    public static final int AUTO = 0;
    /** The automatic minibatch is at least this (and the learning rate is given for it). */
    static final int SMALLEST_AUTO_BATCH = 64;
    /** ... and at most this. */
    static final int LARGEST_AUTO_BATCH = 256;
    /** ... and leaves an epoch at least this many steps. */
    static final int MIN_STEPS_PER_EPOCH = 200;

    public static ClassifierSettings of(EvaluationConfig e) {
        return new ClassifierSettings(e.classifierEpochs(), e.classifierBatchSize(), e.classifierLearningRate(),
                e.classifierSeed());
    }

    /**
     * The settings for a training set of {@code images}: as given unless the batch size is {@link #AUTO}; then
     * B = the largest power of two in [64, 256] that leaves an epoch at least 200 steps (64 when none does),
     * and the learning rate (given for 64) scaled by sqrt(B / 64), the square-root rule for Adam. Fashion-MNIST's
     * 60,000 images get B = 256 and twice the rate, with the same test accuracy after 2 epochs (0.881 against 0.880
     * with 64; src/site/markdown/measurements.md).
     */
    public ClassifierSettings forTrainingImages(int images) {
        if (batchSize != AUTO) {
            return this;
        }
        int batch = SMALLEST_AUTO_BATCH;
        while (batch < LARGEST_AUTO_BATCH && images / (2L * batch) >= MIN_STEPS_PER_EPOCH) {
            batch *= 2;
        }
        return new ClassifierSettings(epochs, batch, learningRate * Math.sqrt(batch / (double) SMALLEST_AUTO_BATCH),
                seed);
    }
}
