package io.sparkgan.cli;

import io.sparkgan.run.TrainOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkgan.eval.SyntheticImages;
import io.sparkgan.hadoop.MiniHadoop;
import io.sparkgan.io.RunDirectory;
import io.sparkgan.ml.GanEstimator;
import io.sparkgan.ml.GanModel;
import io.sparkgan.platform.Location;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run directory, the training data and every tool on a real HDFS (Hadoop's MiniDFSCluster in this JVM): a driver
 * killed mid-run resumes from hdfs:// to the undisturbed parameters; IDX, image folders and Parquet are read from
 * hdfs://; generate, evaluate, report and translate work on runs there; a GanModel is saved there and loaded back.
 */
class HdfsRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** As ResumeTest: single-JVM ring8, one native thread, 6 epochs of 156 iterations, checkpoints inside epochs. */
    private static final List<String> RING = List.of("engine=local", "threads=1", "data.size=10000",
            "train.batch-size=64", "spark.averaging-period=8", "train.epochs=6", "output.log-every-steps=64",
            "output.sample-points=200", "checkpoint.every-rounds=13", "checkpoint.keep=2");

    @TempDir
    static Path dir;
    private static String idxImages;
    private static String idxLabels;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void data() throws IOException {
        MiniHdfs.hadoop().fileSystem().delete(MiniHdfs.hadoop().path(MiniHdfs.ROOT), true);
        Path local = Files.createDirectories(dir.resolve("idx"));
        SyntheticImages.writeIdx(local, 192, 64, 5);
        String folder = MiniHdfs.upload(local, "/data/idx");
        idxImages = folder + "/train-images-idx3-ubyte.gz";
        idxLabels = folder + "/train-labels-idx1-ubyte.gz";
    }

    private PrintStream stdout() {
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }

    private PrintStream stderr() {
        return new PrintStream(err, true, StandardCharsets.UTF_8);
    }

    private int train(String config, List<String> overrides, TrainOptions options) {
        err.reset();
        out.reset();
        return TrainJob.run(Path.of(config), overrides, options, stdout(), stderr());
    }

    private static JsonNode json(String uri) throws IOException {
        return JSON.readTree(MiniHdfs.read(uri));
    }

    private static String digest(String run) throws IOException {
        return json(run + "/summary.json").get("params_sha256").asText();
    }

    @Test
    void aDriverKilledMidRunResumesFromHdfsToTheUndisturbedParameters() throws Exception {
        String run = MiniHdfs.uri("/runs/ring8-killed");
        Path log = dir.resolve("killed.log");
        List<String> args = new ArrayList<>(List.of("conf/ring8.conf"));
        args.addAll(RING);
        args.addAll(List.of("--out", run));
        Process child = ChildJvm.start(TrainCommand.class, MiniHadoop.clientJvmFlags(), args, log);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (MiniHdfs.read(run + "/checkpoints/LATEST").trim().compareTo("ckpt-e00002-i00000104") < 0) {
            assertTrue(child.isAlive(), () -> "the training JVM ended before a checkpoint inside epoch 2: " + read(log));
            assertTrue(System.nanoTime() < deadline, () -> "timed out: " + read(log));
            Thread.sleep(10);
        }
        child.destroyForcibly(); // SIGKILL
        assertTrue(child.waitFor(1, TimeUnit.MINUTES));
        assertFalse(MiniHdfs.exists(run + "/summary.json"), "the run was cut off before its end");
        String cutAt = MiniHdfs.read(run + "/checkpoints/LATEST").trim();
        assertThat(read(log)).contains("run directory: " + run);

        assertEquals(0, train("conf/ring8.conf", RING, new TrainOptions(null, run, false, false)), err::toString);
        assertThat(out.toString()).contains("resuming from checkpoint", cutAt);
        String undisturbed = MiniHdfs.uri("/runs/ring8-undisturbed");
        assertEquals(0, train("conf/ring8.conf", RING, TrainOptions.fresh(undisturbed, false)), err::toString);
        assertEquals(digest(undisturbed), digest(run));
        for (String file : List.of(RunDirectory.MARKER, "config.conf", "metrics.jsonl", "samples/epoch-0005.png",
                "generator.zip", "discriminator.zip", "summary.json", "report.html")) {
            assertTrue(MiniHdfs.exists(run + "/" + file), file + " on HDFS");
        }
        List<String> steps = MiniHdfs.read(run + "/metrics.jsonl").lines().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).filter(n -> n.get("kind").asText().equals("interval")).map(n -> n.get("step").asText()).toList();
        assertEquals(steps.stream().distinct().count(), steps.size(), "every interval once: " + steps);

        // the tools on that run directory: report and evaluate (the ring's modes)
        assertEquals(0, new picocli.CommandLine(new ReportCommand()).execute(run), "report.sh");
        String eval = run + "/evaluation.json";
        assertEquals(0, EvaluateJob.run(new EvaluateJob.Request(null, Location.of(run), null, null, null, null, null,
                null, null, null, Location.of(eval), List.of()), stdout(), stderr()), err::toString);
        assertThat(json(eval).get("modes_covered").asInt()).isPositive();
    }

    @Test
    void imagesFromHdfsIdxTrainARunThereThatGenerateAndEvaluateRead() throws IOException {
        String run = MiniHdfs.uri("/runs/dcgan-idx");
        assertEquals(0, train("conf/fashion-dcgan28.conf", List.of("engine=local", "threads=1",
                "data.idx.images=\"" + idxImages + "\"", "data.idx.labels=\"" + idxLabels + "\"", "train.batch-size=8",
                "train.epochs=1", "train.max-steps-per-epoch=2", "model.dcgan.base-width=8", "output.sample-grid=2",
                "evaluation.every-epochs=0"), TrainOptions.fresh(run, false)), err::toString);
        assertTrue(MiniHdfs.exists(run + "/samples/epoch-0000.png"));

        String grid = MiniHdfs.uri("/out/grid.png");
        assertEquals(0, GenerateJob.run(new GenerateJob.Request(null, Location.of(run), Location.of(grid), null, 4, 1L,
                null, null, null, List.of()), stdout(), stderr()), err::toString);
        String pngs = MiniHdfs.uri("/out/pngs");
        assertEquals(0, GenerateJob.run(new GenerateJob.Request(null, Location.of(run), Location.of(pngs), "png", 40, 1L,
                null, null, null, List.of()), stdout(), stderr()), err::toString);
        assertTrue(MiniHdfs.exists(grid));
        assertTrue(MiniHdfs.exists(pngs + "/sample-00039.png"));

        String eval = MiniHdfs.uri("/out/eval.json");
        assertEquals(0, EvaluateJob.run(new EvaluateJob.Request(null, null, Location.of(pngs), idxImages,
                null, null, null, null, null, null, Location.of(eval), List.of("evaluation.samples=32",
                "evaluation.classifier-epochs=1", "evaluation.classifier-cache=\"" + dir.resolve("classifiers") + "\"")),
                stdout(), stderr()), err::toString);
        assertThat(json(eval).get("source").asText()).isEqualTo(pngs);
        assertThat(json(eval).get("real").asText()).contains("hdfs://");
    }

    @Test
    void aPngFolderAndParquetOnHdfsTrainOnSparkIntoRunsOnHdfs() throws IOException {
        Path tree = dir.resolve("tree");
        for (int i = 0; i < 24; i++) {
            Path folder = Files.createDirectories(tree.resolve(i % 2 == 0 ? "shirt" : "shoe"));
            Files.write(folder.resolve(i + ".png"), png(i + 1));
        }
        String folder = MiniHdfs.upload(tree, "/data/tree");
        List<String> spark = List.of("engine=spark", "spark.master=\"local[2]\"", "train.batch-size=8",
                "train.epochs=1", "train.max-steps-per-epoch=2", "model.dcgan.base-width=8", "output.sample-grid=2",
                "data.idx.images=\"\"", "data.idx.labels=\"\"", "evaluation.every-epochs=0", "data.image.convert=true");
        String fromFolder = MiniHdfs.uri("/runs/from-folder");
        assertEquals(0, train("conf/fashion-dcgan28.conf", Stream.concat(spark.stream(), Stream.of(
                "data.source=folder", "data.folder.path=\"" + folder + "\"", "model.conditional.enabled=true")).toList(),
                TrainOptions.fresh(fromFolder, false)), err::toString);
        assertThat(json(fromFolder + "/classes.json").toString()).contains("shirt", "shoe");
        assertTrue(MiniHdfs.exists(fromFolder + "/generator.zip"));

        String parquet = MiniHdfs.uri("/data/images.parquet");
        SparkSession session = SparkSession.builder().master("local[2]").appName("write-parquet").getOrCreate();
        try {
            StructType schema = new StructType().add("bytes", DataTypes.BinaryType).add("label", DataTypes.IntegerType);
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                rows.add(RowFactory.create(png(i + 1), i % 3));
            }
            session.createDataFrame(rows, schema).repartition(2).write().parquet(parquet);
        } finally {
            session.stop();
        }
        String fromParquet = MiniHdfs.uri("/runs/from-parquet");
        assertEquals(0, train("conf/fashion-dcgan28.conf", Stream.concat(spark.stream(), Stream.of(
                "data.source=parquet", "data.parquet.path=\"" + parquet + "\"", "data.parquet.image-column=bytes")).toList(),
                TrainOptions.fresh(fromParquet, false)), err::toString);
        assertTrue(MiniHdfs.exists(fromParquet + "/summary.json"));
        assertTrue(MiniHdfs.exists(fromParquet + "/checkpoints/LATEST"));
    }

    @Test
    void aCycleGanRunOnHdfsTranslatesHdfsImages() throws IOException {
        String run = MiniHdfs.uri("/runs/cycle");
        assertEquals(0, train("conf/fashion-cycle.conf", List.of("engine=local", "threads=1",
                "loss.family=least-squares", "data.source=idx", "data.idx.images=\"" + idxImages + "\"",
                "data.idx.labels=\"" + idxLabels + "\"", "data.idx.limit=96", "cycle.enabled=true",
                "cycle.known-map=invert-shift", "cycle.b.source=idx", "cycle.b.idx.images=\"" + idxImages + "\"",
                "cycle.b.idx.offset=96", "cycle.generator-width=8", "cycle.discriminator-width=8",
                "cycle.residual-blocks=1", "cycle.pool-size=8", "train.batch-size=8", "train.epochs=1",
                "train.max-steps-per-epoch=2", "output.sample-grid=2", "evaluation.samples=16",
                "evaluation.classifier-cache=\"" + dir.resolve("classifiers") + "\"", "evaluation.classifier-epochs=1",
                "evaluation.every-epochs=0"), TrainOptions.fresh(run, false)), err::toString);
        for (String file : List.of("generator.zip", "generator-ba.zip", "discriminator-a.zip")) {
            assertTrue(MiniHdfs.exists(run + "/" + file), file);
        }
        String translated = MiniHdfs.uri("/out/translated-idx.gz");
        err.reset();
        assertEquals(0, TranslateJob.run(new TranslateJob.Request(null, Location.of(run), "AB", Location.of(idxImages),
                Location.of(translated), "image", List.of()), stdout(), stderr()), err::toString);
        assertThat(out.toString()).contains("translated 192 images");
        assertTrue(MiniHdfs.exists(translated));
    }

    @Test
    void aGanModelFitsIntoAndIsSavedToAndLoadedFromHdfs() throws IOException {
        Path pngs = Files.createDirectories(dir.resolve("estimator-pngs"));
        for (int i = 0; i < 16; i++) {
            Files.write(pngs.resolve(i + ".png"), png(i + 1));
        }
        SparkSession session = SparkSession.builder().master("local[2]").appName("estimator-on-hdfs").getOrCreate();
        try {
            Dataset<Row> frame = session.read().format("image").load(pngs.toString()).repartition(2);
            String fitRun = MiniHdfs.uri("/runs/estimator");
            GanModel model = new GanEstimator().setConfig("conf/fashion-dcgan28.conf").setEpochs(1).setBatchSize(8)
                    .setSeed(3).setOutputDir(fitRun).fit(frame);
            assertTrue(MiniHdfs.exists(fitRun + "/report.html"));
            String saved = MiniHdfs.uri("/models/saved");
            model.write().overwrite().save(saved);
            GanModel loaded = GanModel.load(saved);
            Row before = model.generate(2, 7).collectAsList().get(0).getStruct(0);
            Row after = loaded.generate(2, 7).collectAsList().get(0).getStruct(0);
            assertThat((byte[]) after.getAs("data")).isEqualTo((byte[]) before.getAs("data"));
            String grid = MiniHdfs.uri("/out/from-saved.png");
            assertEquals(0, GenerateJob.run(new GenerateJob.Request(null, Location.of(saved), Location.of(grid), null, 4,
                    1L, null, null, null, List.of()), stdout(), stderr()), err::toString);
            assertTrue(MiniHdfs.exists(grid));
        } finally {
            session.stop();
        }
    }

    private static byte[] png(int seed) {
        return io.sparkgan.eval.SyntheticImages.png(28, seed);
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** This class's folder on the JVM's MiniDFSCluster ({@link MiniHadoop}), and small file helpers on it. */
    private static final class MiniHdfs {
        static final String ROOT = "/hdfs-run-test";

        static MiniHadoop hadoop() {
            return MiniHadoop.get();
        }

        /** hdfs://127.0.0.1:PORT/hdfs-run-test/path. */
        static String uri(String path) {
            return hadoop().hdfsUri() + ROOT + path;
        }

        static String upload(Path local, String path) throws IOException {
            hadoop().fileSystem().copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()),
                    new org.apache.hadoop.fs.Path(uri(path)));
            return uri(path);
        }

        static boolean exists(String uri) throws IOException {
            return hadoop().fileSystem().exists(new org.apache.hadoop.fs.Path(uri));
        }

        /** A file's text; "" when absent (or replaced between the check and the read, as LATEST is). */
        static String read(String uri) throws IOException {
            try (var in = hadoop().fileSystem().open(new org.apache.hadoop.fs.Path(uri))) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.FileNotFoundException e) {
                return "";
            }
        }
    }
}
