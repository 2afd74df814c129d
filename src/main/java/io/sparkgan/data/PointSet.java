package io.sparkgan.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Points in R^dim, row-major (2-D mixtures: (x, y) pairs; the Dirac set: single values). */
public final class PointSet implements TrainingSet {
    private final float[] values;
    private final int dim;
    /** The points on ND4J's backend as [N, dim], made on the first minibatch where it is a GPU. */
    private ResidentRows resident;

    public PointSet(float[] values, int dim) {
        if (dim < 1 || values.length % dim != 0) {
            throw new IllegalArgumentException(dim + "-dimensional points need a multiple of " + dim
                    + " coordinates, got " + values.length);
        }
        this.values = values.clone();
        this.dim = dim;
    }

    @Override
    public int size() {
        return values.length / dim;
    }

    @Override
    public long[] sampleShape() {
        return new long[]{dim};
    }

    /** The points at {@code rows}, [rows.length, dim]; on a GPU backend gathered in device memory. */
    @Override
    public INDArray batch(int[] rows) {
        if (ResidentRows.onDevice()) {
            return resident().gather(rows);
        }
        float[] out = new float[rows.length * dim];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(values, dim * rows[i], out, dim * i, dim);
        }
        return Nd4j.create(out, new long[]{rows.length, dim}, 'c');
    }

    private synchronized ResidentRows resident() {
        if (resident == null) {
            resident = new ResidentRows(java.util.List.of(Nd4j.create(values, new long[]{size(), dim}, 'c')),
                    Math.max(size(), 1));
        }
        return resident;
    }
}
