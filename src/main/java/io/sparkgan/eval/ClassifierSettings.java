package io.sparkgan.eval;

import io.sparkgan.config.EvaluationConfig;

/**
 * How the reference classifier is trained: Adam with {@code learningRate}, minibatches of {@code batchSize},
 * {@code epochs} passes, weights and batch order from {@code seed}.
 */
public record ClassifierSettings(int epochs, int batchSize, double learningRate, long seed) {
    public static ClassifierSettings of(EvaluationConfig e) {
        return new ClassifierSettings(e.classifierEpochs(), e.classifierBatchSize(), e.classifierLearningRate(),
                e.classifierSeed());
    }
}
