package io.sparkgan.eval;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * N rows of F features (or of K class probabilities) in double precision, row-major: row i is
 * values[i*F .. (i+1)*F).
 */
public record FeatureMatrix(int rows, int cols, double[] values) {
    public FeatureMatrix {
        if ((long) rows * cols != values.length) {
            throw new IllegalArgumentException(values.length + " values do not make " + rows + " x " + cols);
        }
    }

    /** A [N, F] array, copied to double. */
    public static FeatureMatrix of(INDArray matrix) {
        if (matrix.rank() != 2) {
            throw new IllegalArgumentException("expected a [N, F] matrix, got shape " + Arrays.toString(matrix.shape()));
        }
        return new FeatureMatrix((int) matrix.size(0), (int) matrix.size(1),
                matrix.castTo(DataType.DOUBLE).dup('c').data().asDouble());
    }

    /** From rows given as arrays (tests, small hand-made sets). */
    public static FeatureMatrix ofRows(double[]... rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        double[] v = new double[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, row 0 has " + cols);
            }
            System.arraycopy(rows[i], 0, v, i * cols, cols);
        }
        return new FeatureMatrix(rows.length, cols, v);
    }

    /** Rows stacked: this matrix's rows, then {@code other}'s. */
    public FeatureMatrix append(FeatureMatrix other) {
        if (rows > 0 && other.rows > 0 && other.cols != cols) {
            throw new IllegalArgumentException("cannot stack " + cols + " and " + other.cols + " columns");
        }
        double[] v = Arrays.copyOf(values, values.length + other.values.length);
        System.arraycopy(other.values, 0, v, values.length, other.values.length);
        return new FeatureMatrix(rows + other.rows, rows > 0 ? cols : other.cols, v);
    }

    /** Rows [from, to). */
    public FeatureMatrix slice(int from, int to) {
        return new FeatureMatrix(to - from, cols, Arrays.copyOfRange(values, from * cols, to * cols));
    }

    /** The given rows, in the given order. */
    public FeatureMatrix select(int[] rowIndices) {
        double[] v = new double[rowIndices.length * cols];
        for (int i = 0; i < rowIndices.length; i++) {
            System.arraycopy(values, rowIndices[i] * cols, v, i * cols, cols);
        }
        return new FeatureMatrix(rowIndices.length, cols, v);
    }

    public double get(int row, int col) {
        return values[row * cols + col];
    }

    /** Index of the largest value of each row (the predicted class, for probabilities). */
    public int[] argmaxPerRow() {
        int[] out = new int[rows];
        for (int i = 0; i < rows; i++) {
            int best = 0;
            for (int j = 1; j < cols; j++) {
                if (values[i * cols + j] > values[i * cols + best]) {
                    best = j;
                }
            }
            out[i] = best;
        }
        return out;
    }
}
