package io.sparkgan.run;

import io.sparkgan.data.MixtureMetrics;
import io.sparkgan.train.EquilibriumDistance;
import io.sparkgan.train.ParamsDigest;
import io.sparkgan.train.StepFigures;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of a run, as summary.json states it.
 *
 * @param samplesPerSecond real images (or 2-D points) consumed by D per second of training
 * @param last             means of the last logging interval
 * @param mixtureMetrics   DESIGN §6 figures of the final generator, for 2-D data
 * @param equilibrium      the linear model's distance from the equilibrium (0, 0) at the start and the end
 * @param translation      CycleGAN's scores of the final generators on held-out images
 * @param paramsSha256     SHA-256 of every network's final parameters (ParamsDigest)
 * @param rounds           the Spark engine's rounds per epoch (of the last epoch) and the whole run's round cost
 */
public record RunSummary(String name, int epochs, long generatorSteps, double samplesPerSecond, StepFigures last,
                         Optional<MixtureMetrics> mixtureMetrics, Optional<EquilibriumDistance> equilibrium,
                         Optional<io.sparkgan.eval.TranslationScores> translation, String paramsSha256, boolean dryRun,
                         Optional<RoundsOfRun> rounds) {
    /** The Spark engine's averaging: rounds per epoch (the last epoch's) and what all rounds cost. */
    public record RoundsOfRun(int perEpoch, RoundCost cost) {
    }


    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("epochs", epochs);
        json.put("generator_steps", generatorSteps);
        json.put("images_per_second", samplesPerSecond);
        if (mixtureMetrics.isPresent()) {
            MixtureMetrics m = mixtureMetrics.get();
            json.put("points_per_second", samplesPerSecond);
            json.put("modes_covered", m.modesCovered());
            json.put("modes_total", m.modesTotal());
            json.put("high_quality_fraction", m.highQualityFraction());
            json.put("reverse_kl", m.reverseKl());
        }
        equilibrium.ifPresent(e -> {
            json.put("points_per_second", samplesPerSecond);
            json.put("equilibrium_distance_start", e.start());
            json.put("equilibrium_distance_end", e.end());
        });
        translation.ifPresent(t -> json.putAll(t.toJson()));
        if (last != null) {
            json.put("d_loss", last.discriminatorLoss());
            json.put("g_loss", last.generatorLoss());
            json.put("d_real", last.meanRealOutput());
            json.put("d_fake", last.meanFakeOutput());
            if (!Double.isNaN(last.jsdEstimate())) {
                json.put("jsd", last.jsdEstimate());
            }
        }
        rounds.ifPresent(r -> {
            json.put("rounds_per_epoch", r.perEpoch());
            json.put("round_overhead", r.cost().overheadShare());
        });
        json.put("params_sha256", paramsSha256);
        json.put("dry_run", dryRun);
        return json;
    }
}
