package io.sparkgan.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How well a conditional generator draws the class it is asked for, each beside its real-data floor.
 *
 * @param accuracy           the share of samples the reference classifier puts in the class they were asked for
 * @param accuracyFloor      the classifier's accuracy on the real test split (what real images of a class reach)
 * @param perClassFd         per class (by name): the FD of its samples against that class's real test images
 * @param perClassFdFloor    per class: the FD of that class's real training images against its test images
 */
public record ConditionalScores(double accuracy, double accuracyFloor, Map<String, Double> perClassFd,
                                Map<String, Double> perClassFdFloor) {
    public ConditionalScores {
        perClassFd = Map.copyOf(perClassFd);
        perClassFdFloor = Map.copyOf(perClassFdFloor);
    }

    /** Adds the keys to an evaluation's JSON (metrics.jsonl, jobs/evaluate.sh); the means are charted per epoch. */
    void addTo(Map<String, Object> json) {
        json.put("conditional_accuracy", accuracy);
        json.put("conditional_accuracy_floor", accuracyFloor);
        json.put("mean_per_class_frechet_distance", mean(perClassFd));
        json.put("mean_per_class_frechet_distance_floor", mean(perClassFdFloor));
        json.put("per_class_frechet_distance", new java.util.TreeMap<>(perClassFd));
        json.put("per_class_frechet_distance_floor", new java.util.TreeMap<>(perClassFdFloor));
    }

    private static double mean(Map<String, Double> values) {
        return values.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    String summary() {
        return String.format("conditional accuracy %.3f (real %.3f), mean per-class FD %.3f (real %.3f)", accuracy,
                accuracyFloor, mean(perClassFd), mean(perClassFdFloor));
    }

    static Map<String, Double> ordered() {
        return new LinkedHashMap<>();
    }
}
