package io.sparkgan.run;

import io.sparkgan.eval.RealData;
import io.sparkgan.eval.SyntheticImages;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkgan.cli.TrainJob;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Training runs with evaluation.every-epochs on: the "evaluation" lines of metrics.jsonl and the collapse alarm. */
class TrainingEvaluationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private List<JsonNode> evaluationLines(Path conf, Path run, String... overrides) throws IOException {
        int code = TrainJob.run(conf, List.of(overrides), run, false, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString());
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            JsonNode node = JSON.readTree(line);
            if (node.get("kind").asText().equals("evaluation")) {
                lines.add(node);
            }
        }
        return lines;
    }

    @Test
    void anImageRunEvaluatesItsGeneratorEveryEpochAndRaisesTheAlarmBelowTheFloor() throws IOException {
        Path data = Files.createDirectory(dir.resolve("data"));
        Path images = SyntheticImages.writeIdx(data, 300, 100, 1);
        List<JsonNode> lines = evaluationLines(Path.of("conf/fashion-dcgan28.conf"), dir.resolve("run"),
                "engine=local", "data.idx.images=\"" + images + "\"",
                "data.idx.labels=\"" + RealData.labelsBeside(images) + "\"", "model.dcgan.base-width=4",
                "train.epochs=2", "train.batch-size=32", "output.sample-grid=2", "evaluation.samples=100",
                "evaluation.min-classes-present=11", "evaluation.classifier-epochs=1",
                "evaluation.classifier-cache=\"" + dir.resolve("classifiers") + "\"");
        assertEquals(2, lines.size(), "one evaluation per epoch");
        JsonNode line = lines.get(1);
        for (String key : List.of("epoch", "step", "frechet_distance", "frechet_distance_floor", "classifier_score",
                "classifier_score_real", "classes_present", "class_histogram", "precision", "recall",
                "classifier_test_accuracy", "collapse_alarm")) {
            assertTrue(line.has(key), "evaluation line has " + key + ": " + line);
        }
        assertEquals(1, line.get("epoch").asInt());
        assertEquals(100, line.get("samples").asInt());
        assertEquals(10, line.get("class_histogram").size());
        // 10 classes can never reach a floor of 11: the alarm fires, in the line and on the console.
        assertTrue(line.get("collapse_alarm").asBoolean());
        assertThat(out.toString()).contains("epoch 2 evaluation: FD", "WARN mode collapse at epoch 2",
                "reference classifier: training on 300 images");
        assertTrue(Files.list(dir.resolve("classifiers")).anyMatch(p -> p.toString().endsWith(".zip")));
    }

    @Test
    void aMixtureRunReportsModesAndUsesTheModeFloor() throws IOException {
        List<JsonNode> lines = evaluationLines(Path.of("conf/ring8.conf"), dir.resolve("ring"), "engine=local",
                "train.epochs=2", "data.size=1024", "evaluation.every-epochs=2", "evaluation.samples=500",
                "evaluation.min-modes-covered=9");
        assertEquals(1, lines.size(), "every 2 epochs: once in 2 epochs");
        JsonNode line = lines.get(0);
        assertEquals(8, line.get("modes_total").asInt());
        assertTrue(line.has("modes_covered") && line.has("high_quality_fraction") && line.has("reverse_kl"));
        assertTrue(line.get("collapse_alarm").asBoolean(), "8 modes are below a floor of 9");
        assertThat(out.toString()).contains("WARN mode collapse", "evaluation.min-modes-covered");
        assertFalse(out.toString().contains("reference classifier"));
    }

    /** root/CLASS/i.png: three classes of 28x28 grey images, each class a bright band at its own height. */
    private Path classFolders(int perClass) throws IOException {
        Path root = dir.resolve("folders");
        String[] classes = {"boot", "coat", "shirt"};
        for (int c = 0; c < classes.length; c++) {
            Path folder = Files.createDirectories(root.resolve(classes[c]));
            for (int i = 0; i < perClass; i++) {
                java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(28, 28,
                        java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
                for (int y = 0; y < 28; y++) {
                    for (int x = 0; x < 28; x++) {
                        boolean band = y / 9 == c;
                        img.getRaster().setSample(x, y, 0, band ? 200 + (x + i) % 50 : (x * y + i) % 40);
                    }
                }
                javax.imageio.ImageIO.write(img, "png", folder.resolve(i + ".png").toFile());
            }
        }
        return root;
    }

    @Test
    void aSparkRunOnAnImageFolderEvaluatesAgainstItsClassFolders() throws IOException {
        Path root = classFolders(40);
        List<JsonNode> lines = evaluationLines(Path.of("conf/fashion-dcgan28.conf"), dir.resolve("folder-run"),
                "engine=spark", "spark.master=\"local[2]\"", "data.source=folder",
                "data.folder.path=\"" + root.toUri() + "\"", "data.idx.images=\"\"", "data.idx.labels=\"\"",
                "model.dcgan.base-width=4", "train.epochs=1", "train.batch-size=16", "output.sample-grid=2",
                "evaluation.samples=60", "evaluation.classifier-epochs=1",
                "evaluation.classifier-cache=\"" + dir.resolve("classifiers") + "\"");
        assertEquals(1, lines.size());
        assertEquals(3, lines.get(0).get("class_histogram").size(), "the three class folders");
        assertThat(out.toString()).contains("reference classifier: training on 100 images of data.folder.path",
                "every sixth of 120 training images, held out");
    }

    @Test
    void idxFilesAreReadFromAHadoopUri() throws IOException {
        Path data = Files.createDirectory(dir.resolve("uri"));
        Path images = SyntheticImages.writeIdx(data, 120, 60, 1);
        List<JsonNode> lines = evaluationLines(Path.of("conf/fashion-dcgan28.conf"), dir.resolve("uri-run"),
                "engine=local", "data.idx.images=\"" + images.toUri() + "\"",
                "data.idx.labels=\"" + RealData.labelsBeside(images).toUri() + "\"", "model.dcgan.base-width=4",
                "train.epochs=1", "train.batch-size=32", "output.sample-grid=2", "evaluation.samples=60",
                "evaluation.classifier-epochs=1", "evaluation.classifier-cache=\"" + dir.resolve("classifiers") + "\"");
        assertEquals(1, lines.size());
        assertThat(out.toString()).contains("test split file:");
    }
}
