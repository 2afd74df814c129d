package io.sparkgan.spark;

import io.sparkgan.config.GanConfig;
import io.sparkgan.io.RunDirectory;
import io.sparkgan.train.DivergenceException;
import io.sparkgan.train.EpochPlan;
import io.sparkgan.train.EpochSettings;
import io.sparkgan.train.GanState;
import io.sparkgan.train.IntervalStats;
import io.sparkgan.train.NativeThreads;
import io.sparkgan.train.RoundRunner;
import io.sparkgan.train.RunSummary;
import io.sparkgan.train.TrainingLoop;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The Spark engine (engine = spark), DESIGN §3. The driver holds the reference state; per round it
 * broadcasts one snapshot of it (G, D, both Adam states, the EMA, the counters), every partition runs H
 * iterations (k D steps, then one G step each) on its own next minibatches, and the driver averages the
 * returned states in partition order: theta <- (1/P) sum_p theta_p, for parameters, batch-norm statistics,
 * Adam's m and v and the EMA alike. {@link TrainingLoop} drives the rounds, checkpoints and outputs, as
 * for the single-JVM engine.
 */
public final class SparkEngine {
    private final GanConfig config;
    private final RunDirectory run;
    private final PrintStream progress;

    public SparkEngine(GanConfig config, RunDirectory run, PrintStream progress) {
        this.config = config;
        this.run = run;
        this.progress = progress;
    }

    /** Trains from scratch; with {@code dryRun} one iteration of one epoch. */
    public RunSummary train(boolean dryRun) {
        return train(dryRun, false);
    }

    /** With {@code resume}, goes on from the run's latest checkpoint when it has one. */
    public RunSummary train(boolean dryRun, boolean resume) {
        NativeThreads.prepare(config.threads());
        try (SparkContexts.Handle spark = SparkContexts.open(config)) {
            JavaSparkContext sc = spark.context();
            int partitions = config.spark().partitions() > 0 ? config.spark().partitions() : sc.defaultParallelism();
            sc.setJobDescription("spark-gan " + config.name() + ": load data");
            PartitionedData data = SparkSources.load(sc, config, partitions);
            try {
                progress.printf("Spark master %s, %d partitions of %s (%d samples, the smallest %d)%s%n",
                        sc.master(), data.partitions(), config.data().source(), data.size(), data.smallestPartition(),
                        data.skippedInputs() > 0 ? ", " + data.skippedInputs() + " inputs skipped" : "");
                GanState state = GanState.fresh(config, data.sampleShape());
                TrainingLoop loop = new TrainingLoop(config, run, progress);
                RunSummary summary = loop.run(new Partitions(sc, data), state, resume, dryRun);
                sc.setJobDescription(null);
                return summary;
            } finally {
                data.rows().unpersist(false);
                ShardCache.release(data.id());
            }
        }
    }

    /** Rounds over the partitions: broadcast, train every partition, average in partition order. */
    private final class Partitions implements RoundRunner {
        private final JavaSparkContext sc;
        private final PartitionedData data;
        private final FailureInjection failure;

        Partitions(JavaSparkContext sc, PartitionedData data) {
            this.sc = sc;
            this.data = data;
            List<Integer> inject = config.spark().injectFailure();
            this.failure = new FailureInjection(inject.get(0), inject.get(1), inject.get(2));
        }

        @Override
        public int iterations(EpochSettings settings, boolean dryRun) {
            return EpochPlan.iterations(data.smallestPartition(), config.train(), settings.dSteps(), dryRun);
        }

        @Override
        public long samplesPerIteration(EpochSettings settings) {
            return (long) settings.dSteps() * config.train().batchSize() * data.partitions();
        }

        @Override
        public IntervalStats round(GanState state, EpochSettings settings, int epoch, int round, int rounds, int first,
                                   int count) {
            Broadcast<GanSnapshot> snapshot = sc.broadcast(GanSnapshot.of(state));
            try {
                sc.setJobDescription(String.format("spark-gan %s: epoch %d/%d, round %d/%d (iterations %d-%d)",
                        config.name(), epoch + 1, config.train().epochs(), round + 1, rounds, first, first + count - 1));
                RoundTask task = new RoundTask(config, data, snapshot, settings, epoch, round, first, count, failure);
                List<RoundResult> results = new ArrayList<>(data.rows().mapPartitionsWithIndex(task, true).collect());
                results.sort(Comparator.comparingInt(RoundResult::partition));
                IntervalStats stats = new IntervalStats();
                for (RoundResult r : results) {
                    if (r.divergence() != null) {
                        throw new DivergenceException(r.divergence());
                    }
                    stats.addAll(r.stats());
                }
                List<GanSnapshot> states = new ArrayList<>(results.size());
                results.forEach(r -> states.add(r.state()));
                GanSnapshot mean = GanSnapshot.average(states);
                String bad = mean.firstNonFinite();
                if (bad != null) {
                    throw new DivergenceException("the averaged " + bad);
                }
                mean.applyTo(state);
                results.forEach(RoundResult::releaseState);
                return stats;
            } finally {
                snapshot.destroy();
            }
        }
    }
}
