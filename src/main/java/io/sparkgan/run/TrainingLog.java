package io.sparkgan.run;

import io.sparkgan.augment.AdaptiveProbability;
import io.sparkgan.config.GanConfig;
import io.sparkgan.config.ModelType;
import io.sparkgan.data.MixtureMetrics;
import io.sparkgan.io.ModelStore;
import io.sparkgan.io.ProgressLine;
import io.sparkgan.io.RunDirectory;
import io.sparkgan.model.LinearNetworks;
import io.sparkgan.report.RunReport;
import io.sparkgan.train.EquilibriumDistance;
import io.sparkgan.train.GanState;
import io.sparkgan.train.ParamsDigest;
import io.sparkgan.train.StepFigures;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What both engines write while they train: a metrics line and a progress line per logging interval; per
 * epoch end the sample picture from fixed noise and the 2-D metrics; at the end the generator model and
 * summary.json. (Checkpoints are {@link TrainingLoop}'s.)
 */
public final class TrainingLog {
    /** The final discriminator in the run directory (the Spark ML API's realness scorer reads it). */
    public static final String DISCRIMINATOR_FILE = RunDirectory.DISCRIMINATOR_FILE;
    private final GanConfig config;
    private final RunDirectory run;
    private final PrintStream progress;
    private final SampleReporter reporter;
    private final String unit;
    private final TrainingEvaluation evaluation;
    private final boolean linear;
    private long samplesSeen;
    private double trainSeconds;
    private StepFigures last;
    private Optional<MixtureMetrics> lastMetrics = Optional.empty();
    private final CycleLog cycle;
    private int roundsPerEpoch;
    private RoundCost roundCost = RoundCost.NONE;
    private RoundCost pendingCost = RoundCost.NONE;
    /** The run's report.html, rewritten at each epoch end and at the end. */
    private final RunReport.Live report;

    public TrainingLog(GanConfig config, RunDirectory run, PrintStream progress) {
        this.config = config;
        this.run = run;
        this.progress = progress;
        this.reporter = new SampleReporter(config);
        this.unit = config.data().isPoints() ? "points" : "images";
        this.evaluation = new TrainingEvaluation(config, run, progress);
        this.linear = config.model().type() == ModelType.LINEAR;
        this.cycle = config.cycle().enabled() ? new CycleLog(config, run, progress) : null;
        this.report = RunReport.live(run.root());
    }

    /**
     * One logging interval: {@code mean} of its iterations, {@code samples} real samples consumed in
     * {@code seconds}; {@code done}/{@code total} iterations of the run so far, for the ETA.
     */
    public void interval(int epoch, int epochs, long generatorSteps, StepFigures mean, long samples, double seconds,
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
        if (config.loss().penalised()) {
            line.put("penalty_dropped", mean.penaltyDropped());
        }
        line.put(unit + "_per_second", rate);
        if (pendingCost.rounds() > 0) {
            line.put("rounds_per_epoch", roundsPerEpoch);
            line.put("round_overhead", pendingCost.overheadShare());
        }
        run.appendMetrics(line);
        double eta = done == 0 ? 0 : runSeconds / done * (total - done);
        progress.printf("epoch %d/%d %s  %.0f %s/s  d_loss %.4f g_loss %.4f  D(real) %.3f D(fake) %.3f  ETA %s%s%n",
                epoch + 1, epochs, position, rate, unit, mean.discriminatorLoss(), mean.generatorLoss(),
                mean.meanRealOutput(), mean.meanFakeOutput(), ProgressLine.formatDuration(eta),
                pendingCost.rounds() == 0 ? "" : String.format("  %d rounds/epoch, %.0f%% outside task compute",
                        roundsPerEpoch, 100 * pendingCost.overheadShare()));
        pendingCost = RoundCost.NONE;
        if (mean.penaltyDropped() > 0) {
            progress.printf("WARN epoch %d/%d %s: the gradient penalty left out %d samples' terms since the last line "
                            + "(their activation pattern kept changing between x - e v and x + e v down to the smallest "
                            + "step e; penalty_dropped in metrics.jsonl)%n",
                    epoch + 1, epochs, position, mean.penaltyDropped());
        }
    }

    /**
     * After every round of the linear model (the Dirac-GAN): a metrics line of kind "trajectory" with the step and
     * (theta, psi), the players' position in the phase plane; per step when rounds are one step (H = 1).
     */
    public void round(GanState state) {
        if (!linear) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("kind", "trajectory");
        line.put("step", state.generatorSteps());
        line.put("theta", LinearNetworks.theta(state.generator()));
        line.put("psi", LinearNetworks.psi(state.discriminator()));
        run.appendMetrics(line);
    }

    /** Epoch end: the sample picture, the 2-D metrics (to metrics.jsonl and the console). */
    public void endOfEpoch(int epoch, GanState state) {
        if (cycle != null) {
            cycle.endOfEpoch(epoch, state);
            report.update(progress);
            return;
        }
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
        if (state.augmentState() != null) {
            // ADA's probability at the epoch's end (the report charts it with the other per-epoch keys)
            double p = AdaptiveProbability.probability(state.augmentState());
            line.put("augment_probability", p);
            progress.printf("epoch %d: adaptive augmentation probability p = %.3f%n", epoch + 1, p);
        }
        run.appendMetrics(line);
        report.update(progress);
        lastMetrics = metrics;
        evaluation.endOfEpoch(epoch, state);
    }

    /** A roll-back after a divergence: a metrics line of kind "rollback" and a warning on the console. */
    public void rollback(String divergence, String checkpoint, double learningRateScale, int rollbacks) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("kind", "rollback");
        line.put("divergence", divergence);
        line.put("checkpoint", checkpoint);
        line.put("learning_rate_scale", learningRateScale);
        line.put("rollbacks", rollbacks);
        run.appendMetrics(line);
        progress.printf("WARN %s; rolled back to checkpoint %s, learning rates now x%.4g of the schedule (roll-back %d)%n",
                divergence, checkpoint, learningRateScale, rollbacks);
    }

    /** Real samples consumed and seconds trained so far (a checkpoint keeps them). */
    public long samplesSeen() {
        return samplesSeen;
    }

    public double trainSeconds() {
        return trainSeconds;
    }

    /** Continues the run's totals from a checkpoint. */
    public void restore(long samplesSeen, double trainSeconds) {
        this.samplesSeen = samplesSeen;
        this.trainSeconds = trainSeconds;
    }

    /**
     * The averaging cost of the rounds of the next interval line, which states it (rounds_per_epoch, round_overhead:
     * the share of a round's time outside task compute); nothing for the single-JVM engine.
     */
    public void rounds(int perEpoch, RoundCost cost) {
        pendingCost = cost;
        if (cost.rounds() > 0) {
            roundsPerEpoch = perEpoch;
            roundCost = roundCost.plus(cost);
        }
    }

    /**
     * The final generator (EMA weights when on) and summary.json, with the digest of every network's final
     * parameters. A run resumed after its last epoch has no epoch metrics of its own: they are recomputed
     * from the same fixed noise.
     */
    public RunSummary finish(GanState state, int epochs, boolean dryRun) {
        // a conditional run's class names go inside generator.zip, so that the file alone knows its classes
        io.sparkgan.platform.Location classes = run.file(io.sparkgan.data.ClassList.FILE_NAME);
        if (classes.exists()) {
            ModelStore.save(state.samplingGenerator(), run.generatorModel(), false,
                    io.sparkgan.data.ClassList.parse(classes.readString(), classes.toString()));
        } else {
            ModelStore.save(state.samplingGenerator(), run.generatorModel(), false);
        }
        Optional<io.sparkgan.eval.TranslationScores> translation = Optional.empty();
        if (cycle != null) {
            translation = Optional.of(cycle.finish(state));
        } else if (lastMetrics.isEmpty()) {
            lastMetrics = reporter.metrics(state.samplingGenerator());
        }
        ModelStore.save(state.discriminator(), run.file(DISCRIMINATOR_FILE), false);
        Optional<EquilibriumDistance> equilibrium = linear ? Optional.of(new EquilibriumDistance(
                Math.hypot(config.model().linearGeneratorStart(), config.model().linearDiscriminatorStart()),
                Math.hypot(LinearNetworks.theta(state.generator()), LinearNetworks.psi(state.discriminator()))))
                : Optional.empty();
        RunSummary summary = new RunSummary(config.name(), epochs, state.generatorSteps(),
                trainSeconds > 0 ? samplesSeen / trainSeconds : 0, last, lastMetrics, equilibrium, translation,
                ParamsDigest.of(state), dryRun, roundsPerEpoch > 0
                        ? Optional.of(new RunSummary.RoundsOfRun(roundsPerEpoch, roundCost)) : Optional.empty());
        run.writeSummary(summary.toJson());
        report.update(progress);
        return summary;
    }

}
