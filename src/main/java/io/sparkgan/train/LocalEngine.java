package io.sparkgan.train;

import io.sparkgan.config.GanConfig;
import io.sparkgan.data.TrainingSet;
import io.sparkgan.data.TrainingSets;
import io.sparkgan.io.RunDirectory;

import java.io.PrintStream;

/**
 * The single-JVM engine (engine = local), the reference the Spark engine is tested against: per epoch,
 * the whole training set as one shard, per iteration k D steps and one G step (ShardTrainer).
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
        NativeThreads.prepare(config.threads());
        TrainingSet data = TrainingSets.load(config.data(), config.seed());
        GanState state = GanState.fresh(config, data.sampleShape());
        run.writeConfig(config.resolved());
        return train(data, state, dryRun);
    }

    RunSummary train(TrainingSet data, GanState state, boolean dryRun) {
        ShardTrainer trainer = new ShardTrainer(config);
        Schedule schedule = new Schedule(config.train(), config.spark().averagingPeriod());
        TrainingLog log = new TrainingLog(config, run, progress);
        int batch = config.train().batchSize();
        int epochs = dryRun ? 1 : config.train().epochs();
        int logEvery = config.output().logEverySteps();
        long runStart = System.nanoTime();
        long done = 0;

        for (int epoch = 0; epoch < epochs; epoch++) {
            EpochSettings settings = schedule.at(epoch);
            state.setLearningRates(settings);
            int steps = EpochPlan.iterations(data.size(), config.train(), settings.dSteps(), dryRun);
            long total = (long) epochs * steps;
            int e = epoch;
            // Run the epoch in slices of at most log-every iterations: one metrics line per slice.
            for (int first = 0; first < steps; first += logEvery) {
                int count = Math.min(logEvery, steps - first);
                IntervalStats interval = new IntervalStats();
                long start = System.nanoTime();
                trainer.run(state, data, config.seed(), epoch, settings, first, count, (s, r) -> {
                    DivergenceException.check(r, e, s, "the single-JVM engine");
                    interval.add(r);
                    return true;
                });
                double seconds = (System.nanoTime() - start) / 1e9;
                done += count;
                log.interval(epoch, epochs, state.generatorSteps(), interval.mean(),
                        (long) count * settings.dSteps() * batch, seconds,
                        "step " + (first + count) + "/" + steps, done, total, (System.nanoTime() - runStart) / 1e9);
            }
            log.endOfEpoch(epoch, state);
        }
        return log.finish(state, epochs, dryRun);
    }
}
