package io.sparkgan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkgan.io.ModelStore;
import io.sparkgan.source.IdxFiles;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The train job end to end in this JVM: what a run directory holds, and how failures are reported. */
class TrainJobTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int train(Path conf, Path runDir, boolean dryRun, String... overrides) {
        return TrainJob.run(conf, List.of(overrides), runDir, dryRun,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static List<JsonNode> metrics(Path run) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    @Nested
    class ARing8Run {
        @Test
        void writesConfigMetricsScatterCheckpointsGeneratorAndSummary() throws IOException {
            Path run = dir.resolve("ring8-run");
            int code = train(Path.of("conf/ring8.conf"), run, false, "train.epochs=2", "data.size=4096",
                    "train.batch-size=64", "output.log-every-steps=16", "output.sample-points=500",
                    "spark.master=\"local[2]\"");
            assertEquals(0, code, err.toString());

            assertThat(Files.readString(run.resolve("config.conf"))).contains("ring8", "batch-size");
            List<JsonNode> lines = metrics(run);
            JsonNode interval = lines.get(0);
            for (String key : List.of("epoch", "step", "d_loss", "g_loss", "d_real", "d_fake", "jsd", "points_per_second")) {
                assertTrue(interval.has(key), "metrics line has " + key + ": " + interval);
            }
            JsonNode epochEnd = lines.stream().filter(l -> l.get("kind").asText().equals("epoch")).findFirst().orElseThrow();
            assertEquals(8, epochEnd.get("modes_total").asInt());
            assertTrue(epochEnd.has("high_quality_fraction") && epochEnd.has("reverse_kl"));

            BufferedImage scatter = ImageIO.read(run.resolve("samples/epoch-0001.png").toFile());
            assertEquals(600, scatter.getWidth());
            MultiLayerNetwork d = ModelStore.load(run.resolve("checkpoints/ckpt-e00002-i00000000/discriminator.zip"), true);
            assertNotNull(d.getUpdater().getStateViewArray(), "Adam state saved with D");
            MultiLayerNetwork g = ModelStore.load(run.resolve("generator.zip"), false);
            assertEquals(2, g.output(org.nd4j.linalg.factory.Nd4j.randn(3, g.layerInputSize(0))).size(1));

            JsonNode summary = JSON.readTree(run.resolve("summary.json").toFile());
            for (String key : List.of("images_per_second", "points_per_second", "modes_covered", "modes_total",
                    "high_quality_fraction", "reverse_kl")) {
                assertTrue(summary.has(key), "summary has " + key);
            }
            assertTrue(summary.get("images_per_second").asDouble() > 0);
            // The Spark engine on 2 partitions: the global batch of 64 gives each 32 rows a step, so an epoch is one
            // pass over a 2,048-point shard in 64 averaged G steps, as one JVM takes 4096 / 64.
            assertEquals(2 * (4096 / 64), summary.get("generator_steps").asInt());
            assertThat(out.toString()).contains("epoch 2/2", "ETA", "modes covered");
        }
    }

    @Nested
    class AnImageRun {
        @Test
        void trainsOnIdxFilesAndWritesASampleGridPerEpoch() throws IOException {
            Path images = IdxFiles.write(dir.resolve("train-images.gz"), IdxFiles.images(64, 28, 28), true);
            Path labels = IdxFiles.write(dir.resolve("train-labels.gz"), IdxFiles.labels(64), true);
            Path run = dir.resolve("image-run");
            int code = train(Path.of("conf/fashion-dcgan28.conf"), run, false, "data.idx.images=\"" + images + "\"",
                    "data.idx.labels=\"" + labels + "\"", "model.dcgan.base-width=4", "train.epochs=2",
                    "train.batch-size=16", "output.sample-grid=4", "train.ema-decay=0.9",
                    "evaluation.classifier-cache=\"" + dir.resolve("classifiers") + "\"");
            assertEquals(0, code, err.toString());
            BufferedImage grid = ImageIO.read(run.resolve("samples/epoch-0001.png").toFile());
            assertEquals(4 * (28 + 2) + 2, grid.getWidth());
            assertTrue(Files.exists(run.resolve("checkpoints/ckpt-e00002-i00000000/generator-ema.bin")));
            JsonNode summary = JSON.readTree(run.resolve("summary.json").toFile());
            assertTrue(summary.get("images_per_second").asDouble() > 0);
            assertTrue(metrics(run).get(0).has("images_per_second"));
        }
    }

    @Nested
    class Failures {
        @Test
        void aDryRunDoesOneStepOfEverythingAndSaysSo() throws IOException {
            Path run = dir.resolve("dry");
            assertEquals(0, train(Path.of("conf/ring8.conf"), run, true));
            JsonNode summary = JSON.readTree(run.resolve("summary.json").toFile());
            assertTrue(summary.get("dry_run").asBoolean());
            assertEquals(1, summary.get("generator_steps").asInt());
            assertTrue(Files.exists(run.resolve("samples/epoch-0000.png")));
        }

        @Test
        void aBadConfigExitsNonZeroWithTheKeyAndWritesNothing() {
            Path run = dir.resolve("never");
            assertEquals(1, train(Path.of("conf/ring8.conf"), run, false, "train.epoch=3"));
            assertThat(err.toString()).contains("error: unknown config key 'train.epoch'", "train.epochs");
            assertTrue(Files.notExists(run));
        }

        @Test
        void aMissingDataFileExitsNonZeroNamingThePath() {
            assertEquals(1, train(Path.of("conf/fashion-dcgan28.conf"), dir.resolve("r"), true,
                    "data.idx.images=/nonexistent/images.gz"));
            assertThat(err.toString()).contains("/nonexistent/images.gz", "not found");
        }

        @Test
        void anOutputPathThatCannotBeWrittenIsNamed() throws IOException {
            Path file = Files.writeString(dir.resolve("a-file"), "x");
            assertEquals(1, train(Path.of("conf/ring8.conf"), file.resolve("run"), true));
            assertThat(err.toString()).contains("cannot create run directory", "a-file");
        }
    }
}
