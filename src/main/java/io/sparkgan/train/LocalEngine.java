package io.sparkgan.train;

import io.sparkgan.config.GanConfig;
import io.sparkgan.data.MixtureMetrics;
import io.sparkgan.data.TrainingSet;
import io.sparkgan.data.TrainingSets;
import io.sparkgan.io.ModelStore;
import io.sparkgan.io.RunDirectory;
import io.sparkgan.model.GanNetworks;
import io.sparkgan.model.NetworkFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The single-JVM engine: per epoch, per iteration k D steps and one G step (TrainingStep); at each
 * logging interval a metrics line and a progress line; at each epoch end a sample picture from fixed
 * noise, the 2-D metrics, and a checkpoint; at the end the generator model and summary.json.
 */
public final class LocalEngine {
    private final GanConfig config;
    private final RunDirectory run;
    private final PrintStream progress;

    public LocalEngine(GanConfig config, RunDirectory run, PrintStream progress) {
        this.config = config;
        this.run = run;
        this.progress = progress;
    }

    /** Trains; with {@code dryRun} one iteration of one epoch, exercising every output once. */
    public RunSummary train(boolean dryRun) {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        NativeThreads.limit(config.threads());
        TrainingSet data = TrainingSets.load(config.data(), config.seed());
        GanNetworks nets = NetworkFactory.create(config.model(), config.train(), data.sampleShape(), config.seed());
        GanState state = new GanState(nets, config.train().emaDecay() > 0);
        run.writeConfig(config.resolved());
        return train(data, state, dryRun);
    }

    RunSummary train(TrainingSet data, GanState state, boolean dryRun) {
        TrainingStep step = new TrainingStep(config);
        Schedule schedule = new Schedule(config.train());
        SampleReporter reporter = new SampleReporter(config);
        Checkpoints checkpoints = new Checkpoints(run);
        int batch = config.train().batchSize();
        int epochs = dryRun ? 1 : config.train().epochs();
        String unit = config.data().isMixture() ? "points" : "images";
        long samplesSeen = 0;
        double trainSeconds = 0;
        Optional<MixtureMetrics> lastMetrics = Optional.empty();
        StepResult last = null;

        for (int epoch = 0; epoch < epochs; epoch++) {
            EpochSettings settings = schedule.at(epoch);
            state.generator().setLearningRate(settings.generatorLearningRate());
            state.discriminator().setLearningRate(settings.discriminatorLearningRate());
            BatchOrder order = new BatchOrder(data.size(), batch, config.seed(), epoch);
            int steps = stepsInEpoch(order.remaining(), settings.dSteps(), dryRun, data.size());
            IntervalStats interval = new IntervalStats();
            long intervalStart = System.nanoTime();
            long intervalSamples = 0;
            long epochStart = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                SplittableRandom random = new SplittableRandom(Seeds.derive(config.seed(), Seeds.STEP, epoch, s));
                StepResult r = step.iterate(state, () -> data.batch(order.nextBatch()), settings, random);
                checkFinite(r, epoch, s);
                interval.add(r);
                intervalSamples += (long) batch * settings.dSteps();
                boolean endOfEpoch = s == steps - 1;
                if ((state.generatorSteps() % config.output().logEverySteps() == 0) || endOfEpoch) {
                    double seconds = (System.nanoTime() - intervalStart) / 1e9;
                    trainSeconds += seconds;
                    samplesSeen += intervalSamples;
                    double rate = intervalSamples / seconds;
                    last = interval.mean();
                    writeInterval(epoch, state, last, unit, rate);
                    double epochSeconds = (System.nanoTime() - epochStart) / 1e9;
                    double eta = epochSeconds / (s + 1) * ((long) (epochs - epoch - 1) * steps + (steps - s - 1));
                    progress.printf("epoch %d/%d step %d/%d  %.0f %s/s  d_loss %.4f g_loss %.4f  D(real) %.3f D(fake) %.3f  ETA %s%n",
                            epoch + 1, epochs, s + 1, steps, rate, unit, last.discriminatorLoss(), last.generatorLoss(),
                            last.meanRealOutput(), last.meanFakeOutput(), formatDuration(eta));
                    interval = new IntervalStats();
                    intervalSamples = 0;
                    intervalStart = System.nanoTime();
                }
            }
            lastMetrics = endOfEpoch(epoch, state, reporter, checkpoints);
        }
        ModelStore.save(state.samplingGenerator(), run.generatorModel(), false);
        RunSummary summary = new RunSummary(config.name(), epochs, state.generatorSteps(), samplesSeen / trainSeconds,
                last, lastMetrics, dryRun);
        run.writeSummary(summary.toJson());
        return summary;
    }

    private int stepsInEpoch(int batchesAvailable, int k, boolean dryRun, int size) {
        int steps = batchesAvailable / k;
        if (steps < 1) {
            throw new IllegalArgumentException("the data set holds " + size + " samples, fewer than one iteration needs: "
                    + "train.d-steps (" + k + ") x train.batch-size (" + config.train().batchSize() + ")");
        }
        if (config.train().maxStepsPerEpoch() > 0) {
            steps = Math.min(steps, config.train().maxStepsPerEpoch());
        }
        return dryRun ? 1 : steps;
    }

    private static void checkFinite(StepResult r, int epoch, int step) {
        if (!Double.isFinite(r.discriminatorLoss())) {
            throw new DivergenceException("discriminator loss is " + r.discriminatorLoss() + " at epoch " + epoch
                    + ", step " + step + " of the epoch; the last epoch checkpoint is intact");
        }
        if (!Double.isFinite(r.generatorLoss())) {
            throw new DivergenceException("generator loss is " + r.generatorLoss() + " at epoch " + epoch
                    + ", step " + step + " of the epoch; the last epoch checkpoint is intact");
        }
    }

    private void writeInterval(int epoch, GanState state, StepResult r, String unit, double rate) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("kind", "interval");
        line.put("epoch", epoch);
        line.put("step", state.generatorSteps());
        line.put("d_loss", r.discriminatorLoss());
        line.put("g_loss", r.generatorLoss());
        line.put("d_real", r.meanRealOutput());
        line.put("d_fake", r.meanFakeOutput());
        if (!Double.isNaN(r.jsdEstimate())) {
            line.put("jsd", r.jsdEstimate());
        }
        line.put(unit + "_per_second", rate);
        run.appendMetrics(line);
    }

    private Optional<MixtureMetrics> endOfEpoch(int epoch, GanState state, SampleReporter reporter,
                                                Checkpoints checkpoints) {
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
        return metrics;
    }

    static String formatDuration(double seconds) {
        long s = Math.round(seconds);
        return String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
