package io.sparkgan.platform;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/** Sets up ND4J for training in this JVM: float32 defaults and a cap on its native threads. */
public final class NativeThreads {
    private NativeThreads() {
    }

    /** Float32 as the default data type, then {@link #limit}; engines and executor tasks call it first. */
    public static void prepare(int threads) {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        limit(threads);
    }

    /**
     * Caps the threads of ND4J's native ops and of its BLAS in the calling thread; 0 leaves ND4J's default (all
     * cores, or OMP_NUM_THREADS). Three pools: libnd4j's own loops (Environment), the BLAS, and OpenMP, which
     * oneDNN's convolutions and libnd4j's OpenMP loops use. OpenMP's thread count is a per-thread setting
     * (omp_set_num_threads sets the calling thread's nthreads-var), so each Spark task thread must set it itself:
     * without it, a task given one thread still opened an OpenMP team of all the cores, and two tasks on 2 cores
     * ran four busy threads (src/site/markdown/outer-optimizer.md, "The default thread layout").
     */
    public static void limit(int threads) {
        if (threads > 0) {
            Nd4j.getEnvironment().setMaxThreads(threads);
            Nd4j.getEnvironment().setMaxMasterThreads(threads);
            Nd4j.factory().blas().setMaxThreads(threads);
            nativeOps().setOmpNumThreads(threads);
        }
    }

    /** OpenMP's thread count for the calling thread's next parallel region (omp_get_max_threads). */
    public static int openMpThreads() {
        return nativeOps().ompGetMaxThreads();
    }

    /** The backend's native ops; ND4J's backend must be loaded first, which names their class to NativeOpsHolder. */
    private static NativeOps nativeOps() {
        Nd4j.getBackend();
        return NativeOpsHolder.getInstance().getDeviceNativeOps();
    }
}
