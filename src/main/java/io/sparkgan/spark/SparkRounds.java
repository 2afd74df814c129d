package io.sparkgan.spark;

import io.sparkgan.config.GanConfig;
import io.sparkgan.platform.SparkUnavailableException;
import io.sparkgan.run.RoundCost;
import io.sparkgan.run.RoundRunner;
import io.sparkgan.train.DivergenceException;
import io.sparkgan.train.EpochPlan;
import io.sparkgan.train.EpochSettings;
import io.sparkgan.train.GanState;
import io.sparkgan.train.GlobalBatch;
import io.sparkgan.train.IntervalStats;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

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
    private final String runId;
    private final GlobalBatch batch;
    private final FailureInjection failure;
    private final RoundDeadline deadline;
    private OuterOptimizer outerOptimizer;
    /** The rounds since {@link #takeCost()} last took them. */
    private RoundCost cost = RoundCost.NONE;
    /** Waits on the round's jobs from a thread of its own, so that the driver can give up on a round. */
    private final ThreadPoolExecutor rounds = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "spark-gan rounds");
                t.setDaemon(true);
                return t;
            });

    /** @param cache the run's scope in the executors' caches, which the caller closes when the run ends */
    SparkRounds(GanConfig config, JavaSparkContext sc, PartitionedData data, ExecutorCache.Run cache) {
        this.config = config;
        this.sc = sc;
        this.data = data;
        this.runId = cache.id();
        this.batch = new GlobalBatch(config.train().batchSize(), data.partitions());
        List<Integer> inject = config.spark().injectFailure();
        this.failure = new FailureInjection(inject.get(0), inject.get(1), inject.get(2));
        this.deadline = new RoundDeadline(config.spark().roundTimeout());
        rounds.allowCoreThreadTimeOut(true);
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
        long start = System.nanoTime();
        GanSnapshot before = GanSnapshot.of(state);
        Broadcast<GanSnapshot> snapshot = sc.broadcast(before);
        try {
            sc.setJobDescription(String.format("spark-gan %s: epoch %d/%d, round %d/%d (iterations %d-%d)",
                    config.name(), epoch + 1, config.train().epochs(), round + 1, rounds, first, first + count - 1));
            RoundTask task = new RoundTask(config, runId, data, batch, snapshot, settings, epoch, round, first, count, failure);
            JavaRDD<WeightedStateSum> terms = data.rows().mapPartitionsWithIndex(task, true);
            String where = String.format("round %d/%d of epoch %d (iterations %d-%d)", round + 1, rounds, epoch + 1,
                    first, first + count - 1);
            WeightedStateSum total = withinDeadline(where,
                    () -> TreeAverage.sum(terms, data.partitions(), config.spark().averagingFanIn()));
            if (total.divergence() != null) {
                throw new DivergenceException(total.divergence());
            }
            GanSnapshot mean = total.mean();
            String bad = mean.firstNonFinite();
            if (bad != null) {
                throw new DivergenceException("the averaged " + bad);
            }
            if (state.outer() != null) {
                outer(state).step(state.outer(), before, mean);
                bad = mean.firstNonFinite();
                if (bad != null) {
                    throw new DivergenceException("after the outer step (spark.outer.optimizer = "
                            + config.spark().outer().optimizer() + "), the " + bad);
                }
            }
            mean.applyTo(state);
            if (batch.partitions() > 1) {
                secondMomentOfTheGlobalBatch(state, before, mean);
            }
            cost = cost.plus(RoundCost.ofRound((System.nanoTime() - start) / 1e9, total.computeSeconds(),
                    total.totalComputeSeconds(), TaskSlots.of(sc.sc())));   // a round of P > slots runs in waves
            return total.stats();
        } finally {
            snapshot.destroy();
        }
    }

    @Override
    public RoundCost takeCost() {
        RoundCost taken = cost;
        cost = RoundCost.NONE;
        return taken;
    }

    /** The outer optimizer, made on the first round from the state's networks (their batch-norm statistics). */
    private OuterOptimizer outer(GanState state) {
        if (outerOptimizer == null) {
            outerOptimizer = new OuterOptimizer(config.spark().outer(), state);
        }
        return outerOptimizer;
    }

    /**
     * Where a network took exactly one Adam step in the round, its averaged v becomes that of one step on the
     * global batch ({@link AdamSecondMoment}); with more steps per round (H > 1, or k > 1 for D) the mean of the
     * partitions' v stays, as local SGD has it. One partition has nothing to correct (and stays bit-identical
     * to the single-JVM engine).
     */
    private static void secondMomentOfTheGlobalBatch(GanState state, GanSnapshot before, GanSnapshot after) {
        if (after.generatorSteps() - before.generatorSteps() == 1) {
            AdamSecondMoment.fromMeanGradient(state.generator(), before.array(GanSnapshot.Part.GENERATOR_ADAM));
            if (state.isCycle()) {
                AdamSecondMoment.fromMeanGradient(state.reverse().generator(), before.array(GanSnapshot.Part.REVERSE_GENERATOR_ADAM));
            }
        }
        if (after.discriminatorSteps() - before.discriminatorSteps() == 1) {
            AdamSecondMoment.fromMeanGradient(state.discriminator(), before.array(GanSnapshot.Part.DISCRIMINATOR_ADAM));
            if (state.isCycle()) {
                AdamSecondMoment.fromMeanGradient(state.reverse().discriminator(), before.array(GanSnapshot.Part.REVERSE_DISCRIMINATOR_ADAM));
            }
        }
    }

    /**
     * Runs the round's Spark jobs in their own job group and waits at most the round deadline: a round still
     * running then is cancelled (its tasks stop at their next iteration) and the run ends, naming the round.
     */
    private WeightedStateSum withinDeadline(String where, Supplier<WeightedStateSum> jobs) {
        String group = "spark-gan-" + config.name() + "-" + where.replace(' ', '-');
        String description = sc.getLocalProperty("spark.job.description");
        double limit = deadline.seconds();
        long start = System.nanoTime();
        Future<WeightedStateSum> result = rounds.submit(() -> {
            sc.setJobGroup(group, description == null ? "spark-gan " + where : description, true);
            try {
                return jobs.get();
            } finally {
                sc.clearJobGroup();
            }
        });
        try {
            WeightedStateSum total = result.get((long) (limit * 1000), TimeUnit.MILLISECONDS);
            deadline.finished((System.nanoTime() - start) / 1e9);
            return total;
        } catch (TimeoutException e) {
            sc.cancelJobGroup(group);
            result.cancel(true);
            throw new SparkUnavailableException(String.format("%s did not finish within %.0f s (%s): the cluster may "
                    + "be gone (master stopped, every executor lost); the last checkpoint is intact, continue with "
                    + "--resume RUN_DIR", where, limit, deadline.describe()));
        } catch (ExecutionException e) {
            throw Unchecked.<RuntimeException>rethrow(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sc.cancelJobGroup(group);
            throw new SparkUnavailableException("interrupted while waiting for " + where);
        }
    }

    /** Rethrows Spark's undeclared checked SparkException as it is, so the job's error handling sees it. */
    private static final class Unchecked {
        @SuppressWarnings("unchecked")
        static <T extends Throwable> T rethrow(Throwable t) throws T {
            throw (T) t;
        }
    }
}
