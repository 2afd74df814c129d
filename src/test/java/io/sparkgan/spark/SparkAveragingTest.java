package io.sparkgan.spark;

import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.GanConfig;
import io.sparkgan.data.TrainingSet;
import io.sparkgan.platform.SparkContexts;
import io.sparkgan.spark.GanSnapshot.Part;
import io.sparkgan.train.EpochSettings;
import io.sparkgan.train.GanState;
import io.sparkgan.train.Schedule;
import io.sparkgan.train.Seeds;
import io.sparkgan.train.ShardTrainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * One round of the Spark engine with P = 3 partitions of a global batch of 64 (22, 21 and 21 rows) must
 * leave exactly the row-weighted mean of the states the three partitions reach on their own, computed here
 * in this JVM from the same shards; with fan-in 2 the sum runs through a reduce level of the tree. An
 * "average" that returned one partition, or weighted them equally, fails.
 */
class SparkAveragingTest {
    private static final int H = 3;
    /** The parts whose second half, Adam's v, the driver sets from the mean gradient rather than averages. */
    private static final List<Part> ADAM_STATES = List.of(Part.GENERATOR_ADAM, Part.DISCRIMINATOR_ADAM,
            Part.REVERSE_GENERATOR_ADAM, Part.REVERSE_DISCRIMINATOR_ADAM);
    private static SparkContexts.Handle spark;

    @BeforeAll
    static void start() {
        spark = SparkContexts.open(config(8));
    }

    @AfterAll
    static void stop() {
        spark.close();
    }

    private static GanConfig config(int fanIn) {
        return config(fanIn, H);
    }

    private static GanConfig config(int fanIn, int h) {
        return ConfigLoader.load(Path.of("conf/ring8.conf"), List.of("data.size=3000", "train.batch-size=64",
                "spark.master=\"local[2]\"", "spark.partitions=3", "spark.averaging-period=" + h,
                "spark.averaging-fan-in=" + fanIn, "model.mlp.generator-widths=[32]",
                "model.mlp.discriminator-widths=[32]"));
    }

    private static GanState copyOf(GanState start, GanConfig config, long[] shape) {
        GanState s = GanState.fresh(config, shape);
        GanSnapshot.of(start).applyTo(s);
        return s;
    }

    /** The state after one round of H iterations on the Spark engine. */
    private static GanSnapshot sparkRound(GanConfig config, PartitionedData data, ExecutorCache.Run cache,
                                          GanState start, EpochSettings settings) {
        return sparkRound(config, data, cache, start, settings, H);
    }

    private static GanSnapshot sparkRound(GanConfig config, PartitionedData data, ExecutorCache.Run cache,
                                          GanState start, EpochSettings settings, int h) {
        GanState state = copyOf(start, config, data.sampleShape());
        state.setLearningRates(settings);
        new SparkRounds(config, spark.context(), data, cache).round(state, settings, 0, 0, 1, 0, h);
        return GanSnapshot.of(state);
    }

    /** Each partition's own state after iterations [0, h) of epoch 0, from {@code start}. */
    private static List<GanSnapshot> ownStates(GanConfig config, PartitionedData data, GanState start,
                                               EpochSettings settings, int[] rows, int h) {
        List<GanSnapshot> own = new ArrayList<>();
        List<Object>[] partitionRows = data.rows().collectPartitions(new int[] {0, 1, 2});
        for (int p = 0; p < 3; p++) {
            TrainingSet shard = data.decoder().shard(p, partitionRows[p].iterator());
            GanState state = copyOf(start, config, data.sampleShape());
            state.setLearningRates(settings);
            int ran = new ShardTrainer(config, rows[p]).run(state, shard, Seeds.forPartition(config.seed(), p), 0,
                    settings, 0, h, (s, r) -> true);
            assertThat(ran).isEqualTo(h);
            own.add(GanSnapshot.of(state));
        }
        return own;
    }

    @ParameterizedTest(name = "fan-in {0}")
    @ValueSource(ints = {8, 2})
    void aRoundLeavesTheRowWeightedMeanOfThePartitionsOwnStates(int fanIn) {
        GanConfig config = config(fanIn);
        PartitionedData data = SparkSources.load(spark.context(), config, 3);
        try (ExecutorCache.Run cache = ExecutorCache.open(spark.context(), "averaging")) {
            EpochSettings settings = new Schedule(config.train(), H).at(0);
            GanState start = GanState.fresh(config, data.sampleShape());
            int[] rows = {22, 21, 21};

            List<GanSnapshot> own = ownStates(config, data, start, settings, rows, H);

            GanSnapshot averaged = sparkRound(config, data, cache, start, settings);
            for (Part part : Part.values()) {
                if (own.get(0).array(part) == null) {
                    assertThat(averaged.array(part)).isNull();
                    continue;
                }
                float[] expected = weightedMean(own, rows, part);
                assertThat(averaged.array(part)).as(part.description).containsExactly(expected);
                for (int p = 0; p < 3; p++) {
                    assertThat(averaged.array(part)).as(part.description + " against partition " + p)
                            .isNotEqualTo(own.get(p).array(part));
                }
                assertThat(averaged.array(part)).as(part.description + " against the unweighted mean")
                        .isNotEqualTo(weightedMean(own, new int[] {1, 1, 1}, part));
            }
            assertThat(averaged.generatorSteps()).isEqualTo(H);
            assertThat(sparkRound(config, data, cache, start, settings).array(Part.DISCRIMINATOR_PARAMETERS))
                    .as("the same round again").containsExactly(averaged.array(Part.DISCRIMINATOR_PARAMETERS));
        } finally {
            data.rows().unpersist(false);
        }
    }

    /**
     * With one step per round (H = 1, k = 1) every array is the row-weighted mean except Adam's v, which is
     * that of one step on the global batch: v = b2 v0 + (1 - b2) g^2 with g = (m - b1 m0) / (1 - b1), m the
     * averaged first moment (exactly the global batch's). ring8's MLPs keep their Adam state in one updater
     * block, [m | v].
     */
    @Test
    void withOneStepPerRoundAdamsSecondMomentIsTheGlobalBatchs() {
        GanConfig config = config(8, 1);
        PartitionedData data = SparkSources.load(spark.context(), config, 3);
        try (ExecutorCache.Run cache = ExecutorCache.open(spark.context(), "averaging")) {
            EpochSettings settings = new Schedule(config.train(), 1).at(0);
            GanState start = GanState.fresh(config, data.sampleShape());
            for (int i = 0; i < 2; i++) {    // Adam state away from zero
                start = afterOneRound(start, config, data, cache, settings);
            }
            int[] rows = {22, 21, 21};
            List<GanSnapshot> own = ownStates(config, data, start, settings, rows, 1);
            GanSnapshot before = GanSnapshot.of(start);
            GanSnapshot averaged = sparkRound(config, data, cache, start, settings, 1);
            double b1 = config.train().generator().beta1();
            double b2 = config.train().generator().beta2();
            for (Part part : Part.values()) {
                if (own.get(0).array(part) == null) {
                    continue;
                }
                float[] mean = weightedMean(own, rows, part);
                if (!ADAM_STATES.contains(part)) {
                    assertThat(averaged.array(part)).as(part.description).containsExactly(mean);
                    continue;
                }
                float[] old = before.array(part);
                float[] got = averaged.array(part);
                int half = got.length / 2;
                double largestChange = 0;
                for (int j = 0; j < half; j++) {
                    assertThat(got[j]).as(part.description + " m [" + j + "]").isEqualTo(mean[j]);
                    double g = (mean[j] - b1 * old[j]) / (1 - b1);
                    float v = (float) (b2 * old[half + j] + (1 - b2) * g * g);
                    assertThat(got[half + j]).as(part.description + " v [" + j + "]")
                            .isCloseTo(v, within(Math.ulp(v) * 2));
                    largestChange = Math.max(largestChange, Math.abs(mean[half + j] - v) / v);
                }
                assertThat(largestChange).as(part.description + ": the plain mean of v differs").isGreaterThan(1e-4);
            }
        } finally {
            data.rows().unpersist(false);
        }
    }

    /** {@code start} after one Spark round of one iteration, as a state of its own ({@code start} unchanged). */
    private static GanState afterOneRound(GanState start, GanConfig config, PartitionedData data,
                                          ExecutorCache.Run cache, EpochSettings settings) {
        GanState next = GanState.fresh(config, data.sampleShape());
        sparkRound(config, data, cache, start, settings, 1).applyTo(next);
        return next;
    }

    /** sum_p w_p a_p / sum_p w_p, summed in partition order in double, as the engine defines it. */
    private static float[] weightedMean(List<GanSnapshot> states, int[] weights, Part array) {
        int n = states.get(0).array(array).length;
        double[] sum = new double[n];
        long total = 0;
        for (int p = 0; p < states.size(); p++) {
            float[] a = states.get(p).array(array);
            for (int j = 0; j < n; j++) {
                sum[j] += (double) weights[p] * a[j];
            }
            total += weights[p];
        }
        float[] mean = new float[n];
        for (int j = 0; j < n; j++) {
            mean[j] = (float) (sum[j] / total);
        }
        return mean;
    }

    @Test
    void refusesAGlobalBatchSmallerThanThePartitions() {
        GanConfig config = ConfigLoader.load(Path.of("conf/ring8.conf"), List.of("data.size=3000",
                "train.batch-size=2", "spark.partitions=3"));
        PartitionedData data = SparkSources.load(spark.context(), config, 3);
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SparkRounds(config, spark.context(), data,
                            ExecutorCache.open(spark.context(), "refused")))
                    .hasMessageContaining("train.batch-size (2)").hasMessageContaining("partitions P (3)");
        } finally {
            data.rows().unpersist(false);
        }
    }
}
