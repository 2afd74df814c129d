package io.sparkgan.spark;

import io.sparkgan.io.ProgressLine;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * Progress lines for a long stretch of Spark jobs on the driver (loading and decoding a data set): a
 * daemon thread reads Spark's status tracker every few seconds and prints the tasks done of the active
 * stages as a {@link ProgressLine} (share, rate, time left), until the work returns.
 */
final class SparkProgress {
    private static final long POLL_MILLIS = 1000;
    private static final double EVERY_SECONDS = 10;

    private SparkProgress() {
    }

    static <T> T during(JavaSparkContext sc, PrintStream out, String what, Supplier<T> work) {
        Thread watcher = new Thread(() -> watch(sc, out, what), "spark-gan progress: " + what);
        watcher.setDaemon(true);
        watcher.start();
        try {
            return work.get();
        } finally {
            watcher.interrupt();
        }
    }

    private static void watch(JavaSparkContext sc, PrintStream out, String what) {
        int stage = -1;
        ProgressLine line = null;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(POLL_MILLIS);
                int[] active = sc.statusTracker().getActiveStageIds();
                if (active.length == 0) {
                    continue;
                }
                SparkStageInfo info = sc.statusTracker().getStageInfo(active[0]);
                if (info == null) {
                    continue;
                }
                if (info.stageId() != stage) {
                    stage = info.stageId();
                    line = new ProgressLine(out, what + " (Spark stage " + stage + ", " + info.name() + ")", "tasks",
                            info.numTasks(), EVERY_SECONDS);
                }
                line.update(info.numCompletedTasks());
            }
        } catch (InterruptedException e) {
            // the work is done
        }
    }
}
