package io.sparkgan.run;

import io.sparkgan.config.GanConfig;
import io.sparkgan.data.ClassList;
import io.sparkgan.data.TrainingSet;
import io.sparkgan.io.RunDirectory;
import io.sparkgan.platform.NativeThreads;
import io.sparkgan.source.TrainingData;
import io.sparkgan.source.TrainingSets;
import io.sparkgan.train.DivergenceException;
import io.sparkgan.train.EpochPlan;
import io.sparkgan.train.EpochSettings;
import io.sparkgan.train.GanState;
import io.sparkgan.train.GlobalBatch;
import io.sparkgan.train.IntervalStats;
import io.sparkgan.train.ShardTrainer;

import java.io.PrintStream;

/**
 * The single-JVM engine (engine = local), the reference the Spark engine is tested against: per epoch,
 * the whole training set as one shard, per iteration k D steps and one G step (ShardTrainer), in rounds
 * of H iterations that {@link TrainingLoop} checks, logs and checkpoints.
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

    /** Trains from scratch; with {@code dryRun} one iteration of one epoch, exercising every output once. */
    public RunSummary train(boolean dryRun) {
        return train(dryRun, false);
    }

    /** With {@code resume}, goes on from the run's latest checkpoint when it has one. */
    public RunSummary train(boolean dryRun, boolean resume) {
        NativeThreads.prepare(config.threads());
        TrainingData training = TrainingSets.open(config);
        TrainingSet data = training.set();
        ClassList classes = training.classes();
        int k = classes == null ? 0 : classes.size();
        GanState state = GanState.fresh(config, data.sampleShape(), k);
        run.writeClasses(classes, config);
        return new TrainingLoop(config, run, progress).run(new WholeSet(data, k), state, resume, dryRun);
    }

    /** Rounds on the whole training set as one shard. */
    private final class WholeSet implements RoundRunner {
        private final TrainingSet data;
        private final GlobalBatch batch = new GlobalBatch(config.train().batchSize(), 1);
        private final ShardTrainer trainer;

        WholeSet(TrainingSet data, int classes) {
            this.data = data;
            this.trainer = new ShardTrainer(config, batch.rows(0), classes);
        }

        @Override
        public int iterations(EpochSettings settings, boolean dryRun) {
            return EpochPlan.iterations(new int[] {data.size()}, batch, config.train(), settings.dSteps(), dryRun);
        }

        @Override
        public long samplesPerIteration(EpochSettings settings) {
            return (long) settings.dSteps() * config.train().batchSize();
        }

        @Override
        public IntervalStats round(GanState state, EpochSettings settings, int epoch, int round, int rounds, int first,
                                   int count) {
            IntervalStats stats = new IntervalStats();
            trainer.run(state, data, config.seed(), epoch, settings, first, count, (s, r) -> {
                stats.add(s, r);
                return true;
            });
            String bad = stats.firstNonFinite();     // the round's figures, read once
            if (bad != null) {
                throw new DivergenceException(bad + " (the single-JVM engine)");
            }
            return stats;
        }
    }
}
