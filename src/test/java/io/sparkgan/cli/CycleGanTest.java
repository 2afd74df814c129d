package io.sparkgan.cli;

import io.sparkgan.run.TrainOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.GanConfig;
import io.sparkgan.eval.SyntheticImages;
import io.sparkgan.eval.TranslationEvaluator;
import io.sparkgan.eval.TranslationScores;
import io.sparkgan.source.IdxFiles;
import io.sparkgan.train.GanState;
import org.junit.jupiter.api.BeforeEach;
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

/**
 * CycleGAN end to end on small real IDX files: A = the first 96 synthetic images, B = the next 96 under the known
 * map T (invert-shift); both engines, the errors falling, resume to bit-identical parameters, and the bad inputs.
 */
class CycleGanTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path images;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void data() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        images = SyntheticImages.writeIdx(dir.resolve("data"), 192, 64, 5);
    }

    private List<String> overrides(String... more) {
        List<String> o = new ArrayList<>(List.of("engine=local", "threads=1", "loss.family=least-squares",
                "data.source=idx", "data.idx.images=\"" + images + "\"",
                "data.idx.labels=\"" + images.resolveSibling("train-labels-idx1-ubyte.gz") + "\"", "data.idx.limit=96",
                "cycle.enabled=true", "cycle.known-map=invert-shift", "cycle.b.source=idx",
                "cycle.b.idx.images=\"" + images + "\"", "cycle.b.idx.offset=96", "cycle.generator-width=8",
                "cycle.discriminator-width=8", "cycle.residual-blocks=1", "cycle.pool-size=8", "cycle.identity=0.5", "train.batch-size=8",
                "train.generator.learning-rate=2e-3", "train.discriminator.learning-rate=2e-3",
                "output.log-every-steps=12", "output.sample-grid=4", "evaluation.samples=32",
                "evaluation.classifier-cache=\"" + dir.resolve("classifiers") + "\"", "evaluation.classifier-epochs=1",
                "evaluation.every-epochs=1"));
        o.addAll(List.of(more));
        return o;
    }

    private int train(List<String> overrides, TrainOptions options) {
        return TrainJob.run(Path.of("conf/fashion-cycle.conf"), overrides, options,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static JsonNode summary(Path run) throws IOException {
        return JSON.readTree(run.resolve("summary.json").toFile());
    }

    @Test
    void aSmallRunTranslatesAndBothErrorsFallWellBelowTheirStart() throws IOException {
        List<String> o = overrides("train.epochs=6");
        Path run = dir.resolve("learn");
        assertEquals(0, train(o, TrainOptions.fresh(run, false)), err::toString);
        GanConfig config = ConfigLoader.load(Path.of("conf/fashion-cycle.conf"), o);
        GanState untrained = GanState.cycle(config, new long[]{1, 28, 28});
        TranslationScores start = TranslationEvaluator.forConfig(config, 32, new PrintStream(new ByteArrayOutputStream()))
                .evaluate(untrained.generator(), untrained.reverse().generator());
        JsonNode end = summary(run);
        assertThat(end.get("translation_error").asDouble()).as("translation error, untrained %s", start.translationError())
                .isLessThan(0.6 * start.translationError());
        assertThat(end.get("cycle_error").asDouble()).as("cycle error, untrained %s", start.cycleError())
                .isLessThan(0.5 * start.cycleError());
        assertThat(Files.readString(run.resolve("metrics.jsonl"))).contains("\"kind\":\"translation\"");
        assertThat(run.resolve("samples/epoch-0005.png")).exists();
        assertThat(run.resolve("generator-ba.zip")).exists();
        assertThat(run.resolve("discriminator-a.zip")).exists();
        assertThat(run.resolve("report.html")).exists();
    }

    @Test
    void bothEnginesResumeToBitIdenticalParametersAndOnePartitionEqualsOneJvm() throws IOException {
        for (String engine : List.of("local", "spark")) {
            // no decay: its factors depend on train.epochs, which this resume raises from 1 to 2
            List<String> two = overrides("engine=" + engine, "spark.master=\"local[2]\"", "spark.partitions=2",
                    "train.learning-rate-decay=none", "train.epochs=1", "train.max-steps-per-epoch=4",
                    "spark.averaging-period=2");
            List<String> three = new ArrayList<>(two);
            three.set(three.indexOf("train.epochs=1"), "train.epochs=2");
            Path run = dir.resolve("resumed-" + engine);
            assertEquals(0, train(two, TrainOptions.fresh(run, false)), err::toString);
            assertEquals(0, train(three, new TrainOptions(null, run, false, false)), err::toString);
            assertThat(run.resolve("checkpoints/ckpt-e00002-i00000000/history-pools.bin")).exists();
            assertThat(run.resolve("checkpoints/ckpt-e00002-i00000000/generator-ba.zip")).exists();
            Path whole = dir.resolve("whole-" + engine);
            assertEquals(0, train(three, TrainOptions.fresh(whole, false)), err::toString);
            assertEquals(summary(whole).get("params_sha256").asText(), summary(run).get("params_sha256").asText(),
                    engine + " engine");
        }
        // the Spark engine with one partition computes what the single JVM computes: all four networks and pools
        List<String> one = overrides("train.epochs=1", "train.max-steps-per-epoch=4", "spark.averaging-period=2");
        Path local = dir.resolve("one-local");
        Path spark = dir.resolve("one-spark");
        assertEquals(0, train(one, TrainOptions.fresh(local, false)), err::toString);
        List<String> onSpark = new ArrayList<>(one);
        onSpark.addAll(List.of("engine=spark", "spark.master=\"local[1]\"", "spark.partitions=1"));
        assertEquals(0, train(onSpark, TrainOptions.fresh(spark, false)), err::toString);
        assertEquals(summary(local).get("params_sha256").asText(), summary(spark).get("params_sha256").asText());
    }

    @Test
    void badInputIsNamed() throws IOException {
        Path small = IdxFiles.write(dir.resolve("small-images-idx3-ubyte"), IdxFiles.images(16, 32, 32), false);
        assertThat(error(overrides("train.epochs=1", "cycle.b.idx.images=\"" + small + "\"", "cycle.b.idx.offset=0")))
                .contains("image sets A and B must have one shape").contains("A holds 1x28x28").contains("B 1x32x32");
        assertThat(error(overrides("train.epochs=1", "cycle.b.idx.offset=192"))).contains("image set B (cycle.b)").contains("is empty");
        assertThat(error(overrides("train.epochs=1", "cycle.b.source=\"\""))).contains("cycle.b.source");
        assertThat(error(overrides("train.epochs=1", "loss.family=non-saturating"))).contains("least-squares");
        assertThat(error(overrides("train.epochs=1", "model.conditional.enabled=true")))
                .contains("model.conditional.enabled");
    }

    @Test
    void translateMapsAnIdxFileAFolderAndParquetThroughEitherGenerator() throws IOException {
        Path run = dir.resolve("tiny");
        // a floor above the 10 classes that exist: the collapse alarm must sound
        assertEquals(0, train(overrides("train.epochs=1", "train.max-steps-per-epoch=2",
                "evaluation.min-classes-present=11"), TrainOptions.fresh(run, false)), err::toString);
        assertThat(out.toString()).contains("WARN mode collapse at epoch 1");
        assertThat(Files.readString(run.resolve("metrics.jsonl"))).contains("\"collapse_alarm\":true");
        Path test = images.resolveSibling("t10k-images-idx3-ubyte.gz");
        // IDX: the file's 64 images through G_AB, pixel for pixel what the model computes
        Path idxOut = dir.resolve("translated-idx3-ubyte.gz");
        assertEquals(0, translate(run, null, "AB", test, idxOut), err::toString);
        io.sparkgan.data.ImageSet in = io.sparkgan.source.IdxReader.readImages(test.toString(), null, 0);
        io.sparkgan.data.ImageSet translated = io.sparkgan.source.IdxReader.readImages(idxOut.toString(), null, 0);
        assertEquals(64, translated.size());
        org.deeplearning4j.nn.multilayer.MultiLayerNetwork gAB = io.sparkgan.io.ModelStore.load(run.resolve("generator.zip"), false);
        int[] first = {0, 1, 2};
        byte[] expected = io.sparkgan.io.ImageFiles.toUint8(gAB.output(in.batch(first), false));
        byte[] got = SyntheticImages.pixels(translated.subset(first));
        assertThat(got).isEqualTo(expected);
        // a folder: the same relative names, as PNG, through G_BA (a model file this time)
        Path folder = dir.resolve("pngs/sub");
        Files.createDirectories(folder);
        for (int i = 0; i < 3; i++) {
            io.sparkgan.io.ImageFiles.writePng(in.batch(new int[]{i}), 0, loc(folder.resolve("img-" + i + ".png")));
        }
        Path folderOut = dir.resolve("pngs-out");
        assertEquals(0, translate(null, run.resolve("generator-ba.zip"), "BA", dir.resolve("pngs"), folderOut),
                err::toString);
        assertThat(folderOut.resolve("sub/img-2.png")).exists();
        // Parquet: every column kept, the image column translated
        Path parquet = dir.resolve("in.parquet");
        org.apache.spark.sql.SparkSession spark = org.apache.spark.sql.SparkSession.builder().master("local[2]")
                .appName("write-parquet").getOrCreate();
        try {
            org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
                    .add("id", org.apache.spark.sql.types.DataTypes.IntegerType)
                    .add("image", org.apache.spark.sql.types.DataTypes.BinaryType);
            List<org.apache.spark.sql.Row> rows = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                rows.add(org.apache.spark.sql.RowFactory.create(i, Files.readAllBytes(folder.resolve("img-" + (i % 3) + ".png"))));
            }
            spark.createDataFrame(rows, schema).repartition(2).write().parquet(parquet.toString());
        } finally {
            spark.stop();
        }
        Path parquetOut = dir.resolve("out.parquet");
        assertEquals(0, translate(run, null, "AB", parquet, parquetOut), err::toString);
        assertThat(out.toString()).contains("translated 5 images of Parquet");
        // evaluate scores both generators of the run, as training did
        Path json = dir.resolve("evaluation.json");
        assertEquals(0, EvaluateJob.run(new EvaluateJob.Request(null, loc(run), null, null, null, null, null, null, null,
                null, loc(json), List.of()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)), err::toString);
        JsonNode scores = JSON.readTree(json.toFile());
        assertEquals(summary(run).get("translation_error").asDouble(), scores.get("translation_error").asDouble(), 1e-9);
        assertThat(scores.has("class_preserved")).isTrue();
        assertThat(scores.has("collapse_alarm")).isTrue();
        // bad input: a run without a direction, a GAN's generator
        assertThat(translate(run, null, null, test, dir.resolve("x.gz"))).isNotZero();
        assertThat(err.toString()).contains("--direction AB");
        err.reset();
        assertThat(GenerateJob.run(new GenerateJob.Request(null, loc(run), loc(dir.resolve("g.png")), null, 4, null, null, null,
                null, List.of()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))).isNotZero();
        assertThat(err.toString()).contains("CycleGAN").contains("jobs/translate.sh");
    }

    private int translate(Path run, Path model, String direction, Path in, Path target) {
        err.reset();
        return TranslateJob.run(new TranslateJob.Request(loc(model), loc(run), direction, loc(in), loc(target), "image",
                List.of("spark.master=\"local[2]\"")), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String error(List<String> overrides) {
        err.reset();
        Path run = dir.resolve("bad-" + System.nanoTime());
        int rc = train(overrides, TrainOptions.fresh(run, false));
        assertThat(rc).as(err.toString()).isNotZero();
        return err.toString();
    }

    /** A local path as a {@link io.sparkgan.platform.Location}; null stays null (an option not given). */
    private static io.sparkgan.platform.Location loc(Path p) {
        return p == null ? null : io.sparkgan.platform.Location.local(p);
    }
}
