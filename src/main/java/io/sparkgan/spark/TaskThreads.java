package io.sparkgan.spark;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Native threads (ND4J's OpenMP and BLAS) of one Spark task when the config's {@code threads} is 0. On an
 * embedded {@code local[N]} master the N concurrent tasks share this JVM's cores, so each gets cores / N (at
 * least 1): with ND4J's default every task's ops would use all cores, N times as many threads as cores (dcgan28
 * on 2 cores: 236 images/s with 2 threads per task, 295 with 1; `jobs/bench.sh --routes`). On a cluster the
 * executor's OMP_NUM_THREADS decides (conf/spark/default.properties sets 1, one thread per task core).
 */
public final class TaskThreads {
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\d+)?])?");

    private TaskThreads() {
    }

    /**
     * @param configured the config's {@code threads} (0 = choose)
     * @param master     the Spark master URL
     * @param cores      ND4J's default thread count in this JVM (its cores)
     * @return the threads to set, or 0 for ND4J's default
     */
    public static int perTask(int configured, String master, int cores) {
        if (configured > 0) {
            return configured;
        }
        Matcher local = LOCAL.matcher(master == null ? "" : master.trim());
        if (!local.matches()) {
            return 0;
        }
        String tasks = local.group(1);
        int concurrent = tasks == null ? 1 : tasks.equals("*") ? cores : Integer.parseInt(tasks);
        return concurrent <= 1 ? 0 : Math.max(1, cores / concurrent);    // "local", local[1]: one task at a time
    }
}
