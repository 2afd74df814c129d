package io.sparkgan.source;

import io.sparkgan.data.ClassList;
import io.sparkgan.data.TrainingSet;

/**
 * A training set read into one JVM with its classes.
 *
 * @param classes the classes of a labelled set (a folder's class names, or labels 0 .. max); null when unlabelled
 */
public record TrainingData(TrainingSet set, ClassList classes) {
}
