package io.sparkgan.checkpoint;

import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.GanConfig;
import io.sparkgan.train.GanState;
import io.sparkgan.train.ParamsDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Checkpoints on the local file system through Hadoop's FileSystem: round trip, pointer, pruning, guards. */
class CheckpointStoreTest {
    @TempDir
    Path dir;

    private static GanConfig config(String... overrides) {
        return ConfigLoader.parse("data.source = ring8\ntrain.ema-decay = 0.9", "ckpt", List.of(overrides));
    }

    /** A state whose parameters, Adam states and EMA all differ from a fresh one. */
    private static GanState trained(GanConfig config) {
        GanState state = GanState.fresh(config, new long[]{2});
        state.generator().params().addi(Nd4j.rand(state.generator().params().shape()));
        state.discriminator().params().subi(0.25);
        state.generator().getUpdater().getStateViewArray().assign(0.125);
        state.discriminator().getUpdater().getStateViewArray().assign(0.5);
        state.generatorAverage().assign(0.75);
        state.setCounters(17, 34);
        return state;
    }

    private static CheckpointState at(int epoch, int iteration) {
        return new CheckpointState(new TrainingPosition(epoch, iteration), 17, 34, 0.5, 1, 1000, 2.5, 123, 42, false);
    }

    @Test
    void aRestoredStateIsBitIdenticalWithItsCountersAndPosition() {
        GanConfig config = config();
        GanState saved = trained(config);
        CheckpointStore store = CheckpointStore.open(config, dir);
        store.write(saved, at(3, 40), config.resolved());

        GanState fresh = GanState.fresh(config, new long[]{2});
        assertNotEquals(ParamsDigest.of(saved), ParamsDigest.of(fresh));
        CheckpointStore.Restored restored = store.restore(store.latest().orElseThrow(), fresh, config);

        assertEquals(ParamsDigest.of(saved), ParamsDigest.of(fresh));
        assertEquals(saved.generator().getUpdater().getStateViewArray(), fresh.generator().getUpdater().getStateViewArray());
        assertEquals(saved.discriminator().getUpdater().getStateViewArray(),
                fresh.discriminator().getUpdater().getStateViewArray());
        assertEquals(17, fresh.generatorSteps());
        assertEquals(34, fresh.discriminatorSteps());
        assertEquals(at(3, 40), restored.state());
        assertThat(restored.changedKeys()).isEmpty();
    }

    @Test
    void latestFollowsThePointerKeepsTheNewestNAndIgnoresHalfWrittenFolders() throws IOException {
        GanConfig config = config("checkpoint.keep=2");
        GanState state = trained(config);
        CheckpointStore store = CheckpointStore.open(config, dir);
        for (int epoch = 1; epoch <= 4; epoch++) {
            store.write(state, at(epoch, 0), config.resolved());
        }
        Path root = dir.resolve("checkpoints");
        assertThat(names(root)).containsExactly("LATEST", "ckpt-e00003-i00000000", "ckpt-e00004-i00000000");
        assertEquals("ckpt-e00004-i00000000", store.latest().orElseThrow());

        // A write cut off half-way (no state.json) and a lost pointer: the newest complete one is used.
        Files.createDirectories(root.resolve("_tmp-ckpt-e00005-i00000000"));
        Files.createDirectories(root.resolve("ckpt-e00006-i00000000"));
        Files.writeString(root.resolve("ckpt-e00006-i00000000/generator.zip"), "half");
        Files.delete(root.resolve("LATEST"));
        assertEquals("ckpt-e00004-i00000000", store.latest().orElseThrow());
    }

    @Test
    void anEmptyStoreHasNoLatest() {
        assertThat(CheckpointStore.open(config(), dir).latest()).isEmpty();
    }

    @Test
    void aCheckpointFromAnIncompatibleConfigIsRefusedNamingKeyAndValues() {
        GanConfig config = config();
        CheckpointStore store = CheckpointStore.open(config, dir);
        store.write(trained(config), at(1, 0), config.resolved());

        GanConfig wider = config("model.mlp.generator-widths=[128, 128]", "train.epochs=20");
        GanState other = GanState.fresh(wider, new long[]{2});
        assertThatThrownBy(() -> store.restore(store.latest().orElseThrow(), other, wider))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("incompatible config")
                .hasMessageContaining("model.mlp.generator-widths: [256,256] in the checkpoint, [128,128] now")
                .hasMessageNotContaining("train.epochs");

        GanConfig longer = config("train.epochs=20");
        CheckpointStore.Restored r = store.restore(store.latest().orElseThrow(), GanState.fresh(longer, new long[]{2}), longer);
        assertThat(r.changedKeys()).containsExactly("train.epochs: 10 in the checkpoint, 20 now");
    }

    @Test
    void aCheckpointOfAnOlderVersionWithoutANewKeyResumesWhileThatKeyKeepsItsDefault() throws IOException {
        // a version that did not know loss.r1-gamma behaved as its default, 0
        GanConfig config = config();
        CheckpointStore store = writtenByAVersionWithout("r1-gamma", config, trained(config));
        CheckpointStore.Restored r = store.restore(store.latest().orElseThrow(), GanState.fresh(config, new long[]{2}),
                config);
        assertThat(r.changedKeys()).isEmpty();

        GanConfig penalised = config("loss.r1-gamma=1");
        assertThatThrownBy(() -> store.restore(store.latest().orElseThrow(), GanState.fresh(penalised, new long[]{2}),
                penalised)).hasMessageContaining("loss.r1-gamma: (absent) in the checkpoint, 1 now");
    }

    @Test
    void aDcganCheckpointWithDl4jsConvolutionsResumesOnlyWithThemAndSaysSo() throws IOException {
        // versions before model.dcgan.convolution wrote DL4J's ConvolutionLayer, with W laid out [C', C, k, k]
        GanConfig dl4j = dcgan("model.dcgan.convolution = dl4j");
        long[] shape = {1, 28, 28};
        GanState saved = GanState.fresh(dl4j, shape);
        CheckpointStore store = writtenByAVersionWithout("convolution", dl4j, saved);

        GanConfig now = dcgan("");
        assertThatThrownBy(() -> store.restore(store.latest().orElseThrow(), GanState.fresh(now, shape), now))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("ConvolutionLayer")
                .hasMessageContaining("resume it with model.dcgan.convolution = dl4j");
        GanState resumed = GanState.fresh(dl4j, shape);
        store.restore(store.latest().orElseThrow(), resumed, dl4j);
        assertEquals(ParamsDigest.of(saved), ParamsDigest.of(resumed));
    }

    @Test
    void aDcganCheckpointWithDl4jsBatchNormResumesOnTheOpsBatchNormWithTheSameParameters() throws IOException {
        // versions before model.dcgan.batch-norm wrote DL4J's BatchNormalization; the ops layer holds the same
        // parameters in the same layout, so such a checkpoint resumes under today's default
        GanConfig dl4j = dcgan("model.dcgan.batch-norm = dl4j");
        long[] shape = {1, 28, 28};
        GanState saved = GanState.fresh(dl4j, shape);
        CheckpointStore store = writtenByAVersionWithout("batch-norm", dl4j, saved);

        GanConfig now = dcgan("");
        GanState resumed = GanState.fresh(now, shape);
        assertThat(resumed.generator().getLayerWiseConfigurations().getConf(1).getLayer())
                .isInstanceOf(io.sparkgan.model.layers.OnednnBatchNormalization.class);
        store.restore(store.latest().orElseThrow(), resumed, now);
        assertEquals(ParamsDigest.of(saved), ParamsDigest.of(resumed));
    }

    /** A dcgan28 config of base width 8 with {@code extra} lines. */
    private static GanConfig dcgan(String extra) {
        return ConfigLoader.parse("data.source = idx\ndata.idx.images = x\nmodel.type = dcgan\n"
                + "model.dcgan.base-width = 8\n" + extra, "ckpt", List.of());
    }

    /** A checkpoint of {@code state} whose config text lacks {@code key}, as a version before that key wrote it. */
    private CheckpointStore writtenByAVersionWithout(String key, GanConfig config, GanState state) throws IOException {
        CheckpointStore store = CheckpointStore.open(config, dir);
        String older = config.resolved().replaceAll("(?m)^\\s*\"?" + Pattern.quote(key) + "\"?\\s*[=:].*$", "");
        assertThat(older).isNotEqualTo(config.resolved());
        store.write(state, at(1, 0), older);
        return store;
    }

    @Test
    void aCorruptModelFileIsNamed() throws IOException {
        GanConfig config = config();
        CheckpointStore store = CheckpointStore.open(config, dir);
        store.write(trained(config), at(1, 0), config.resolved());
        Path zip = dir.resolve("checkpoints/ckpt-e00001-i00000000/discriminator.zip");
        Files.write(zip, new byte[]{1, 2, 3});
        assertThatThrownBy(() -> store.restore("ckpt-e00001-i00000000", GanState.fresh(config, new long[]{2}), config))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("ckpt-e00001-i00000000");
    }

    private static List<String> names(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aModelFileWithAJavaSerialisedEntryIsRefusedBeforeDl4jReadsIt() throws IOException {
        GanConfig config = config();
        CheckpointStore store = CheckpointStore.open(config, dir);
        store.write(trained(config), at(1, 0), config.resolved());
        Path zip = dir.resolve("checkpoints/ckpt-e00001-i00000000/generator.zip");
        // Add a "preprocessor.bin" entry: DL4J's ModelSerializer would hand it to ObjectInputStream.
        Path evil = dir.resolve("evil.zip");
        try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(zip));
             var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(evil))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                in.transferTo(out);
            }
            out.putNextEntry(new java.util.zip.ZipEntry("preprocessor.bin"));
            var objects = new java.io.ObjectOutputStream(out);
            objects.writeObject(new java.util.ArrayList<String>());
            objects.flush();
        }
        Files.move(evil, zip, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> store.restore("ckpt-e00001-i00000000", GanState.fresh(config, new long[]{2}), config))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("generator.zip")
                .hasMessageContaining("'preprocessor.bin'")
                .hasMessageContaining("Java deserialisation");
    }

    @Test
    void clearingAStoreDeletesOnlyWhatRunsWroteInASharedCheckpointDir() throws IOException {
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Files.writeString(shared.resolve("other-team-notes.txt"), "keep me");
        Files.createDirectories(shared.resolve("another-run"));
        GanConfig config = config("checkpoint.dir=\"" + shared.toUri() + "\"");
        CheckpointStore store = CheckpointStore.open(config, dir.resolve("run"));
        store.write(trained(config), at(1, 0), config.resolved());
        assertThat(store.latest()).isPresent();

        store.clear();
        assertThat(store.latest()).isEmpty();
        try (Stream<Path> left = Files.list(shared)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("other-team-notes.txt",
                    "another-run");
        }
        CheckpointStore own = CheckpointStore.open(config(), dir.resolve("own-run"));
        own.write(trained(config()), at(1, 0), config().resolved());
        own.clear();
        assertThat(dir.resolve("own-run").resolve("checkpoints")).as("a store's own folder, once empty").doesNotExist();
    }

    @Test
    void writesWithTheSparkHadoopSettingsOfTheLauncher() throws IOException {
        // spark.hadoop.X=Y reaches Hadoop as X=Y: a umask of 077 leaves the checkpoint readable by its owner only
        // (and a file system of its own, not Hadoop's cached one built from an earlier configuration)
        System.setProperty("spark.hadoop.fs.permissions.umask-mode", "077");
        System.setProperty("spark.hadoop.fs.file.impl.disable.cache", "true");
        try {
            GanConfig config = config();
            CheckpointStore.open(config, dir).write(trained(config), at(1, 0), config.resolved());
        } finally {
            System.clearProperty("spark.hadoop.fs.permissions.umask-mode");
            System.clearProperty("spark.hadoop.fs.file.impl.disable.cache");
        }
        Path model = dir.resolve("checkpoints").resolve("ckpt-e00001-i00000000").resolve("generator.zip");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(model)))
                .isEqualTo("rw-------");
        GanConfig config = config();
        CheckpointStore.open(config, dir.resolve("default")).write(trained(config), at(1, 0), config.resolved());
        Path plain = dir.resolve("default").resolve("checkpoints").resolve("ckpt-e00001-i00000000").resolve("generator.zip");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)))
                .isEqualTo("rw-r--r--");
    }

    @Test
    void aDryRunsCheckpointSaysSo() {
        GanConfig config = config();
        CheckpointStore store = CheckpointStore.open(config, dir);
        CheckpointState dry = new CheckpointState(new TrainingPosition(1, 0), 1, 1, 1, 0, 64, 0.1, 0, 42, true);
        store.write(trained(config), dry, config.resolved());
        assertThat(store.restore(store.latest().orElseThrow(), GanState.fresh(config, new long[]{2}), config).state()
                .dryRun()).isTrue();
    }
}
