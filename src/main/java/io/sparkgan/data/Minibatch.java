package io.sparkgan.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Real samples of one D step with their classes.
 *
 * @param samples [B, sampleShape...]
 * @param labels  the class of each row, or null for an unlabelled set
 */
public record Minibatch(INDArray samples, int[] labels) {
}
