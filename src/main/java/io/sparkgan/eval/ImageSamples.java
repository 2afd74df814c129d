package io.sparkgan.eval;

import io.sparkgan.data.ImageSet;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A set of images served in batches, as the generator emits them: [count, C, H, W] floats in [-1, 1].
 * Real images stay uint8 until a batch is asked for.
 */
public interface ImageSamples {
    int size();

    /** [C, H, W]. */
    long[] imageShape();

    /** Images [from, from + count). */
    INDArray batch(int from, int count);

    /** The images at {@code rows} of a uint8 image set. */
    static ImageSamples of(ImageSet set, int[] rows) {
        return new ImageSamples() {
            @Override
            public int size() {
                return rows.length;
            }

            @Override
            public long[] imageShape() {
                return set.sampleShape();
            }

            @Override
            public INDArray batch(int from, int count) {
                return set.batch(java.util.Arrays.copyOfRange(rows, from, from + count));
            }
        };
    }

    /** Images already in memory, [N, C, H, W] in [-1, 1]. */
    static ImageSamples of(INDArray images) {
        if (images.rank() != 4) {
            throw new IllegalArgumentException("expected images [N, C, H, W], got shape "
                    + java.util.Arrays.toString(images.shape()));
        }
        return new ImageSamples() {
            @Override
            public int size() {
                return (int) images.size(0);
            }

            @Override
            public long[] imageShape() {
                return new long[]{images.size(1), images.size(2), images.size(3)};
            }

            @Override
            public INDArray batch(int from, int count) {
                return images.get(NDArrayIndex.interval(from, from + count), NDArrayIndex.all(), NDArrayIndex.all(),
                        NDArrayIndex.all());
            }
        };
    }
}
