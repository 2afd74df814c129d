package io.sparkgan.spark;

import java.io.Serializable;

/**
 * Makes the first attempt of one round's task fail (spark.inject-failure), so that tests and operators can
 * watch Spark retry it and check that the retry computes what the first attempt would have. Off (-1) by
 * default.
 */
record FailureInjection(int epoch, int round, int partition) implements Serializable {
    /**
     * Failures injected in this JVM so far (a local-mode test reads it to know the retry happened). Per JVM on
     * purpose, unlike the run-scoped {@link ExecutorCache}: a fault drill's counter, off in every real run (the
     * drill is a system property, not a config key), a single number that never grows with the data, and what a
     * test wants is the JVM's count before and after a run.
     */
    static final java.util.concurrent.atomic.AtomicInteger INJECTED = new java.util.concurrent.atomic.AtomicInteger();

    void maybeFail(int e, int r, int p, int attempt) {
        if (attempt == 0 && e == epoch && r == round && p == partition) {
            INJECTED.incrementAndGet();
            throw new IllegalStateException("injected failure (spark.inject-failure) of epoch " + e + ", round " + r
                    + ", partition " + p + ", attempt " + attempt);
        }
    }
}
