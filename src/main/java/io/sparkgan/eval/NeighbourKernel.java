package io.sparkgan.eval;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * The pairwise-distance work of {@link PrecisionRecall}, the same code in this JVM and on Spark executors.
 * Query rows go in blocks of {@link #BLOCK}; each block's squared Euclidean distances to all n reference rows
 * come from one double-precision matrix product,
 * ||q - r||^2 = ||q||^2 + ||r||^2 - 2 q.r, i.e. D [b, n] = |Q|^2 1^T + 1 |R|^2^T - 2 Q R^T,
 * clamped at 0 against rounding.
 */
final class NeighbourKernel {
    /** Query rows per matrix product: a [256, n] block of doubles (20 MB for n = 10,000). */
    static final int BLOCK = 256;

    private NeighbourKernel() {
    }

    /**
     * For each query row, the {@code rank}-th smallest distance (1-based; equal values count separately) to
     * the reference rows. With queries = reference, rank k + 1 is the distance to the k-th nearest other row
     * (each row's distance 0 to itself is the first).
     */
    static double[] kthSmallestDistance(FeatureMatrix queries, FeatureMatrix reference, int rank) {
        if (rank > reference.rows()) {
            throw new IllegalArgumentException("rank " + rank + " exceeds the " + reference.rows() + " reference rows");
        }
        double[] out = new double[queries.rows()];
        Reference ref = new Reference(reference);
        double[] row = new double[reference.rows()];
        for (int from = 0; from < queries.rows(); from += BLOCK) {
            int to = Math.min(queries.rows(), from + BLOCK);
            double[] d2 = ref.squaredDistances(queries, from, to);
            for (int i = from; i < to; i++) {
                System.arraycopy(d2, (i - from) * row.length, row, 0, row.length);
                out[i] = Math.sqrt(select(row, rank - 1));
            }
        }
        return out;
    }

    /** For each query row, whether ||q - c_j|| <= radius_j for at least one centre row j. */
    static boolean[] insideAnyBall(FeatureMatrix queries, FeatureMatrix centres, double[] radii) {
        int n = centres.rows();
        double[] r2 = new double[n];
        for (int j = 0; j < n; j++) {
            r2[j] = radii[j] * radii[j];
        }
        boolean[] out = new boolean[queries.rows()];
        Reference ref = new Reference(centres);
        for (int from = 0; from < queries.rows(); from += BLOCK) {
            int to = Math.min(queries.rows(), from + BLOCK);
            double[] d2 = ref.squaredDistances(queries, from, to);
            for (int i = from; i < to; i++) {
                int base = (i - from) * n;
                for (int j = 0; j < n; j++) {
                    if (d2[base + j] <= r2[j]) {
                        out[i] = true;
                        break;
                    }
                }
            }
        }
        return out;
    }

    /** The reference rows as R^T [F, n] and their squared norms, built once per call. */
    private static final class Reference {
        private final INDArray transposed;
        private final double[] norms;
        private final int cols;

        Reference(FeatureMatrix r) {
            this.cols = r.cols();
            this.transposed = Nd4j.create(r.values(), new long[]{r.rows(), r.cols()}, 'c').transpose().dup('c');
            this.norms = squaredNorms(r, 0, r.rows());
        }

        /** D [to - from, n] row-major for query rows [from, to). */
        double[] squaredDistances(FeatureMatrix q, int from, int to) {
            if (q.cols() != cols) {
                throw new IllegalArgumentException("query rows have " + q.cols() + " features, reference rows " + cols);
            }
            int b = to - from;
            INDArray block = Nd4j.create(Arrays.copyOfRange(q.values(), from * cols, to * cols), new long[]{b, cols}, 'c');
            double[] dot = block.mmul(transposed).castTo(DataType.DOUBLE).dup('c').data().asDouble();
            double[] qn = squaredNorms(q, from, to);
            int n = norms.length;
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < n; j++) {
                    int at = i * n + j;
                    dot[at] = Math.max(0, qn[i] + norms[j] - 2 * dot[at]);
                }
            }
            return dot;
        }
    }

    private static double[] squaredNorms(FeatureMatrix m, int from, int to) {
        double[] out = new double[to - from];
        double[] v = m.values();
        for (int i = from; i < to; i++) {
            double s = 0;
            for (int j = 0; j < m.cols(); j++) {
                double x = v[i * m.cols() + j];
                s += x * x;
            }
            out[i - from] = s;
        }
        return out;
    }

    /** The k-th smallest value (0-based) of {@code a}, by quickselect; reorders {@code a}. */
    static double select(double[] a, int k) {
        int lo = 0;
        int hi = a.length - 1;
        while (lo < hi) {
            double pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }
}
