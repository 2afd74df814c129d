package io.sparkgan.spark;

import org.apache.spark.SparkContext;

/**
 * The tasks a Spark application runs at once: N on an embedded {@code local[N]} master ({@code local[*]}: the
 * cores), otherwise Spark's default parallelism (the executors' cores, or {@code spark.default.parallelism} when a
 * user sets it) over {@code spark.task.cpus}. A round of more partitions than this runs in waves.
 */
final class TaskSlots {
    private TaskSlots() {
    }

    static int of(SparkContext sc) {
        return of(sc.master(), sc.conf().getInt("spark.task.cpus", 1), sc.defaultParallelism(),
                Runtime.getRuntime().availableProcessors());
    }

    static int of(String master, int taskCpus, int defaultParallelism, int cores) {
        if (master.equals("local") || master.startsWith("local[")) {
            return TaskThreads.localTasks(master, cores);
        }
        return Math.max(1, defaultParallelism / Math.max(1, taskCpus));
    }
}
