package io.sparkgan.cli;

import io.sparkgan.run.TrainOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Never lose a run: the training driver is a separate JVM, killed with SIGKILL in the middle of training
 * and in the middle of writing a checkpoint; --resume then ends with the parameters (params_sha256) of the
 * run that was never interrupted. Also the run-directory rules: a new run into a non-empty directory is
 * refused, --overwrite starts over, and the Spark engine resumes exactly too.
 */
class ResumeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CONFIG = Path.of("conf/ring8.conf");
    /** Single-JVM ring8, one native thread: 6 epochs of 156 iterations, a checkpoint after round 13 of 20 (of 8 each). */
    private static final List<String> RUN = List.of("engine=local", "threads=1", "data.size=10000", "train.batch-size=64",
            "spark.averaging-period=8",
            "train.epochs=6", "output.log-every-steps=64", "output.sample-points=200", "checkpoint.every-rounds=13",
            "checkpoint.keep=2");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int train(List<String> overrides, TrainOptions options) {
        return TrainJob.run(CONFIG, overrides, options, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String digest(Path run) throws IOException {
        return JSON.readTree(run.resolve("summary.json").toFile()).get("params_sha256").asText();
    }

    private String uninterrupted(List<String> overrides) throws IOException {
        Path run = dir.resolve("uninterrupted");
        assertEquals(0, train(overrides, TrainOptions.fresh(run, false)), err::toString);
        return digest(run);
    }

    /** The training JVM, with fault drills ({@code io.sparkgan.config.Drills}) as its JVM flags. */
    private static Process startChild(Path run, Path log, java.util.Map<String, String> drills) throws IOException {
        List<String> args = new ArrayList<>(List.of(CONFIG.toString()));
        args.addAll(RUN);
        args.addAll(List.of("--out", run.toString()));
        return ChildJvm.start(TrainCommand.class, io.sparkgan.config.Drills.jvmFlags(drills), args, log);
    }

    private static void await(String what, Process child, Path log, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!condition.getAsBoolean()) {
            assertTrue(child.isAlive(), () -> "the training JVM ended before " + what + ": " + read(log));
            assertTrue(System.nanoTime() < deadline, () -> "timed out waiting for " + what + ": " + read(log));
            Thread.sleep(10);
        }
    }

    private static void kill(Process child) throws InterruptedException {
        child.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
        assertTrue(child.waitFor(1, TimeUnit.MINUTES));
        assertEquals(137, child.exitValue(), "killed by SIGKILL");
    }

    private static String latest(Path run) {
        try {
            Path pointer = run.resolve("checkpoints/LATEST");
            return Files.exists(pointer) ? Files.readString(pointer).trim() : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Test
    void aDriverKilledMidRunResumesToTheUninterruptedParameters() throws Exception {
        Path run = dir.resolve("killed");
        Path log = dir.resolve("killed.log");
        Process child = startChild(run, log, java.util.Map.of());
        // Wait for a mid-epoch checkpoint of epoch 2, then kill the JVM wherever it is.
        await("a checkpoint inside epoch 2", child, log, () -> latest(run).compareTo("ckpt-e00002-i00000104") >= 0);
        kill(child);
        assertFalse(Files.exists(run.resolve("summary.json")), "the run was cut off before its end");
        String cutAt = latest(run);

        assertEquals(0, train(RUN, new TrainOptions(null, run, false, false)), err::toString);
        assertThat(out.toString()).contains("resuming from checkpoint", cutAt);
        assertEquals(uninterrupted(RUN), digest(run));
        // Every logging interval appears once: the lines written after the checkpoint were cut off on resume.
        List<String> intervals = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            JsonNode n = JSON.readTree(line);
            if (n.get("kind").asText().equals("interval")) {
                intervals.add(n.get("step").asText());
            }
        }
        assertEquals(intervals.stream().distinct().count(), intervals.size(), "interval steps " + intervals);
    }

    @Test
    void aDriverKilledWhileWritingACheckpointResumesFromThePreviousOne() throws Exception {
        Path run = dir.resolve("killed-mid-write");
        Path log = dir.resolve("killed-mid-write.log");
        Process child = startChild(run, log, java.util.Map.of("checkpoint.inject-stall.epoch", "2"));
        await("the stall inside the end-of-epoch-2 checkpoint", child, log,
                () -> read(log).contains("checkpoint.inject-stall: stalling"));
        kill(child);
        Path half = run.resolve("checkpoints/_tmp-ckpt-e00003-i00000000");
        assertTrue(Files.exists(half.resolve("generator.zip")), "the checkpoint was half written");
        assertFalse(Files.exists(half.resolve("state.json")));
        assertEquals("ckpt-e00002-i00000104", latest(run), "LATEST still names the previous checkpoint");

        assertEquals(0, train(RUN, new TrainOptions(null, run, false, false)), err::toString);
        assertThat(out.toString()).contains("resuming from checkpoint", "ckpt-e00002-i00000104");
        assertFalse(Files.exists(half), "the half-written folder is cleared");
        assertEquals(uninterrupted(RUN), digest(run));
    }

    @Test
    void spectralNormalisationsVectorsAreCheckpointedAndResumed() throws IOException {
        // with u restarted at its initial value a resumed run would rescale D differently from then on
        List<String> two = new ArrayList<>(RUN.subList(0, 4));
        two.addAll(List.of("loss.lipschitz=spectral", "output.sample-points=200", "train.epochs=2"));
        List<String> three = new ArrayList<>(two);
        three.set(three.size() - 1, "train.epochs=3");
        Path run = dir.resolve("spectral");
        assertEquals(0, train(two, TrainOptions.fresh(run, false)), err::toString);
        assertEquals(0, train(three, new TrainOptions(null, run, false, false)), err::toString);
        assertThat(Files.exists(run.resolve("checkpoints/ckpt-e00003-i00000000/spectral-vectors.bin"))).isTrue();
        assertEquals(uninterrupted(three), digest(run));
    }

    @Test
    void theSparkEngineResumesExactlyToo() throws IOException {
        List<String> spark = List.of("engine=spark", "spark.master=\"local[2]\"", "threads=1", "data.size=4096",
                "output.sample-points=200", "spark.averaging-period=4");
        List<String> three = new ArrayList<>(spark);
        three.add("train.epochs=3");
        List<String> two = new ArrayList<>(spark);
        two.add("train.epochs=2");
        Path run = dir.resolve("spark");
        assertEquals(0, train(two, TrainOptions.fresh(run, false)), err::toString);
        // The same run asked for a third epoch goes on from its checkpoint after epoch 2.
        assertEquals(0, train(three, new TrainOptions(null, run, false, false)), err::toString);
        assertThat(out.toString()).contains("changed since the checkpoint: train.epochs: 2 in the checkpoint, 3 now");
        assertEquals(uninterrupted(three), digest(run));
    }

    /** The outer optimizer's buffers (and Adam's step count) are checkpointed: a resumed run ends where an undisturbed one does. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"nesterov", "adam"})
    void theOuterOptimizersStateIsCheckpointedAndResumed(String optimizer) throws IOException {
        List<String> spark = List.of("engine=spark", "spark.master=\"local[2]\"", "threads=1", "data.size=4096",
                "output.sample-points=200", "spark.averaging-period=8", "spark.outer.optimizer=" + optimizer,
                "spark.outer.learning-rate=" + (optimizer.equals("adam") ? "0.002" : "0.7"));
        List<String> three = new ArrayList<>(spark);
        three.add("train.epochs=3");
        List<String> two = new ArrayList<>(spark);
        two.add("train.epochs=2");
        Path run = dir.resolve("outer-" + optimizer);
        assertEquals(0, train(two, TrainOptions.fresh(run, false)), err::toString);
        assertThat(run.resolve("checkpoints/ckpt-e00002-i00000000/outer-generator.bin")).exists();
        assertThat(run.resolve("checkpoints/ckpt-e00002-i00000000/outer-discriminator.bin")).exists();
        assertEquals(0, train(three, new TrainOptions(null, run, false, false)), err::toString);
        String resumed = digest(run);
        assertEquals(uninterrupted(three), resumed);
        // and the outer step is not the plain mean
        List<String> averaged = new ArrayList<>(three);
        averaged.set(6, "spark.outer.optimizer=average");
        Path plain = dir.resolve("average");
        assertEquals(0, train(averaged, TrainOptions.fresh(plain, false)), err::toString);
        assertThat(digest(plain)).isNotEqualTo(resumed);
    }

    /** The conditional GAN on both engines: labels, the projection D's class embedding and the class draws resume too. */
    @Test
    void aConditionalGanResumesExactlyOnBothEngines() throws IOException {
        Path images = syntheticIdx();
        for (String engine : List.of("local", "spark")) {
            resumesExactly("conditional-" + engine, tinyDcgan(engine, images,
                    "data.idx.labels=\"" + images.resolveSibling("train-labels-idx1-ubyte.gz") + "\"",
                    "model.conditional.enabled=true", "loss.family=non-saturating"));
        }
    }

    /** Augmented runs with ADA on both engines: the draws and ADA's p (augment-state.bin) resume exactly. */
    @Test
    void anAdaptivelyAugmentedRunResumesExactlyOnBothEngines() throws IOException {
        Path images = syntheticIdx();
        for (String engine : List.of("local", "spark")) {
            Path whole = resumesExactly("augmented-" + engine, tinyDcgan(engine, images,
                    "train.augment.policy=[translation, cutout]", "train.augment.adaptive=true",
                    "train.augment.target=-0.9", "train.augment.interval=1", "train.augment.speed-images=160"));
            assertThat(dir.resolve("augmented-" + engine + "/checkpoints/ckpt-e00001-i00000000/augment-state.bin"))
                    .exists();
            List<Double> p = new ArrayList<>();
            for (String line : Files.readAllLines(whole.resolve("metrics.jsonl"))) {
                JsonNode n = JSON.readTree(line);
                if (n.path("kind").asText().equals("epoch")) {
                    p.add(n.get("augment_probability").asDouble());
                }
            }
            assertThat(p).hasSize(2).allMatch(v -> v > 0 && v <= 1);   // ADA moved p, and the log says where to
        }
    }

    /**
     * SNGAN's residual networks with the hinge loss, spectral normalisation of every D weight, a projection D, G's EMA
     * and ADA, on both engines: resume ends bit-identical to the undisturbed run, and the run's generator file
     * generates images.
     */
    @Test
    void aResidualSnHingeGanResumesExactlyOnBothEngines() throws IOException {
        Path images = syntheticIdx();
        for (String engine : List.of("local", "spark")) {
            Path whole = resumesExactly("resnet-" + engine, tinyDcgan(engine, images,
                    "data.idx.labels=\"" + images.resolveSibling("train-labels-idx1-ubyte.gz") + "\"",
                    "model.conditional.enabled=true", "model.type=resnet", "model.resnet.generator-width=8",
                    "model.resnet.discriminator-width=8", "loss.family=hinge", "loss.lipschitz=spectral",
                    "train.ema-decay=0.9", "train.augment.policy=[translation]", "train.augment.adaptive=true"));
            try (var files = Files.walk(whole)) {
                assertThat(files.map(f -> whole.relativize(f).toString()).toList())
                        .contains("generator.zip", "samples/epoch-0001.png");
            }
        }
    }

    /** 128 synthetic labelled 28 x 28 images as IDX files in the test's folder; returns the images file. */
    private Path syntheticIdx() throws IOException {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        return io.sparkgan.eval.SyntheticImages.writeIdx(data, 128, 0, 3);
    }

    /** A dcgan of base width 8 on {@code images}, 3 steps per epoch, 1 epoch (the last key), plus {@code keys}. */
    private static List<String> tinyDcgan(String engine, Path images, String... keys) {
        List<String> all = new ArrayList<>(List.of("engine=" + engine, "spark.master=\"local[2]\"", "threads=1",
                "data.source=idx", "data.idx.images=\"" + images + "\"", "model.type=dcgan",
                "model.dcgan.base-width=8", "train.batch-size=16", "train.max-steps-per-epoch=3",
                "spark.averaging-period=2", "evaluation.every-epochs=0", "output.sample-grid=4"));
        all.addAll(List.of(keys));
        all.add("train.epochs=1");
        return all;
    }

    /**
     * Trains {@code oneEpoch} into run {@code name}, resumes it for a second epoch, and asserts that it ends with the
     * params_sha256 of the same two epochs undisturbed; returns that undisturbed run.
     */
    private Path resumesExactly(String name, List<String> oneEpoch) throws IOException {
        List<String> two = new ArrayList<>(oneEpoch);
        two.set(two.size() - 1, "train.epochs=2");
        Path run = dir.resolve(name);
        assertEquals(0, train(oneEpoch, TrainOptions.fresh(run, false)), err::toString);
        assertEquals(0, train(two, new TrainOptions(null, run, false, false)), err::toString);
        Path whole = dir.resolve(name + "-whole");
        assertEquals(0, train(two, TrainOptions.fresh(whole, false)), err::toString);
        assertEquals(digest(whole), digest(run), name);
        return whole;
    }

    @Test
    void aNewRunIntoANonEmptyDirectoryIsRefusedUnlessOverwriteOrResume() throws IOException {
        Path run = dir.resolve("taken");
        List<String> tiny = List.of("engine=local", "data.size=512", "train.epochs=1", "output.sample-points=100");
        assertEquals(0, train(tiny, TrainOptions.fresh(run, false)), err::toString);
        String first = digest(run);

        assertEquals(1, train(tiny, TrainOptions.fresh(run, false)));
        assertThat(err.toString()).contains("run directory " + run.toAbsolutePath() + " is not empty", "--resume",
                "--overwrite");
        assertEquals(first, digest(run), "nothing of the earlier run was touched");

        assertEquals(0, train(tiny, new TrainOptions(run, null, true, false)), err::toString);
        assertEquals(first, digest(run), "--overwrite trained the same run again from scratch");

        // A retried scheduler task (same command with --resume) finds the run complete and ends at once.
        out.reset();
        assertEquals(0, train(tiny, new TrainOptions(null, run, false, false)), err::toString);
        assertThat(out.toString()).contains("resuming from checkpoint", "ckpt-e00001-i00000000");
        assertEquals(first, digest(run));

        // --resume into an empty place starts a new run there.
        Path fresh = dir.resolve("new-with-resume");
        assertEquals(0, train(tiny, new TrainOptions(null, fresh, false, false)), err::toString);
        assertThat(out.toString()).contains("no complete checkpoint in", "starting a new run");
        assertEquals(first, digest(fresh));
    }

    @Test
    void aFailureInTheEpochOutputsLosesNoTrainingAndTheResumeWritesThemAgain() throws IOException {
        List<String> tiny = List.of("engine=local", "data.size=2048", "train.epochs=3", "output.sample-points=100");
        Path run = dir.resolve("outputs-fail");
        // a folder where epoch 1's sample picture goes: writing it fails after the epoch's training
        Files.createDirectories(run.resolve("samples").resolve("epoch-0001.png"));
        assertEquals(1, train(tiny, new TrainOptions(null, run, false, false)));
        assertThat(err.toString()).contains("epoch-0001.png");
        assertThat(run.resolve("checkpoints").resolve("ckpt-e00002-i00000000")).as("epoch 1's checkpoint").exists();

        Files.delete(run.resolve("samples").resolve("epoch-0001.png"));
        out.reset();
        assertEquals(0, train(tiny, new TrainOptions(null, run, false, false)), err::toString);
        assertThat(out.toString()).contains("resuming from checkpoint", "ckpt-e00002-i00000000");
        assertThat(run.resolve("samples").resolve("epoch-0001.png")).isRegularFile();
        Path undisturbed = dir.resolve("undisturbed");
        assertEquals(0, train(tiny, TrainOptions.fresh(undisturbed, false)), err::toString);
        assertEquals(digest(undisturbed), digest(run));
        assertEquals(Files.readString(undisturbed.resolve("metrics.jsonl")).replaceAll("\"\\w+_per_second\":[^,}]*", ""),
                Files.readString(run.resolve("metrics.jsonl")).replaceAll("\"\\w+_per_second\":[^,}]*", ""),
                "metrics.jsonl, rates aside");
    }

    @Test
    void aDryRunIsNotResumedButCanBeOverwritten() throws IOException {
        List<String> tiny = List.of("engine=local", "data.size=512", "train.epochs=1", "output.sample-points=100");
        Path run = dir.resolve("dry");
        assertEquals(0, train(tiny, TrainOptions.fresh(run, true)), err::toString);
        assertEquals(1, train(tiny, new TrainOptions(null, run, false, false)));
        assertThat(err.toString()).contains("is from a dry run", "--overwrite");
        assertEquals(0, train(tiny, new TrainOptions(run, null, true, false)), err::toString);
        assertThat(JSON.readTree(run.resolve("summary.json").toFile()).get("dry_run").asBoolean()).isFalse();
    }
}
