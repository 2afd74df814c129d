package io.sparkgan.platform;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Sets up ND4J for training in this JVM: float32 defaults and a cap on its native threads. */
public final class NativeThreads {
    private NativeThreads() {
    }

    /** Float32 as the default data type, then {@link #limit}; engines and executor tasks call it first. */
    public static void prepare(int threads) {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        limit(threads);
    }

    /** Caps the threads of ND4J's native ops (OpenMP) and of its BLAS; 0 leaves ND4J's default (all cores). */
    public static void limit(int threads) {
        if (threads > 0) {
            Nd4j.getEnvironment().setMaxThreads(threads);
            Nd4j.getEnvironment().setMaxMasterThreads(threads);
            Nd4j.factory().blas().setMaxThreads(threads);
        }
    }
}
