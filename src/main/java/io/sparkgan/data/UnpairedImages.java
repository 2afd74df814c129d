package io.sparkgan.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * CycleGAN's training set: image sets A and B of one shape, never paired by content. Row r of an epoch's
 * permutation draws image r of A and image r of B, so N = min(|A|, |B|) and the sets' orders are unrelated; B's
 * images pass through the known map T (cycle.known-map, the identity when none). A minibatch of rows R holds
 * [A rows; T(B rows)]: [2 |R|, C, H, W], A's first ({@link #split}).
 */
public final class UnpairedImages implements TrainingSet {
    private final TrainingSet a;
    private final TrainingSet b;
    private final KnownTranslation map;

    public UnpairedImages(TrainingSet a, TrainingSet b, KnownTranslation map) {
        if (a.size() == 0 || b.size() == 0) {
            throw new InvalidDataException("CycleGAN needs images in both sets, but set " + (a.size() == 0 ? "A" : "B")
                    + " is empty");
        }
        if (!java.util.Arrays.equals(a.sampleShape(), b.sampleShape())) {
            throw new InvalidDataException("image sets A and B must have one shape and channel count: A holds "
                    + shape(a.sampleShape()) + " images, B " + shape(b.sampleShape()));
        }
        this.a = a;
        this.b = b;
        this.map = map;
    }

    @Override
    public int size() {
        return Math.min(a.size(), b.size());
    }

    @Override
    public long[] sampleShape() {
        return a.sampleShape();
    }

    public TrainingSet a() {
        return a;
    }

    public TrainingSet b() {
        return b;
    }

    @Override
    public INDArray batch(int[] rows) {
        return Nd4j.concat(0, a.batch(rows), map.apply(b.batch(rows)));
    }

    /** The A half and the B half of a minibatch from {@link #batch}. */
    public static INDArray[] split(INDArray both) {
        long half = both.size(0) / 2;
        return new INDArray[]{
                both.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, half)).dup(),
                both.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(half, 2 * half)).dup()};
    }

    private static String shape(long[] s) {
        return s.length == 3 ? s[0] + "x" + s[1] + "x" + s[2] : java.util.Arrays.toString(s);
    }
}
