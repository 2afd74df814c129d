package io.sparkgan.spark;

import io.sparkgan.cli.TrainJob;
import io.sparkgan.io.ModelStore;
import io.sparkgan.source.IdxFiles;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Spark engine against the single-JVM engine: on one partition with averaging after every step it
 * must compute exactly what the single JVM computes; on two partitions a retried task must change nothing.
 */
class SparkEngineTest {
    @TempDir
    Path dir;

    private static final List<String> RING8_SHORT = List.of("data.size=8192", "train.epochs=2",
            "train.max-steps-per-epoch=6", "train.ema-decay=0.9", "train.instance-noise.std=0.1",
            "loss.label-smoothing=0.1", "output.sample-points=200");

    private Path train(String conf, String name, List<String> common, String... overrides) {
        Path run = dir.resolve(name);
        // bit-identity holds for one native thread count on both sides: the comparison pins it (threads = 0 would
        // give the single JVM ND4J's default and a Spark task cores / N)
        List<String> all = new ArrayList<>(List.of("threads=1"));
        all.addAll(common);
        all.addAll(List.of(overrides));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TrainJob.run(Path.of(conf), all, run, false, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err));
        assertEquals(0, code, "run " + name + " failed: " + err);
        return run;
    }

    /** Parameters and Adam state of G and D, and the EMA, from the run's last checkpoint. */
    private static List<float[]> finalState(Path run, int lastEpoch) throws IOException {
        Path cp = run.resolve("checkpoints").resolve(String.format("ckpt-e%05d-i00000000", lastEpoch + 1));
        List<float[]> state = new ArrayList<>();
        for (String net : List.of("generator.zip", "discriminator.zip")) {
            MultiLayerNetwork m = ModelStore.load(cp.resolve(net), true);
            state.add(m.params().toFloatVector());
            state.add(m.getUpdater().getStateViewArray().toFloatVector());
        }
        for (String array : List.of("generator-ema.bin", "spectral-vectors.bin")) {
            Path file = cp.resolve(array);
            if (file.toFile().exists()) {
                state.add(Nd4j.readBinary(file.toFile()).toFloatVector());
            }
        }
        return state;
    }

    private static void assertSameState(List<float[]> expected, List<float[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "array " + i + " (G params, G Adam, D params, D Adam, EMA or SN vectors)");
        }
    }

    @Nested
    class OnOnePartitionAveragingAfterEveryStep {
        @Test
        void ring8TrainsToExactlyTheSingleJvmParameters() throws IOException {
            Path local = train("conf/ring8.conf", "local", RING8_SHORT, "engine=local");
            Path spark = train("conf/ring8.conf", "spark", RING8_SHORT, "engine=spark", "spark.master=\"local[1]\"",
                    "spark.averaging-period=1");
            assertSameState(finalState(local, 1), finalState(spark, 1));
        }

        @Test
        void ring8WithSpectralNormalisationTrainsToExactlyTheSingleJvmParametersAndVectors() throws IOException {
            // the power-iteration vectors u are state: the Spark rounds must carry them from round to round
            List<String> spectral = new ArrayList<>(RING8_SHORT);
            spectral.addAll(List.of("loss.lipschitz=spectral", "train.ema-decay=0", "spark.averaging-period=1"));
            Path local = train("conf/ring8.conf", "local-sn", spectral, "engine=local");
            Path spark = train("conf/ring8.conf", "spark-sn", spectral, "engine=spark", "spark.master=\"local[1]\"");
            List<float[]> expected = finalState(local, 1);
            assertEquals(5, expected.size(), "G, G Adam, D, D Adam and the spectral vectors");
            assertSameState(expected, finalState(spark, 1));
        }

        @Test
        void aConditionalDcgan28TrainsToExactlyTheSingleJvmParameters() throws IOException {
            // the labels travel with the images into the Spark shards, in the same order as in one JVM
            Path images = IdxFiles.write(dir.resolve("images.gz"), IdxFiles.images(96, 28, 28), true);
            Path labels = IdxFiles.write(dir.resolve("labels.gz"), IdxFiles.labels(96), true);
            List<String> common = List.of("data.idx.images=\"" + images + "\"", "data.idx.labels=\"" + labels + "\"",
                    "train.batch-size=16", "train.epochs=1", "train.max-steps-per-epoch=3", "model.dcgan.base-width=8",
                    "output.sample-grid=2", "evaluation.every-epochs=0", "model.conditional.enabled=true",
                    "data.class-names=[a,b,c,d,e,f,g,h,i,j]");
            Path local = train("conf/fashion-cgan28.conf", "cgan-local", common, "engine=local");
            Path spark = train("conf/fashion-cgan28.conf", "cgan-spark", common, "engine=spark",
                    "spark.master=\"local[1]\"", "spark.averaging-period=1");
            assertSameState(finalState(local, 0), finalState(spark, 0));
            assertEquals("[ \"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\", \"h\", \"i\", \"j\" ]",
                    java.nio.file.Files.readString(spark.resolve("classes.json")).trim());
        }

        @Test
        void aConditionalDcgan28FromAnImageFolderTrainsToExactlyTheSingleJvmParameters() throws IOException {
            // one data path: the local engine reads the folder through the same inputs as the Spark partitions
            Path root = dir.resolve("folder");
            for (int i = 0; i < 48; i++) {
                Path file = root.resolve("class-" + (i % 3)).resolve(String.format("%03d.png", i));
                java.nio.file.Files.createDirectories(file.getParent());
                java.nio.file.Files.write(file, io.sparkgan.eval.SyntheticImages.png(28, i + 1));
            }
            List<String> common = List.of("data.source=folder", "data.folder.path=\"" + root + "\"",
                    "data.idx.labels=\"\"", "train.batch-size=16", "train.epochs=1", "train.max-steps-per-epoch=3",
                    "model.dcgan.base-width=8", "output.sample-grid=2", "evaluation.every-epochs=0",
                    "model.conditional.enabled=true");
            Path local = train("conf/fashion-cgan28.conf", "folder-local", common, "engine=local");
            Path spark = train("conf/fashion-cgan28.conf", "folder-spark", common, "engine=spark",
                    "spark.master=\"local[1]\"", "spark.averaging-period=1");
            assertSameState(finalState(local, 0), finalState(spark, 0));
            assertEquals(java.nio.file.Files.readString(local.resolve("classes.json")),
                    java.nio.file.Files.readString(spark.resolve("classes.json")));
            assertThat(java.nio.file.Files.readString(local.resolve("classes.json"))).contains("class-2");
        }

        @Test
        void dcgan28WithBatchNormTrainsToExactlyTheSingleJvmParameters() throws IOException {
            Path images = IdxFiles.write(dir.resolve("images.gz"), IdxFiles.images(96, 28, 28), true);
            List<String> common = List.of("data.idx.images=\"" + images + "\"", "data.idx.labels=\"\"",
                    "train.batch-size=16", "train.epochs=2", "train.max-steps-per-epoch=2", "model.dcgan.base-width=8",
                    "output.sample-grid=2", "evaluation.every-epochs=0");
            Path local = train("conf/fashion-dcgan28.conf", "local", common, "engine=local");
            Path spark = train("conf/fashion-dcgan28.conf", "spark", common, "engine=spark",
                    "spark.master=\"local[1]\"", "spark.averaging-period=1");
            assertSameState(finalState(local, 1), finalState(spark, 1));
        }
    }

    @Nested
    class AGradientPenalty {
        /** Both engines write the count of samples left out of the penalty on every interval line. */
        @Test
        void countsTheSamplesItLeftOutOnEveryIntervalLineOfBothEngines() throws IOException {
            List<String> penalised = List.of("data.size=2048", "train.epochs=1", "train.max-steps-per-epoch=4",
                    "output.log-every-steps=2", "output.sample-points=200", "loss.r1-gamma=0.1",
                    "spark.averaging-period=2");
            for (Path run : List.of(train("conf/ring8.conf", "local", penalised, "engine=local"),
                    train("conf/ring8.conf", "spark", penalised, "engine=spark", "spark.master=\"local[2]\"",
                            "spark.partitions=2"))) {
                List<com.fasterxml.jackson.databind.JsonNode> intervals = new ArrayList<>();
                for (String line : java.nio.file.Files.readAllLines(run.resolve("metrics.jsonl"))) {
                    com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
                    if (json.get("kind").asText().equals("interval")) {
                        intervals.add(json);
                    }
                }
                assertThat(intervals).as(run + "'s interval lines").hasSize(2);
                assertThat(intervals).allMatch(l -> l.has("penalty_dropped") && l.get("penalty_dropped").asLong() >= 0);
            }
        }
    }

    @Nested
    class TheRoundFigures {
        /**
         * Issue 30's figure of merit in summary.json and on every interval line: 4 iterations at H = 2 are 2 rounds
         * per epoch; 4 partitions on local[2] run in two waves, which count as task compute.
         */
        @Test
        void areInTheSummaryAndOnEveryIntervalLineOfTheSparkEngineOnly() throws IOException {
            List<String> short4 = List.of("data.size=2048", "train.epochs=1", "train.max-steps-per-epoch=4",
                    "output.log-every-steps=2", "output.sample-points=200", "spark.averaging-period=2");
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            Path spark = train("conf/ring8.conf", "rounds-spark", short4, "engine=spark", "spark.master=\"local[2]\"",
                    "spark.partitions=4");
            com.fasterxml.jackson.databind.JsonNode summary = json.readTree(spark.resolve("summary.json").toFile());
            assertThat(summary.get("rounds_per_epoch").asInt()).isEqualTo(2);
            assertThat(summary.get("round_overhead").asDouble()).isBetween(0.0, 1.0);
            List<com.fasterxml.jackson.databind.JsonNode> intervals = new ArrayList<>();
            for (String line : java.nio.file.Files.readAllLines(spark.resolve("metrics.jsonl"))) {
                com.fasterxml.jackson.databind.JsonNode node = json.readTree(line);
                if (node.get("kind").asText().equals("interval")) {
                    intervals.add(node);
                }
            }
            assertThat(intervals).hasSize(2).allMatch(l -> l.get("rounds_per_epoch").asInt() == 2
                    && l.get("round_overhead").asDouble() >= 0 && l.get("round_overhead").asDouble() < 1);
            Path local = train("conf/ring8.conf", "rounds-local", short4, "engine=local");
            com.fasterxml.jackson.databind.JsonNode alone = json.readTree(local.resolve("summary.json").toFile());
            assertThat(alone.has("rounds_per_epoch")).isFalse();
            assertThat(alone.has("round_overhead")).isFalse();
        }
    }

    @Nested
    class OnTwoPartitions {
        /** With the outer optimizer too: its state lives on the driver, so a retried task cannot step it twice. */
        @org.junit.jupiter.params.ParameterizedTest
        @org.junit.jupiter.params.provider.ValueSource(strings = {"average", "nesterov"})
        void aTaskThatFailsOnItsFirstAttemptIsRetriedAndChangesNothing(String outer) throws IOException {
            List<String> common = new ArrayList<>(RING8_SHORT);
            common.addAll(List.of("engine=spark", "spark.master=\"local[2,4]\"", "spark.partitions=2",
                    "spark.averaging-period=2", "spark.outer.optimizer=" + outer));
            Path undisturbed = train("conf/ring8.conf", "undisturbed-" + outer, common);
            int before = FailureInjection.INJECTED.get();
            Path retried = io.sparkgan.config.Drills.with(java.util.Map.of("spark.inject-failure.epoch", "1",
                    "spark.inject-failure.round", "1", "spark.inject-failure.partition", "1"),
                    () -> train("conf/ring8.conf", "retried-" + outer, common));
            assertThat(FailureInjection.INJECTED.get()).as("failures injected").isEqualTo(before + 1);
            assertSameState(finalState(undisturbed, 1), finalState(retried, 1));
        }

    }

    @Nested
    class TheDiracGan {
        @Test
        void followsTheSingleJvmTrajectoryOnTwoPartitions() throws IOException {
            // every partition sees zeros and takes the same step, so the average is that step; partitions of 4 rows sum
            // their per-row gradients in another order than one batch of 8, hence float rounding apart
            List<String> common = List.of("train.epochs=1", "train.update=simultaneous");
            Path local = train("conf/dirac-gan.conf", "dirac-local", common, "engine=local");
            Path spark = train("conf/dirac-gan.conf", "dirac-spark", common, "engine=spark", "spark.master=\"local[2]\"",
                    "spark.partitions=2");
            List<double[]> expected = io.sparkgan.lab.ConvergenceLab.trajectory(local.resolve("metrics.jsonl"));
            List<double[]> actual = io.sparkgan.lab.ConvergenceLab.trajectory(spark.resolve("metrics.jsonl"));
            assertEquals(101, expected.size());
            for (int s = 0; s < expected.size(); s++) {
                assertArrayEquals(expected.get(s), actual.get(s), 1e-6 * (1 + Math.abs(expected.get(s)[0])),
                        "(theta, psi) at step " + s);
            }
        }
    }

    @Nested
    class WhenARoundOutlastsSparkRoundTimeout {
        @Test
        void theRunEndsNamingTheRoundAndKeepsItsCheckpoint() {
            Path run = dir.resolve("timeout");
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            // rounds of 195 iterations of 256 points: seconds each, far more than the 1 s allowed
            int code = TrainJob.run(Path.of("conf/ring8.conf"), List.of("engine=spark", "spark.master=\"local[2]\"",
                            "spark.partitions=2", "train.epochs=1", "spark.averaging-period=195", "spark.round-timeout=1"),
                    run, false, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
            assertEquals(1, code);
            assertThat(err.toString()).startsWith("error: round 1/2 of epoch 1 (iterations 0-194) did not finish "
                    + "within 1 s (spark.round-timeout = 1)").contains("--resume");
            assertThat(run.resolve("checkpoints").resolve("ckpt-e00000-i00000000")).exists();
        }
    }
}
