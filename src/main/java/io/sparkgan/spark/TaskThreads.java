package io.sparkgan.spark;

import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;

/**
 * The native threads a round task gives ND4J when the config leaves {@code threads = 0} (the fastest layout for
 * the master it runs on, measured in src/site/markdown/measurements.md): in an embedded {@code local[N]} the N tasks
 * share the machine's cores, so each gets cores / N (at least 1; {@code local[*]} has N = the cores, so 1 each); on
 * a cluster executor each task gets the cores Spark reserves for it ({@code spark.task.cpus}). A positive
 * {@code threads} is taken as it is. The count is a property of the JVM and the master, never of the data: it does
 * not change what a retried task computes on the same executor.
 */
final class TaskThreads {
    private TaskThreads() {
    }

    static int of(int configured, TaskContext task) {
        if (configured > 0) {
            return configured;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        SparkEnv env = SparkEnv.get();
        String master = env == null ? "" : env.conf().get("spark.master", "");
        if (master.equals("local") || master.startsWith("local[")) {
            return Math.max(1, cores / localTasks(master, cores));
        }
        return task == null ? cores : Math.max(1, task.cpus());
    }

    /** N of local, local[N], local[*], local[N, F] (local = 1, * = the cores). */
    static int localTasks(String master, int cores) {
        int open = master.indexOf('[');
        if (open < 0) {
            return 1;
        }
        String n = master.substring(open + 1, master.indexOf(']', open)).split(",")[0].trim();
        return n.equals("*") ? cores : Math.max(1, Integer.parseInt(n));
    }
}
