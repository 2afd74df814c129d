package io.sparkgan.spark;

import io.sparkgan.config.GanConfig;
import io.sparkgan.train.DivergenceException;
import io.sparkgan.train.EpochPlan;
import io.sparkgan.train.EpochSettings;
import io.sparkgan.train.GanState;
import io.sparkgan.train.GlobalBatch;
import io.sparkgan.train.IntervalStats;
import io.sparkgan.train.RoundRunner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import java.util.List;

/**
 * The Spark engine's rounds: broadcast one snapshot of the driver's state, let every partition run the
 * round's iterations on its share of the global batch ({@link RoundTask}), sum the partitions' weighted
 * states on the executors ({@link TreeAverage}) and put the mean into the driver's state:
 * theta <- sum_p r_p theta_p / B, with r_p the rows partition p computes on per step.
 */
final class SparkRounds implements RoundRunner {
    private final GanConfig config;
    private final JavaSparkContext sc;
    private final PartitionedData data;
    private final GlobalBatch batch;
    private final FailureInjection failure;

    SparkRounds(GanConfig config, JavaSparkContext sc, PartitionedData data) {
        this.config = config;
        this.sc = sc;
        this.data = data;
        this.batch = new GlobalBatch(config.train().batchSize(), data.partitions());
        List<Integer> inject = config.spark().injectFailure();
        this.failure = new FailureInjection(inject.get(0), inject.get(1), inject.get(2));
    }

    GlobalBatch batch() {
        return batch;
    }

    @Override
    public int iterations(EpochSettings settings, boolean dryRun) {
        return EpochPlan.iterations(data.partitionSizes(), batch, config.train(), settings.dSteps(), dryRun);
    }

    @Override
    public long samplesPerIteration(EpochSettings settings) {
        return (long) settings.dSteps() * batch.size();
    }

    @Override
    public IntervalStats round(GanState state, EpochSettings settings, int epoch, int round, int rounds, int first,
                               int count) {
        Broadcast<GanSnapshot> snapshot = sc.broadcast(GanSnapshot.of(state));
        try {
            sc.setJobDescription(String.format("spark-gan %s: epoch %d/%d, round %d/%d (iterations %d-%d)",
                    config.name(), epoch + 1, config.train().epochs(), round + 1, rounds, first, first + count - 1));
            RoundTask task = new RoundTask(config, data, batch, snapshot, settings, epoch, round, first, count, failure);
            JavaRDD<StateSum> terms = data.rows().mapPartitionsWithIndex(task, true);
            StateSum total = TreeAverage.sum(terms, data.partitions(), config.spark().averagingFanIn());
            if (total.divergence() != null) {
                throw new DivergenceException(total.divergence());
            }
            GanSnapshot mean = total.mean();
            String bad = mean.firstNonFinite();
            if (bad != null) {
                throw new DivergenceException("the averaged " + bad);
            }
            mean.applyTo(state);
            return total.stats();
        } finally {
            snapshot.destroy();
        }
    }
}
