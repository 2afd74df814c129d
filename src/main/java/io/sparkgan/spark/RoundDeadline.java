package io.sparkgan.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How long the next round may take (spark.round-timeout): the configured seconds, or automatically 20 x the
 * median of this run's last 99 rounds, at least 600 s, and three times that before the first round has
 * finished (it also reads and decodes every shard).
 */
final class RoundDeadline {
    static final double MIN_SECONDS = 600;
    static final double MEDIANS = 20;
    static final double FIRST_ROUND_FACTOR = 3;
    private static final int WINDOW = 99;
    private final int configuredSeconds;
    private final List<Double> rounds = new ArrayList<>();

    RoundDeadline(int configuredSeconds) {
        this.configuredSeconds = configuredSeconds;
    }

    double seconds() {
        if (configuredSeconds > 0) {
            return configuredSeconds;
        }
        if (rounds.isEmpty()) {
            return FIRST_ROUND_FACTOR * MIN_SECONDS;
        }
        List<Double> sorted = new ArrayList<>(rounds);
        Collections.sort(sorted);
        return Math.max(MIN_SECONDS, MEDIANS * sorted.get(sorted.size() / 2));
    }

    /** Where the limit came from, for the message. */
    String describe() {
        return configuredSeconds > 0 ? "spark.round-timeout = " + configuredSeconds
                : "spark.round-timeout = 0: 20 x the median round, at least 600 s"
                + (rounds.isEmpty() ? ", 3 x that for the first round" : "");
    }

    void finished(double seconds) {
        if (rounds.size() == WINDOW) {
            rounds.remove(0);
        }
        rounds.add(seconds);
    }
}
