package io.sparkgan.spark;

import io.sparkgan.cli.TrainJob;
import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.Drills;
import io.sparkgan.config.GanConfig;
import io.sparkgan.ml.GanEstimator;
import io.sparkgan.train.EpochSettings;
import io.sparkgan.train.GanState;
import io.sparkgan.train.Schedule;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The executors' run-scoped cache on a real embedded Spark (local[2], where the driver's JVM is the executor):
 * rounds cache their run's shards, networks and config; closing the run releases them through the release job;
 * a whole training run, and a GanEstimator.fit that fails in training, leave nothing of themselves behind.
 */
class ExecutorCacheTest {
    @TempDir
    static Path dir;
    static SparkSession spark;
    static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("executor-cache-test")
                .config("spark.ui.enabled", "false").getOrCreate();
        sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static GanConfig ring8() {
        return ConfigLoader.load(Path.of("conf/ring8.conf"), List.of("data.size=1000", "train.batch-size=64",
                "spark.partitions=2", "spark.averaging-period=1", "model.mlp.generator-widths=[16]",
                "model.mlp.discriminator-widths=[16]", "threads=1"));
    }

    /** Round 0 of epoch 0 (one iteration) from {@code start}, as the state it leaves. */
    private static GanSnapshot round(GanConfig config, PartitionedData data, ExecutorCache.Run run, GanState start) {
        EpochSettings settings = new Schedule(config.train(), 1).at(0);
        GanState state = GanState.fresh(config, data.sampleShape());
        GanSnapshot.of(start).applyTo(state);
        state.setLearningRates(settings);
        new SparkRounds(config, sc, data, run).round(state, settings, 0, 0, 1, 0, 1);
        return GanSnapshot.of(state);
    }

    @Test
    void roundsCacheTheirRunsPartsUntilTheRunClosesAndARebuiltCacheComputesTheSame() {
        GanConfig config = ring8();
        PartitionedData data = SparkSources.load(sc, config, 2);
        try {
            GanState start = GanState.fresh(config, data.sampleShape());
            ExecutorCache.Run run = ExecutorCache.open(sc, config.name());
            GanSnapshot cached;
            try (run) {
                round(config, data, run, start);
                cached = round(config, data, run, start);   // from the cached shards and pooled networks
                ExecutorCache.Contents held = ExecutorCache.contents(run.id());
                assertThat(held.shards()).as("one shard per partition").isEqualTo(2);
                assertThat(held.networks()).as("pooled G/D pairs").isBetween(1, 2);
                assertThat(held.configs()).isEqualTo(1);
                assertThat(ExecutorCache.heldRuns()).contains(run.id());
            }
            ExecutorCache.Release release = run.release();
            assertThat(release.executors()).as("the release job reached the one executor").containsExactly("driver");
            assertThat(release.reachedAll()).isTrue();
            assertThat(release.dropped().shards()).as("dropped by the job's task, not only by the driver").isEqualTo(2);
            assertThat(ExecutorCache.contents(run.id()).isEmpty()).isTrue();
            assertThat(ExecutorCache.heldRuns()).doesNotContain(run.id());

            // a late task of the released run computes the same, without caching anything again
            GanSnapshot late = round(config, data, run, start);
            assertThat(ExecutorCache.heldRuns()).doesNotContain(run.id());
            for (int i = 0; i < GanSnapshot.NAMES.length; i++) {
                if (cached.array(i) != null) {
                    assertThat(late.array(i)).as(GanSnapshot.NAMES[i]).containsExactly(cached.array(i));
                }
            }
        } finally {
            data.rows().unpersist(false);
        }
    }

    @Test
    void aTrainingRunLeavesNothingOfItselfInTheCache() {
        List<String> before = ExecutorCache.heldRuns();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TrainJob.run(Path.of("conf/ring8.conf"), List.of("engine=spark", "spark.partitions=2",
                        "data.size=1024", "train.epochs=1", "train.max-steps-per-epoch=2", "spark.averaging-period=1",
                        "output.sample-points=100", "threads=1"), dir.resolve("ring8-run"), false,
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertThat(code).as(err.toString()).isZero();
        assertThat(ExecutorCache.heldRuns()).isSubsetOf(before);
    }

    @Test
    void aFitThatFailsInTrainingLeavesNothingOfItselfInTheCache() throws IOException {
        Path folder = dir.resolve("pngs");
        for (int i = 0; i < 16; i++) {
            BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    img.getRaster().setSample(x, y, 0, (x * (i + 1) + y * 7) % 256);
                }
            }
            Files.createDirectories(folder);
            ImageIO.write(img, "png", folder.resolve(i + ".png").toFile());
        }
        Dataset<Row> frame = spark.read().format("image").load(folder.toString()).repartition(2);
        GanEstimator estimator = new GanEstimator().setConfig("model.type = dcgan\nmodel.dcgan.base-width = 8\n"
                        + "model.latent-dim = 16\ntrain.max-steps-per-epoch = 2\noutput.sample-grid = 2\nthreads = 1")
                .setOverrides("spark.averaging-period=1").setEpochs(1).setBatchSize(8).setSeed(3)
                .setOutputDir(dir.resolve("failed-fit").toString());
        List<String> before = ExecutorCache.heldRuns();
        // round 0 caches both partitions' shards and networks; partition 0's task of round 1 then fails, and
        // local[2] does not retry it: the job, the run and fit fail
        assertThatThrownBy(() -> Drills.with(Map.of("spark.inject-failure.epoch", "0",
                "spark.inject-failure.round", "1", "spark.inject-failure.partition", "0"), () -> estimator.fit(frame)))
                .hasStackTraceContaining("injected failure");
        assertThat(ExecutorCache.heldRuns()).isSubsetOf(before);
    }

    @Test
    void aJvmKeepsOnlyTheRunsItUsedLastAndNeverTakesBackAReleasedOne() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i <= ExecutorCache.MAX_RUNS; i++) {
            ids.add("eviction-test-" + i);
            ExecutorCache.of(ids.get(i));
        }
        try {
            assertThat(ExecutorCache.heldRuns()).doesNotContain(ids.get(0)).containsAll(ids.subList(1, ids.size()));
            ExecutorCache.releaseHere(ids.get(1));
            ExecutorCache.of(ids.get(1));
            assertThat(ExecutorCache.heldRuns()).doesNotContain(ids.get(1));
        } finally {
            ids.forEach(ExecutorCache::releaseHere);
        }
        assertThat(Set.copyOf(ExecutorCache.heldRuns())).doesNotContainAnyElementsOf(ids);
    }
}
