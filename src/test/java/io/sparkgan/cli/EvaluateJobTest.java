package io.sparkgan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.GanConfig;
import io.sparkgan.eval.SyntheticImages;
import io.sparkgan.io.ModelStore;
import io.sparkgan.io.RunDirectory;
import io.sparkgan.model.NetworkFactory;
import io.sparkgan.source.IdxFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * jobs/evaluate.sh's job end to end on the synthetic fixture (600 training images, 200 t10k images beside):
 * a model file, a run directory, samples from an IDX file or a PNG folder; the JSON it writes.
 */
class EvaluateJobTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> KEYS = List.of("frechet_distance", "frechet_distance_floor", "classifier_score",
            "classifier_score_real", "classes_present", "precision", "recall", "classifier_test_accuracy",
            "class_histogram", "precision_floor", "recall_floor");

    @TempDir
    static Path shared;
    static Path train;
    static Path cache;
    static Path generator;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void fixture() throws IOException {
        train = SyntheticImages.writeIdx(Files.createDirectory(shared.resolve("data")), 600, 200, 1);
        cache = shared.resolve("classifiers");
        GanConfig c = ConfigLoader.parse("", "g", List.of("model.type=dcgan", "data.source=idx", "data.idx.images=x",
                "model.dcgan.base-width=4"));
        generator = shared.resolve("generator.zip");
        ModelStore.save(NetworkFactory.create(c.model(), c.train(), new long[]{1, 28, 28}, 1).generator(), generator, false);
    }

    private JsonNode evaluate(String... args) throws IOException {
        Path json = dir.resolve("eval-" + System.nanoTime() + ".json");
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--out", json.toString(), "evaluation.classifier-cache=\"" + cache + "\""));
        int code = new picocli.CommandLine(new EvaluateCommand()).execute(all.toArray(String[]::new));
        assertEquals(0, code, "evaluate " + all);
        return JSON.readTree(json.toFile());
    }

    private int evaluateJob(EvaluateJob.Request request) {
        return EvaluateJob.run(request, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Nested
    class AGeneratorModel {
        @Test
        void isScoredBesideTheRealFloorsAndTheJsonHasEveryKey() throws IOException {
            JsonNode r = evaluate("--model", generator.toString(), "--real", train.toString(), "--count", "200");
            for (String key : KEYS) {
                assertTrue(r.has(key), "JSON has " + key + ": " + r);
            }
            System.out.printf("untrained generator: FD %.3f (floor %.3f), classifier score %.3f (real %.3f), "
                            + "%d classes, precision %.3f recall %.3f, classifier test accuracy %.4f%n",
                    r.get("frechet_distance").asDouble(), r.get("frechet_distance_floor").asDouble(),
                    r.get("classifier_score").asDouble(), r.get("classifier_score_real").asDouble(),
                    r.get("classes_present").asInt(), r.get("precision").asDouble(), r.get("recall").asDouble(),
                    r.get("classifier_test_accuracy").asDouble());
            assertEquals(200, r.get("samples").asInt());
            assertTrue(r.get("classifier_test_accuracy").asDouble() >= 0.9);
            // An untrained generator is far from the data.
            assertTrue(r.get("frechet_distance").asDouble() > 10 * r.get("frechet_distance_floor").asDouble());
            assertThat(r.get("test_split").asText()).contains("t10k-images-idx3-ubyte.gz");
        }

        @Test
        void aRunDirectoryGivesWhatItsModelAndConfigGive() throws IOException {
            GanConfig c = ConfigLoader.parse("", "run", List.of("model.type=dcgan", "data.source=idx",
                    "data.idx.images=\"" + train + "\"",
                    "data.idx.labels=\"" + io.sparkgan.eval.RealData.labelsBeside(train) + "\"",
                    "model.dcgan.base-width=4", "evaluation.samples=200"));
            RunDirectory run = RunDirectory.create(dir.resolve("run"));
            run.writeConfig(c.resolved());
            Files.copy(generator, run.generatorModel().toLocalPath());
            JsonNode fromRun = evaluate("--run", run.root().toString());
            JsonNode fromModel = evaluate("--model", generator.toString(), "--real", train.toString(), "--count", "200");
            for (String key : KEYS) {
                assertEquals(fromModel.get(key), fromRun.get(key), key);
            }
        }

        @Test
        void onSparkLocal2TheFiguresAreTheSame() throws IOException {
            JsonNode here = evaluate("--model", generator.toString(), "--real", train.toString(), "--count", "200");
            JsonNode spark = evaluate("--model", generator.toString(), "--real", train.toString(), "--count", "200",
                    "evaluation.spark-min-samples=0", "spark.master=\"local[2]\"");
            assertEquals("this JVM", here.get("knn_on").asText());
            assertEquals("spark local[2]", spark.get("knn_on").asText());
            for (String key : KEYS) {
                assertEquals(here.get(key), spark.get(key), key);
            }
        }
    }

    @Nested
    class SamplesFromAnywhere {
        @Test
        void realImagesInAnIdxFileScoreNearTheFloorAndNoiseFarAbove() throws IOException {
            Path realSamples = dir.resolve("real-idx3-ubyte.gz");
            IdxFiles.write(realSamples, IdxFiles.idx(new int[]{200, 28, 28},
                    SyntheticImages.pixels(SyntheticImages.draw(200, 55, -1))), true);
            Path noise = dir.resolve("noise-idx3-ubyte");
            IdxFiles.write(noise, IdxFiles.idx(new int[]{200, 28, 28},
                    SyntheticImages.pixels(SyntheticImages.noise(200, 5))), false);
            JsonNode real = evaluate("--samples", realSamples.toString(), "--real", train.toString());
            JsonNode bad = evaluate("--samples", noise.toString(), "--real", train.toString());
            double floor = real.get("frechet_distance_floor").asDouble();
            System.out.printf("IDX samples: real FD %.3f, noise FD %.3f, floor %.3f%n",
                    real.get("frechet_distance").asDouble(), bad.get("frechet_distance").asDouble(), floor);
            assertTrue(real.get("frechet_distance").asDouble() < 3 * floor + 0.5);
            assertTrue(bad.get("frechet_distance").asDouble() > 100 * floor);
            assertEquals(10, real.get("classes_present").asInt());
            assertTrue(real.get("precision").asDouble() > 0.7 && bad.get("precision").asDouble() < 0.1);
        }

        @Test
        void aFolderOfPngFilesIsReadAndCountsItsFiles() throws IOException {
            Path pngs = dir.resolve("pngs");
            assertEquals(0, GenerateJob.run(new GenerateJob.Request(loc(generator), null, loc(pngs), "png", 50, 1L, null, null,
                    null, List.of()), new PrintStream(out), new PrintStream(err)), err.toString());
            Files.writeString(pngs.resolve("README.txt"), "not an image");
            JsonNode r = evaluate("--samples", pngs.toString(), "--real", train.toString());
            assertEquals(50, r.get("samples").asInt());
            assertEquals(50, r.get("reference_samples").asInt());
            assertTrue(r.has("frechet_distance"));
        }
    }

    @Nested
    class Failures {
        @Test
        void samplesWithoutARealDataSetAreRefused() {
            assertEquals(1, evaluateJob(new EvaluateJob.Request(null, null, loc(train), null, null, null, null, null, null,
                    null, null, List.of())));
            assertThat(err.toString()).contains("--samples needs a real image data set", "--real");
        }

        @Test
        void aMissingLabelsFileIsNamed() {
            assertEquals(1, evaluateJob(new EvaluateJob.Request(loc(generator), null, null, train.toString(),
                    dir.resolve("nope-labels.gz").toString(), null, null, null, 50, null, null, List.of())));
            assertThat(err.toString()).contains("nope-labels.gz", "not found");
        }

        @Test
        void aBadOverrideIsNamed() {
            assertEquals(1, evaluateJob(new EvaluateJob.Request(loc(generator), null, null, train.toString(), null, null, null, null,
                    null, null, null, List.of("evaluation.sample=3"))));
            assertThat(err.toString()).contains("unknown config key 'evaluation.sample'");
        }
    }

    /** A local path as a {@link io.sparkgan.platform.Location}; null stays null (an option not given). */
    private static io.sparkgan.platform.Location loc(Path p) {
        return p == null ? null : io.sparkgan.platform.Location.local(p);
    }
}
