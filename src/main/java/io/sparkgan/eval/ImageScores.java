package io.sparkgan.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metrics of a set of generated images, each beside its real-data floor (the same metric for real
 * training images against the real test split, with as many samples).
 *
 * @param samples        generated images scored
 * @param histogram      generated images per class (argmax of the reference classifier)
 * @param precisionRecall improved precision and recall of the generated features against the test split's
 * @param floor          the real-data figures the generated ones compare with
 * @param conditional    for a conditional generator: the share drawn in the class asked for and the per-class FDs
 */
public record ImageScores(int samples, double frechetDistance, double classifierScore, ClassHistogram histogram,
                              PrecisionRecall precisionRecall, RealDataFloor floor,
                              java.util.Optional<ConditionalScores> conditional) implements SampleScores {

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("samples", samples);
        json.put("frechet_distance", frechetDistance);
        json.put("frechet_distance_floor", floor.frechetDistance());
        json.put("classifier_score", classifierScore);
        json.put("classifier_score_real", floor.classifierScore());
        json.put("classes_present", histogram.present());
        json.put("classes_present_real", floor.classesPresent());
        json.put("classes_total", histogram.counts().length);
        json.put("classes_dropped", histogram.dropped());
        json.put("classes_starved", histogram.starved());
        json.put("class_histogram", histogram.asMap());
        json.put("precision", precisionRecall.precision());
        json.put("recall", precisionRecall.recall());
        json.put("precision_floor", floor.precisionRecall().precision());
        json.put("recall_floor", floor.precisionRecall().recall());
        json.put("precision_recall_k", floor.k());
        json.put("reference_samples", floor.referenceSamples());
        json.put("classifier_test_accuracy", floor.classifierTestAccuracy());
        json.put("test_split", floor.testSource());
        conditional.ifPresent(c -> c.addTo(json));
        return json;
    }

    @Override
    public String summary() {
        return String.format("FD %.3f (real floor %.3f), classifier score %.3f (real %.3f), %d/%d classes present%s, "
                        + "precision %.3f recall %.3f (real %.3f / %.3f)", frechetDistance, floor.frechetDistance(),
                classifierScore, floor.classifierScore(), histogram.present(), histogram.counts().length,
                histogram.starved().isEmpty() ? "" : " (starved " + histogram.starved() + ")",
                precisionRecall.precision(), precisionRecall.recall(), floor.precisionRecall().precision(),
                floor.precisionRecall().recall()) + conditional.map(c -> ", " + c.summary()).orElse("");
    }

    @Override
    public boolean collapsed(int minClassesPresent, int minModesCovered) {
        return histogram.present() < minClassesPresent;
    }
}
