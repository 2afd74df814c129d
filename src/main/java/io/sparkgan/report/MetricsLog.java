package io.sparkgan.report;

import io.sparkgan.platform.Location;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * metrics.jsonl as the report reads it: the "interval" lines (training curves over generator steps) and the
 * per-epoch lines, kind "epoch" (2-D metrics) and any other kind that names an epoch ("evaluation"), whose
 * numeric keys are all plotted, whatever they are. A line that does not parse (the half-written last line
 * of a run still appending, say) is counted and skipped.
 */
final class MetricsLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Keys that place a line rather than measure something. */
    private static final Set<String> POSITION_KEYS = Set.of("kind", "epoch", "step");

    private final List<JsonNode> intervals;
    private final List<JsonNode> perEpoch;
    private final List<JsonNode> trajectory;
    private final int unreadable;

    private MetricsLog(List<JsonNode> intervals, List<JsonNode> perEpoch, List<JsonNode> trajectory, int unreadable) {
        this.intervals = intervals;
        this.perEpoch = perEpoch;
        this.trajectory = trajectory;
        this.unreadable = unreadable;
    }

    /** Reads the file; a missing file is an empty log (a run that has not logged yet). */
    static MetricsLog read(Location file) {
        List<JsonNode> intervals = new ArrayList<>();
        List<JsonNode> perEpoch = new ArrayList<>();
        List<JsonNode> trajectory = new ArrayList<>();
        int unreadable = 0;
        if (!file.exists()) {
            return new MetricsLog(intervals, perEpoch, trajectory, 0);
        }
        List<String> lines = file.readString().lines().toList();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (IOException e) {
                unreadable++;
                continue;
            }
            if (node == null || !node.isObject()) {
                unreadable++;
            } else if (node.path("kind").asText().equals("interval")) {
                intervals.add(node);
            } else if (node.path("kind").asText().equals("trajectory")) {
                trajectory.add(node);
            } else if (node.path("epoch").isNumber()) {
                perEpoch.add(node);
            }
        }
        return new MetricsLog(intervals, perEpoch, trajectory, unreadable);
    }

    /**
     * The linear model's path (theta, psi) over the steps of the "trajectory" lines, in step order (a step logged
     * twice, by a resumed run, keeps its latest line); empty when there are none.
     */
    Series phasePlane() {
        Series theta = series("theta", trajectory, "step");
        Series psi = series("psi", trajectory, "step");
        if (theta.x().length != psi.x().length) {
            return new Series("trajectory", new double[0], new double[0]);
        }
        return new Series("trajectory (theta, psi)", theta.y(), psi.y());
    }

    int unreadableLines() {
        return unreadable;
    }

    int intervalCount() {
        return intervals.size();
    }

    /** The largest epoch any line names, or -1 when none does. */
    int lastEpoch() {
        int last = -1;
        for (JsonNode n : intervals) {
            last = Math.max(last, n.path("epoch").asInt(-1));
        }
        for (JsonNode n : perEpoch) {
            last = Math.max(last, n.path("epoch").asInt(-1));
        }
        return last;
    }

    /** {@code key} of the interval lines over their generator step; empty when no line has it. */
    Series overSteps(String key) {
        return series(key, intervals, "step");
    }

    /** The first interval key of {@code candidates} that some line has, e.g. points_per_second or images_per_second. */
    Series overSteps(List<String> candidates) {
        for (String key : candidates) {
            Series s = overSteps(key);
            if (!s.isEmpty()) {
                return s;
            }
        }
        return new Series(candidates.get(0), new double[0], new double[0]);
    }

    /**
     * Every numeric (or boolean, as 0/1) key of the per-epoch lines over the epoch, in the order the keys first
     * appear; a key that several kinds share is one series. A key whose every value is null is an empty series.
     */
    List<Series> perEpochSeries() {
        Set<String> keys = new LinkedHashSet<>();
        for (JsonNode n : perEpoch) {
            n.fieldNames().forEachRemaining(k -> {
                JsonNode v = n.get(k);
                // null: a non-finite number (RunDirectory writes NaN and infinities so).
                if (!POSITION_KEYS.contains(k) && (v.isNumber() || v.isBoolean() || v.isNull())) {
                    keys.add(k);
                }
            });
        }
        List<Series> out = new ArrayList<>();
        for (String key : keys) {
            out.add(series(key, perEpoch, "epoch"));
        }
        return out;
    }

    private static Series series(String key, List<JsonNode> lines, String xKey) {
        // Keyed by x so a repeated line (a run resumed over the same epoch) keeps its latest value.
        Map<Double, Double> points = new LinkedHashMap<>();
        for (JsonNode n : lines) {
            JsonNode v = n.get(key);
            JsonNode x = n.get(xKey);
            if (v == null || x == null || !x.isNumber()) {
                continue;
            }
            double y = v.isBoolean() ? (v.asBoolean() ? 1 : 0) : v.isNumber() ? v.asDouble() : Double.NaN;
            if (Double.isFinite(y)) {
                points.put(x.asDouble(), y);
            }
        }
        double[] xs = new double[points.size()];
        double[] ys = new double[points.size()];
        int i = 0;
        for (var e : points.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
            xs[i] = e.getKey();
            ys[i++] = e.getValue();
        }
        return new Series(key, xs, ys);
    }
}
