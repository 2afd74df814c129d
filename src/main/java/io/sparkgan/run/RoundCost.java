package io.sparkgan.run;

/**
 * What averaging cost over some rounds: how many rounds, their time on the driver (broadcast, the tasks, the
 * averaging tree, the outer step) and the part of it that was task compute (the slowest partition's iterations in
 * each round). The rest, {@link #overheadShare()}, is what a longer averaging period H saves.
 *
 * @param rounds         rounds run
 * @param roundSeconds   their wall time on the driver, seconds
 * @param computeSeconds the sum over the rounds of the slowest partition's iteration time, seconds
 */
public record RoundCost(long rounds, double roundSeconds, double computeSeconds) {
    /** No rounds (the single-JVM engine has none to average). */
    public static final RoundCost NONE = new RoundCost(0, 0, 0);

    public RoundCost plus(RoundCost other) {
        return new RoundCost(rounds + other.rounds, roundSeconds + other.roundSeconds,
                computeSeconds + other.computeSeconds);
    }

    /** 1 - compute / wall: the share of a round's time that was not task compute (0 when there were no rounds). */
    public double overheadShare() {
        return roundSeconds <= 0 ? 0 : Math.max(0, 1 - computeSeconds / roundSeconds);
    }
}
