package io.sparkgan.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Sets up ND4J for training in this JVM: float32 defaults and a cap on its native threads. */
public final class NativeThreads {
    /** ND4J's own thread count in this JVM (all cores, or OMP_NUM_THREADS), read before any limit. */
    private static final int DEFAULT = Nd4j.getEnvironment().maxThreads();

    private NativeThreads() {
    }

    /** ND4J's default thread count in this JVM, what {@code threads = 0} means. */
    public static int defaultThreads() {
        return DEFAULT;
    }

    /** Float32 as the default data type, then {@link #limit}; engines and executor tasks call it first. */
    public static void prepare(int threads) {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        limit(threads);
    }

    /**
     * Caps the threads of ND4J's native ops (OpenMP) and of its BLAS; 0 restores ND4J's default (all cores), so
     * that a driver whose embedded tasks ran on fewer threads gets its cores back.
     */
    public static void limit(int threads) {
        int n = threads > 0 ? threads : DEFAULT;
        if (Nd4j.getEnvironment().maxThreads() != n) {
            Nd4j.getEnvironment().setMaxThreads(n);
            Nd4j.getEnvironment().setMaxMasterThreads(n);
            Nd4j.factory().blas().setMaxThreads(n);
        }
    }
}
