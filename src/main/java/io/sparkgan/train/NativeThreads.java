package io.sparkgan.train;

import org.nd4j.linalg.factory.Nd4j;

/** Caps the threads ND4J's native ops (OpenMP) and its BLAS use, at run time. */
public final class NativeThreads {
    private NativeThreads() {
    }

    /** @param threads the cap; 0 leaves ND4J's default (all cores, or OMP_NUM_THREADS) */
    public static void limit(int threads) {
        if (threads > 0) {
            Nd4j.getEnvironment().setMaxThreads(threads);
            Nd4j.getEnvironment().setMaxMasterThreads(threads);
            Nd4j.factory().blas().setMaxThreads(threads);
        }
    }
}
