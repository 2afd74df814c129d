package io.sparkgan.spark;

import io.sparkgan.config.GanConfig;
import io.sparkgan.data.TrainingSet;
import io.sparkgan.platform.NativeThreads;
import io.sparkgan.train.EpochSettings;
import io.sparkgan.train.GanState;
import io.sparkgan.train.GlobalBatch;
import io.sparkgan.train.IntervalStats;
import io.sparkgan.train.Seeds;
import io.sparkgan.train.ShardTrainer;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

import java.util.Iterator;
import java.util.List;

/**
 * One partition's part of a round, run on an executor: take the broadcast snapshot into the run's pooled
 * networks in this JVM ({@link ExecutorCache}), run iterations [first, first + count) of the epoch on the
 * partition's shard (each: k D steps, then one G step, on minibatches of the partition's share of the global
 * batch), and return the state after
 * them, weighted by that share, as the partition's term of the average. Everything it draws comes from
 * (seed, partition, epoch, iteration), so a retried attempt returns exactly what the first would have.
 */
final class RoundTask implements Function2<Integer, Iterator<Object>, Iterator<WeightedStateSum>> {
    private static final long serialVersionUID = 1L;
    private final String configText;
    private final String configName;
    private final String runId;
    private final String dataId;
    private final ShardDecoder decoder;
    private final long[] sampleShape;
    private final int classes;
    private final Broadcast<GanSnapshot> snapshot;
    private final EpochSettings settings;
    private final int epoch;
    private final int round;
    private final int first;
    private final int count;
    private final FailureInjection failure;
    private final GlobalBatch batch;

    RoundTask(GanConfig config, String runId, PartitionedData data, GlobalBatch batch, Broadcast<GanSnapshot> snapshot,
              EpochSettings settings, int epoch, int round, int first, int count, FailureInjection failure) {
        this.configText = config.resolved();
        this.runId = runId;
        this.configName = config.name();
        this.dataId = data.id();
        this.decoder = data.decoder();
        this.sampleShape = data.sampleShape();
        this.classes = data.classCount();
        this.snapshot = snapshot;
        this.settings = settings;
        this.epoch = epoch;
        this.round = round;
        this.first = first;
        this.count = count;
        this.failure = failure;
        this.batch = batch;
    }

    @Override
    public Iterator<WeightedStateSum> call(Integer partition, Iterator<Object> rows) {
        TaskContext task = TaskContext.get();
        failure.maybeFail(epoch, round, partition, task == null ? 0 : task.attemptNumber());
        ExecutorCache.Parts cache = ExecutorCache.of(runId);
        GanConfig config = cache.config(configText, configName);
        NativeThreads.prepare(TaskThreads.of(config.threads(), task));   // 0: the fastest layout for the master
        TaskGpu.bind(task);    // with the cuda profile: this task's GPU, before any array is made
        TrainingSet shard = cache.shards().get(dataId, partition, () -> decoder.shard(partition, rows));
        GanState state = cache.networks().borrow(config, sampleShape, classes);
        try {
            snapshot.value().applyTo(state);
            state.setLearningRates(settings);
            IntervalStats stats = new IntervalStats();
            long computeStart = System.nanoTime();
            new ShardTrainer(config, batch.rows(partition), classes).run(state, shard, Seeds.forPartition(config.seed(), partition), epoch, settings,
                    first, count, (s, r) -> {
                        if (task != null) {
                            task.killTaskIfInterrupted();   // a cancelled round (spark.round-timeout) stops here
                        }
                        stats.add(s, r);
                        return true;
                    });
            // the round's figures, read once, as the state leaves the executor
            String bad = stats.firstNonFinite();
            String divergence = bad == null ? null : "partition " + partition + ": " + bad;
            double computeSeconds = (System.nanoTime() - computeStart) / 1e9;
            WeightedStateSum term = WeightedStateSum.of(partition, batch.partitions(), state.poolSlotLength(), batch.rows(partition),
                    GanSnapshot.of(state), stats, divergence);
            term.setComputeSeconds(computeSeconds);
            return List.of(term).iterator();
        } finally {
            cache.networks().giveBack(config, sampleShape, classes, state);
        }
    }
}
