package io.sparkgan.eval;

import io.sparkgan.data.Mixture2D;
import io.sparkgan.data.MixtureMetrics;

import java.util.LinkedHashMap;
import java.util.Map;

/** The DESIGN §6 metrics of generated 2-D points ({@link MixtureMetrics}), as a member of the suite. */
public record MixtureScores(int samples, MixtureMetrics metrics) implements SampleScores {

    /** Scores row-major (x, y) samples against the mixture. */
    public static MixtureScores of(Mixture2D mixture, float[] xy) {
        return new MixtureScores(xy.length / 2, MixtureMetrics.of(mixture, xy));
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("samples", samples);
        json.put("modes_covered", metrics.modesCovered());
        json.put("modes_total", metrics.modesTotal());
        json.put("high_quality_fraction", metrics.highQualityFraction());
        json.put("reverse_kl", metrics.reverseKl());
        return json;
    }

    @Override
    public String summary() {
        return String.format("%d/%d modes covered, %.1f%% high quality, reverse KL %.4f", metrics.modesCovered(),
                metrics.modesTotal(), 100 * metrics.highQualityFraction(), metrics.reverseKl());
    }

    @Override
    public boolean collapsed(int minClassesPresent, int minModesCovered) {
        return metrics.modesCovered() < minModesCovered;
    }
}
