package io.sparkgan.platform;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link NativeThreads#limit} reaches OpenMP in the thread that calls it, as a Spark task thread does. (Surefire
 * starts the JVM with OMP_NUM_THREADS=1, so a limit of 2 shows that the call, not the environment, sets it.)
 */
class NativeThreadsTest {

    @Test
    void theLimitSetsOpenMpsThreadCountInTheCallingThreadOnly() throws Exception {
        int mainBefore = NativeThreads.openMpThreads();
        AtomicIntegerArray seen = new AtomicIntegerArray(2);
        Thread task = new Thread(() -> {
            NativeThreads.limit(2);
            seen.set(0, NativeThreads.openMpThreads());
            NativeThreads.limit(1);
            seen.set(1, NativeThreads.openMpThreads());
        });
        task.start();
        task.join();
        assertEquals(2, seen.get(0), "OpenMP threads after limit(2) in the task thread");
        assertEquals(1, seen.get(1), "OpenMP threads after limit(1) in the task thread");
        assertEquals(mainBefore, NativeThreads.openMpThreads(), "another thread's limit leaves this thread's count");
    }

    @Test
    void zeroLeavesTheDefault() throws Exception {
        AtomicIntegerArray seen = new AtomicIntegerArray(2);
        Thread task = new Thread(() -> {
            seen.set(0, NativeThreads.openMpThreads());
            NativeThreads.limit(0);
            seen.set(1, NativeThreads.openMpThreads());
        });
        task.start();
        task.join();
        assertEquals(seen.get(0), seen.get(1));
    }
}
