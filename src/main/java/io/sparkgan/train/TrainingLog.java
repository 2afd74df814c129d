package io.sparkgan.train;

import io.sparkgan.config.GanConfig;
import io.sparkgan.data.MixtureMetrics;
import io.sparkgan.io.ModelStore;
import io.sparkgan.io.RunDirectory;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What both engines write while they train: a metrics line and a progress line per logging interval; per
 * epoch end the sample picture from fixed noise, the 2-D metrics and a checkpoint; at the end the
 * generator model and summary.json.
 */
public final class TrainingLog {
    private final GanConfig config;
    private final RunDirectory run;
    private final PrintStream progress;
    private final SampleReporter reporter;
    private final Checkpoints checkpoints;
    private final String unit;
    private final io.sparkgan.eval.TrainingEvaluation evaluation;
    private long samplesSeen;
    private double trainSeconds;
    private StepResult last;
    private Optional<MixtureMetrics> lastMetrics = Optional.empty();

    public TrainingLog(GanConfig config, RunDirectory run, PrintStream progress) {
        this.config = config;
        this.run = run;
        this.progress = progress;
        this.reporter = new SampleReporter(config);
        this.checkpoints = new Checkpoints(run);
        this.unit = config.data().isMixture() ? "points" : "images";
        this.evaluation = new io.sparkgan.eval.TrainingEvaluation(config, run, progress);
    }

    /**
     * One logging interval: {@code mean} of its iterations, {@code samples} real samples consumed in
     * {@code seconds}; {@code done}/{@code total} iterations of the run so far, for the ETA.
     */
    public void interval(int epoch, int epochs, long generatorSteps, StepResult mean, long samples, double seconds,
                         String position, long done, long total, double runSeconds) {
        samplesSeen += samples;
        trainSeconds += seconds;
        last = mean;
        double rate = samples / seconds;
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("kind", "interval");
        line.put("epoch", epoch);
        line.put("step", generatorSteps);
        line.put("d_loss", mean.discriminatorLoss());
        line.put("g_loss", mean.generatorLoss());
        line.put("d_real", mean.meanRealOutput());
        line.put("d_fake", mean.meanFakeOutput());
        if (!Double.isNaN(mean.jsdEstimate())) {
            line.put("jsd", mean.jsdEstimate());
        }
        line.put(unit + "_per_second", rate);
        run.appendMetrics(line);
        double eta = done == 0 ? 0 : runSeconds / done * (total - done);
        progress.printf("epoch %d/%d %s  %.0f %s/s  d_loss %.4f g_loss %.4f  D(real) %.3f D(fake) %.3f  ETA %s%n",
                epoch + 1, epochs, position, rate, unit, mean.discriminatorLoss(), mean.generatorLoss(),
                mean.meanRealOutput(), mean.meanFakeOutput(), formatDuration(eta));
    }

    /** Epoch end: the sample picture, the 2-D metrics (to metrics.jsonl and the console), a checkpoint. */
    public void endOfEpoch(int epoch, GanState state) {
        String name = String.format("epoch-%04d", epoch);
        Optional<MixtureMetrics> metrics = reporter.report(state.samplingGenerator(),
                run.samples().resolve(name + ".png"), config.name() + " epoch " + epoch);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("kind", "epoch");
        line.put("epoch", epoch);
        line.put("step", state.generatorSteps());
        metrics.ifPresent(m -> {
            line.put("modes_covered", m.modesCovered());
            line.put("modes_total", m.modesTotal());
            line.put("high_quality_fraction", m.highQualityFraction());
            line.put("reverse_kl", m.reverseKl());
            progress.printf("epoch %d: %d/%d modes covered, %.1f%% high quality, reverse KL %.4f%n", epoch + 1,
                    m.modesCovered(), m.modesTotal(), 100 * m.highQualityFraction(), m.reverseKl());
        });
        run.appendMetrics(line);
        checkpoints.write(name, state, epoch);
        lastMetrics = metrics;
        evaluation.endOfEpoch(epoch, state);
    }

    /** The final generator (EMA weights when on) and summary.json. */
    public RunSummary finish(GanState state, int epochs, boolean dryRun) {
        ModelStore.save(state.samplingGenerator(), run.generatorModel(), false);
        RunSummary summary = new RunSummary(config.name(), epochs, state.generatorSteps(), samplesSeen / trainSeconds,
                last, lastMetrics, dryRun);
        run.writeSummary(summary.toJson());
        return summary;
    }

    static String formatDuration(double seconds) {
        long s = Math.round(seconds);
        return String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
