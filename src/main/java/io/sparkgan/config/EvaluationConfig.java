package io.sparkgan.config;

/**
 * Generator evaluation: during training every {@code everyEpochs} epochs, and the defaults of
 * jobs/evaluate.sh. Images are scored in the feature space of a reference classifier trained on the real
 * data set; 2-D mixtures with the DESIGN §6 metrics.
 *
 * @param everyEpochs            evaluate the sampling generator every N epochs; 0 = off
 * @param samples                generated samples per evaluation (the real subsets compared have the same size)
 * @param precisionRecallK       k of the k-NN radii of improved precision and recall
 * @param starvedShare           a class is starved below this share of the uniform share N/K of the samples
 * @param minClassesPresent      mode-collapse alarm below this many classes present; 0 = off
 * @param minModesCovered        mode-collapse alarm below this many 2-D modes covered; 0 = off
 * @param sparkMinSamples        sample sets this large compute their k-NN distances on Spark (when running)
 * @param testImages             IDX images of the test split; empty = t10k-* beside the train files, else a hold-out
 * @param testLabels             IDX labels of the test split
 * @param classifierCache        folder of trained reference classifiers; empty = ~/.cache/spark-gan/classifiers
 * @param classifierEpochs       training epochs of the reference classifier
 * @param classifierSeed         seed of its weights and batch order (one classifier per data set, not per run)
 * @param classifierBatchSize    its minibatch size; 0 = chosen per data set (ClassifierSettings#forTrainingImages)
 * @param classifierLearningRate its Adam learning rate
 */
public record EvaluationConfig(int everyEpochs, int samples, int precisionRecallK, double starvedShare,
                               int minClassesPresent, int minModesCovered, int sparkMinSamples, String testImages,
                               String testLabels, String classifierCache, int classifierEpochs, long classifierSeed,
                               int classifierBatchSize, double classifierLearningRate, int realImages) {
}
