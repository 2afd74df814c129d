package io.sparkgan.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** 2-D points, row-major float pairs (x, y). */
public final class PointSet implements TrainingSet {
    private final float[] xy;

    public PointSet(float[] xy) {
        if (xy.length % 2 != 0) {
            throw new IllegalArgumentException("points need an even number of coordinates, got " + xy.length);
        }
        this.xy = xy.clone();
    }

    @Override
    public int size() {
        return xy.length / 2;
    }

    @Override
    public long[] sampleShape() {
        return new long[]{2};
    }

    @Override
    public INDArray batch(int[] rows) {
        float[] out = new float[rows.length * 2];
        for (int i = 0; i < rows.length; i++) {
            out[2 * i] = xy[2 * rows[i]];
            out[2 * i + 1] = xy[2 * rows[i] + 1];
        }
        return Nd4j.create(out, new long[]{rows.length, 2}, 'c');
    }
}
