package io.sparkgan.platform;

import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * JVM flags that every JVM running ND4J ops on several threads at once needs (Spark's local[N] with N > 1,
 * an executor with several cores, the Surefire fork): they keep ND4J 1.0.0-M2.1's broadcast and
 * scalar-along-dimension ops reachable while their native call runs.
 *
 * <p>Why: {@code NativeOpExecutioner.exec(BroadcastOp, OpContext)} passes the native side the buffer of
 * an array that only the op object holds (its dimension array, and often the broadcast operand), and does
 * not touch the op again after the native call. Compiled code (C1 and C2) treats the op as dead from
 * there, so a garbage collection that another thread starts during the call may find it unreachable, and
 * ND4J's deallocator thread frees that buffer while the native loop still reads it: SIGSEGV in
 * {@code sd::DataBuffer::primary()} under {@code execBroadcast}, or a corrupted malloc heap and an abort.
 * One thread alone never hits it (its own allocations start the collections, never during its native
 * call). Seen with two and four Spark task threads: with a 8 MB young generation the JVM died after 13 s;
 * with these flags it ran for minutes. Interpreted frames keep their arguments alive to the end, so
 * excluding just those two methods from compilation closes the window; they cost a few microseconds a call.
 */
public final class Nd4jJvmFlags {
    private static final String EXECUTIONER = "org.nd4j.linalg.cpu.nativecpu.ops.NativeOpExecutioner";

    /** The flags, in order ({@code quiet} first: it stops the JVM printing each command on stdout). */
    public static final List<String> KEEP_OPS_REACHABLE = List.of(
            "-XX:CompileCommand=quiet",
            "-XX:CompileCommand=exclude," + EXECUTIONER + "::exec(Lorg/nd4j/linalg/api/ops/BroadcastOp;"
                    + "Lorg/nd4j/linalg/api/ops/OpContext;)Lorg/nd4j/linalg/api/ndarray/INDArray;",
            "-XX:CompileCommand=exclude," + EXECUTIONER + "::invokeScalarAlongDimension");

    private Nd4jJvmFlags() {
    }

    /** The flags as one space-separated string, as JVM option properties take them. */
    public static String joined() {
        return String.join(" ", KEEP_OPS_REACHABLE);
    }

    /** Whether this JVM was started with every one of the flags. */
    public static boolean activeInThisJvm() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().containsAll(KEEP_OPS_REACHABLE);
    }
}
