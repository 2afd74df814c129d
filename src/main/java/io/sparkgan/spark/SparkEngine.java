package io.sparkgan.spark;

import io.sparkgan.config.GanConfig;
import io.sparkgan.io.RunDirectory;
import io.sparkgan.platform.NativeThreads;
import io.sparkgan.platform.SparkContexts;
import io.sparkgan.run.RunSummary;
import io.sparkgan.run.TrainingLoop;
import io.sparkgan.train.GanState;
import io.sparkgan.train.OuterState;
import io.sparkgan.train.GlobalBatch;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.PrintStream;

/**
 * The Spark engine (engine = spark), DESIGN §3. The driver holds the reference state; per round it
 * broadcasts one snapshot of it (G, D, both Adam states, the EMA, the counters), every partition runs H
 * iterations (k D steps, then one G step each) on its own next minibatches of its share of the global batch
 * B, and the executors average the returned states in a tree of fixed shape, weighted by the partitions' rows:
 * theta <- sum_p r_p theta_p / B, for parameters, batch-norm statistics, Adam's m and v and the EMA alike
 * ({@link SparkRounds}). {@link TrainingLoop} drives the rounds, checkpoints and outputs, as
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
            new GlobalBatch(config.train().batchSize(), partitions);   // B >= P, before any work
            sc.setJobDescription("spark-gan " + config.name() + ": load data");
            PartitionedData data = SparkProgress.during(sc, progress, "loading " + config.data().source(),
                    () -> SparkSources.load(sc, config, partitions));
            try {
                return trainOn(sc, data, dryRun, resume);
            } finally {
                data.rows().unpersist(false);
            }
        }
    }

    /**
     * Trains on data that is already partitioned (the Spark ML API's DataFrame, {@link DataFrameSource}); the
     * caller owns the context and the data. What the executors cache for the run ({@link ExecutorCache}) is
     * released before this returns or throws.
     */
    public RunSummary trainOn(JavaSparkContext sc, PartitionedData data, boolean dryRun, boolean resume) {
        NativeThreads.prepare(config.threads());
        GlobalBatch batch = new GlobalBatch(config.train().batchSize(), data.partitions());
        progress.printf("Spark master %s, %d partitions of %s (%d samples, the smallest %d)%s; global batch %d, "
                        + "%s rows per partition and step%n",
                sc.master(), data.partitions(), config.data().source(), data.size(), data.smallestPartition(),
                data.skippedInputs() > 0 ? ", " + data.skippedInputs() + " inputs skipped" : "", batch.size(),
                batch.rows(0) == batch.rows(data.partitions() - 1) ? String.valueOf(batch.rows(0))
                        : batch.rows(data.partitions() - 1) + "-" + batch.rows(0));
        GanState state = GanState.fresh(config, data.sampleShape(), data.classCount());
        if (config.spark().outer().stepping()) {
            state.attachOuter(new OuterState(state, OuterOptimizer.bufferRows(config.spark().outer())));
        }
        run.writeClasses(data.classes(), config);
        TrainingLoop loop = new TrainingLoop(config, run, progress);
        try (ExecutorCache.Run cache = ExecutorCache.open(sc, config.name())) {
            RunSummary summary = loop.run(new SparkRounds(config, sc, data, cache), state, resume, dryRun);
            sc.setJobDescription(null);
            return summary;
        }
    }
}
