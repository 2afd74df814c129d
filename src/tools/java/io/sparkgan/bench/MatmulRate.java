package io.sparkgan.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The machine's float32 matrix-multiply rate through ND4J (BLAS sgemm), n x n times n x n, 2 n^3 FLOPs. */
public final class MatmulRate {
    private MatmulRate() {
    }

    public static double gflops(int n, int repeats) {
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        for (int i = 0; i < 3; i++) {
            a.mmuli(b, c);
        }
        long start = System.nanoTime();
        for (int i = 0; i < repeats; i++) {
            a.mmuli(b, c);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return 2.0 * n * n * n * repeats / seconds / 1e9;
    }
}
