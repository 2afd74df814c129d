package io.sparkgan.spark;

import io.sparkgan.config.GanConfig;
import io.sparkgan.io.RunDirectory;
import io.sparkgan.train.DivergenceException;
import io.sparkgan.train.EpochPlan;
import io.sparkgan.train.EpochSettings;
import io.sparkgan.train.GanState;
import io.sparkgan.train.IntervalStats;
import io.sparkgan.train.NativeThreads;
import io.sparkgan.train.RunSummary;
import io.sparkgan.train.Schedule;
import io.sparkgan.train.TrainingLog;
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
 * Adam's m and v and the EMA alike. Per epoch end: samples, metrics and a checkpoint, as the single-JVM
 * engine writes them.
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

    public RunSummary train(boolean dryRun) {
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
                run.writeConfig(config.resolved());
                return train(sc, data, state, dryRun);
            } finally {
                data.rows().unpersist(false);
                ShardCache.release(data.id());
            }
        }
    }

    private RunSummary train(JavaSparkContext sc, PartitionedData data, GanState state, boolean dryRun) {
        Schedule schedule = new Schedule(config.train(), config.spark().averagingPeriod());
        TrainingLog log = new TrainingLog(config, run, progress);
        List<Integer> inject = config.spark().injectFailure();
        FailureInjection failure = new FailureInjection(inject.get(0), inject.get(1), inject.get(2));
        int epochs = dryRun ? 1 : config.train().epochs();
        int batch = config.train().batchSize();
        int logEvery = config.output().logEverySteps();
        long runStart = System.nanoTime();
        long done = 0;

        for (int epoch = 0; epoch < epochs; epoch++) {
            EpochSettings settings = schedule.at(epoch);
            int iterations = EpochPlan.iterations(data.smallestPartition(), config.train(), settings.dSteps(), dryRun);
            int period = settings.averagingPeriod();
            int rounds = (iterations + period - 1) / period;
            long total = (long) epochs * iterations;
            IntervalStats interval = new IntervalStats();
            int intervalIterations = 0;
            long intervalStart = System.nanoTime();
            for (int round = 0; round < rounds; round++) {
                int first = round * period;
                int count = Math.min(period, iterations - first);
                List<RoundResult> results = round(sc, data, state, settings, epoch, round, rounds, first, count, failure);
                for (RoundResult r : results) {
                    interval.addAll(r.stats());
                }
                intervalIterations += count;
                done += count;
                if (intervalIterations >= logEvery || round == rounds - 1) {
                    double seconds = (System.nanoTime() - intervalStart) / 1e9;
                    long samples = (long) intervalIterations * settings.dSteps() * batch * data.partitions();
                    log.interval(epoch, epochs, state.generatorSteps(), interval.mean(), samples, seconds,
                            "round " + (round + 1) + "/" + rounds, done, total, (System.nanoTime() - runStart) / 1e9);
                    interval = new IntervalStats();
                    intervalIterations = 0;
                    intervalStart = System.nanoTime();
                }
            }
            sc.setJobDescription("spark-gan " + config.name() + ": epoch " + (epoch + 1) + " end");
            log.endOfEpoch(epoch, state);
        }
        return log.finish(state, epochs, dryRun);
    }

    /** One round: broadcast, train every partition, average in partition order; returns the partitions' figures. */
    private List<RoundResult> round(JavaSparkContext sc, PartitionedData data, GanState state, EpochSettings settings,
                                    int epoch, int round, int rounds, int first, int count, FailureInjection failure) {
        Broadcast<GanSnapshot> snapshot = sc.broadcast(GanSnapshot.of(state));
        try {
            sc.setJobDescription(String.format("spark-gan %s: epoch %d/%d, round %d/%d (iterations %d-%d)",
                    config.name(), epoch + 1, config.train().epochs(), round + 1, rounds, first, first + count - 1));
            RoundTask task = new RoundTask(config, data, snapshot, settings, epoch, round, first, count, failure);
            List<RoundResult> results = new ArrayList<>(data.rows().mapPartitionsWithIndex(task, true).collect());
            results.sort(Comparator.comparingInt(RoundResult::partition));
            for (RoundResult r : results) {
                if (r.divergence() != null) {
                    throw new DivergenceException("a loss became non-finite at epoch " + epoch + ", round " + round
                            + ", " + r.divergence() + "; the last epoch checkpoint is intact");
                }
            }
            List<GanSnapshot> states = new ArrayList<>(results.size());
            results.forEach(r -> states.add(r.state()));
            GanSnapshot mean = GanSnapshot.average(states);
            String bad = mean.firstNonFinite();
            if (bad != null) {
                throw new DivergenceException("averaged state is not finite at epoch " + epoch + ", round " + round
                        + ": " + bad + "; the last epoch checkpoint is intact");
            }
            mean.applyTo(state);
            results.forEach(RoundResult::releaseState);
            return results;
        } finally {
            snapshot.destroy();
        }
    }
}
