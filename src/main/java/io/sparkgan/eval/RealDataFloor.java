package io.sparkgan.eval;

/**
 * The real-data floor of each image metric: M real training images (the "generated" side) scored against M
 * real test images (the reference), M the number of generated samples, so that both carry the same
 * finite-sample bias. A generator cannot be expected to do better than these.
 *
 * @param frechetDistance         FD(train features, test features)
 * @param classifierScore         classifier score of the M test images
 * @param classesPresent          classes the classifier finds among the M test images
 * @param precisionRecall         precision and recall of the train features against the test features
 * @param k                       k of the precision/recall radii
 * @param referenceSamples        M, test images in the reference set
 * @param classifierTestAccuracy  the classifier's accuracy on the whole test split
 * @param testSource              where the test split came from
 */
public record RealDataFloor(double frechetDistance, double classifierScore, int classesPresent,
                        PrecisionRecall precisionRecall, int k, int referenceSamples, double classifierTestAccuracy,
                        String testSource) {
}
