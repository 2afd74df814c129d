package io.sparkgan.run;

/**
 * What averaging cost over some rounds: how many rounds, their time on the driver (broadcast, the tasks, the
 * averaging tree, the outer step) and the part of it that was task compute ({@link #ofRound}). The rest,
 * {@link #overheadShare()}, is what a longer averaging period H saves.
 *
 * @param rounds         rounds run
 * @param roundSeconds   their wall time on the driver, seconds
 * @param computeSeconds the sum over the rounds of each round's task compute time, seconds
 */
public record RoundCost(long rounds, double roundSeconds, double computeSeconds) {
    /** No rounds (the single-JVM engine has none to average). */
    public static final RoundCost NONE = new RoundCost(0, 0, 0);

    /**
     * One round. Its task compute time is the least time in which the cluster could have run the partitions'
     * iterations: max(t_max, sum_p t_p / S), with t_p partition p's time in its iterations and S the tasks that run
     * at once (at most P). With P <= S that is the slowest partition's time; with more partitions than task slots
     * the tasks run in waves, and those waves are compute, not Spark's overhead.
     *
     * @param wallSeconds        the round's time on the driver
     * @param slowestTaskSeconds t_max
     * @param totalTaskSeconds   sum_p t_p
     * @param concurrentTasks    S, the task slots (values below 1 count as 1)
     */
    public static RoundCost ofRound(double wallSeconds, double slowestTaskSeconds, double totalTaskSeconds,
                                    int concurrentTasks) {
        double compute = Math.max(slowestTaskSeconds, totalTaskSeconds / Math.max(1, concurrentTasks));
        return new RoundCost(1, wallSeconds, compute);
    }

    public RoundCost plus(RoundCost other) {
        return new RoundCost(rounds + other.rounds, roundSeconds + other.roundSeconds,
                computeSeconds + other.computeSeconds);
    }

    /** 1 - compute / wall: the share of a round's time that was not task compute (0 when there were no rounds). */
    public double overheadShare() {
        return roundSeconds <= 0 ? 0 : Math.max(0, 1 - computeSeconds / roundSeconds);
    }
}
