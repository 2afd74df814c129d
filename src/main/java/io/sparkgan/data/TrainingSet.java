package io.sparkgan.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Real samples held compactly, served as float minibatches in the generator's output range. */
public interface TrainingSet {
    /** Number of samples N. */
    int size();

    /** Shape of one sample: [2] for points, [C, H, W] for images. */
    long[] sampleShape();

    /** The samples at {@code rows}, as a float array of shape [rows.length, sampleShape...]. */
    INDArray batch(int[] rows);

    /** The classes of the samples at {@code rows}; null for a set without labels. */
    default int[] labels(int[] rows) {
        return null;
    }

    /** The samples at {@code rows} with their classes. */
    default Minibatch minibatch(int[] rows) {
        return new Minibatch(batch(rows), labels(rows));
    }
}
