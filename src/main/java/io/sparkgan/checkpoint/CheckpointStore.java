package io.sparkgan.checkpoint;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparkgan.config.GanConfig;
import io.sparkgan.io.RunDirectory;
import io.sparkgan.io.SafeModelBytes;
import io.sparkgan.platform.Location;
import io.sparkgan.train.GanState;
import io.sparkgan.train.OuterState;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run's checkpoints on any Hadoop file system. Layout:
 * <pre>
 *   DIR/LATEST                      the name of the latest complete checkpoint
 *   DIR/ckpt-e00003-i00000000/      generator.zip, discriminator.zip (ModelSerializer, with Adam states),
 *                                   generator-ema.bin (ND4J binary, when EMA is on), spectral-vectors.bin
 *                                   (when loss.lipschitz = spectral), state.json, config.conf; for CycleGAN
 *                                   also generator-ba.zip, discriminator-a.zip, history-pools.bin; with the
 *                                   Spark engine's outer optimizer outer-NETWORK.bin and outer-steps.bin
 *   DIR/_tmp-ckpt-.../              a checkpoint being written
 * </pre>
 * A checkpoint is written under its _tmp- name and renamed into place, then LATEST is replaced, then all
 * but the newest {@code keep} are deleted. A reader trusts LATEST, and when LATEST is missing or names a
 * folder that is gone, the newest folder with a state.json: a write cut off half-way is never read.
 * Models are read with ModelSerializer and the rest as JSON and ND4J arrays: no Java deserialisation.
 */
public final class CheckpointStore {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String LATEST = "LATEST";
    private static final String TMP = "_tmp-";
    private static final String STATE = "state.json";
    private static final String EMA = "generator-ema.bin";
    private static final String LIPSCHITZ = "spectral-vectors.bin";
    /** CycleGAN: G_BA and D_A beside generator.zip (G_AB) and discriminator.zip (D_B), and both history pools. */
    private static final String REVERSE_GENERATOR = "generator-ba.zip";
    private static final String REVERSE_DISCRIMINATOR = "discriminator-a.zip";
    private static final String POOLS = "history-pools.bin";
    private static final String OUTER_STEPS = "outer-steps.bin";
    /** ADA's [p, S, N] (train.augment.adaptive). */
    private static final String AUGMENT = "augment-state.bin";
    private final FileSystem fs;
    private final Path root;
    private final Location latestFile;
    private final int keep;
    private final int stallEpoch;

    private CheckpointStore(Location dir, int keep, int stallEpoch) {
        this.fs = dir.fileSystem();
        this.root = dir.hadoopPath();
        this.latestFile = dir.resolve(LATEST);
        this.keep = keep;
        this.stallEpoch = stallEpoch;
    }

    /**
     * The store of a run: RUN_DIR/checkpoints, or the run's own subfolder (its run id) of {@code checkpoint.dir},
     * so that runs sharing a checkpoint.dir never read, mix or delete each other's checkpoints.
     */
    public static CheckpointStore open(GanConfig config, RunDirectory run) {
        Location dir;
        try {
            dir = run.checkpoints(config);
        } catch (java.io.UncheckedIOException | IllegalArgumentException e) {
            throw new CheckpointException("cannot reach checkpoint directory " + config.checkpoint().dir()
                    + " (checkpoint.dir): " + e.getMessage(), e);
        }
        return new CheckpointStore(dir, config.checkpoint().keep(),
                config.checkpoint().injectStallEpoch());
    }

    /** The store of a local run directory (made one when it is not yet). */
    public static CheckpointStore open(GanConfig config, java.nio.file.Path runDir) {
        try {
            return open(config, RunDirectory.create(runDir));
        } catch (java.io.UncheckedIOException | IllegalArgumentException e) {
            throw new CheckpointException("cannot reach checkpoint directory of " + runDir + ": " + e.getMessage(), e);
        }
    }

    public String location() {
        return root.toString();
    }

    /** Writes the whole state as the checkpoint of {@code meta.position()}, then points LATEST at it. */
    public String write(GanState state, CheckpointState meta, String resolvedConfig) {
        String name = meta.position().checkpointName();
        Path tmp = new Path(root, TMP + name);
        Path target = new Path(root, name);
        try {
            fs.delete(tmp, true);
            if (!fs.mkdirs(tmp)) {
                throw new IOException("mkdirs failed");
            }
            try (OutputStream out = fs.create(new Path(tmp, "generator.zip"), true)) {
                ModelSerializer.writeModel(state.generator(), out, true);
            }
            maybeStall(meta, tmp);
            try (OutputStream out = fs.create(new Path(tmp, "discriminator.zip"), true)) {
                ModelSerializer.writeModel(state.discriminator(), out, true);
            }
            writeArray(new Path(tmp, EMA), state.generatorAverage());
            writeArray(new Path(tmp, LIPSCHITZ), state.lipschitzState());
            writeArray(new Path(tmp, AUGMENT), state.augmentState());
            if (state.isCycle()) {
                writeModel(new Path(tmp, REVERSE_GENERATOR), state.reverse().generator());
                writeModel(new Path(tmp, REVERSE_DISCRIMINATOR), state.reverse().discriminator());
                writeArray(new Path(tmp, POOLS), state.pools());
            }
            if (state.outer() != null) {
                for (var e : state.outer().buffers().entrySet()) {
                    writeArray(new Path(tmp, e.getKey().fileName()), e.getValue());
                }
                writeArray(new Path(tmp, OUTER_STEPS), state.outer().steps());
            }
            writeText(new Path(tmp, "config.conf"), resolvedConfig);
            writeText(new Path(tmp, STATE), JSON.writeValueAsString(meta.toJson()));
            fs.delete(target, true);
            if (!fs.rename(tmp, target)) {
                throw new IOException("rename of " + tmp + " to " + target + " failed");
            }
            // replaced atomically where the file system can (Location.write): a reader sees the old or the new name
            latestFile.writeString(name + "\n");
            prune(name);
            return target.toString();
        } catch (IOException e) {
            throw new CheckpointException("cannot write checkpoint " + target + ": " + e.getMessage(), e);
        }
    }

    /** The latest complete checkpoint's name, if any. */
    public Optional<String> latest() {
        try {
            Path latest = new Path(root, LATEST);
            if (fs.exists(latest)) {
                String name = readText(latest).trim();
                if (fs.exists(new Path(new Path(root, name), STATE))) {
                    return Optional.of(name);
                }
            }
            return complete().stream().reduce((a, b) -> b);
        } catch (IOException e) {
            throw new CheckpointException("cannot read checkpoint directory " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads checkpoint {@code name} into {@code state} (parameters, batch-norm statistics, Adam states, EMA,
     * counters) after checking that it comes from a compatible config; returns its counters and the config
     * keys that changed since (allowed ones), for the log.
     */
    public Restored restore(String name, GanState state, GanConfig config) {
        Path dir = new Path(root, name);
        String where = "checkpoint " + dir;
        try {
            List<String> changed = ConfigCompatibility.check(readText(new Path(dir, "config.conf")), config.resolved(), where);
            Map<String, Object> json = JSON.readValue(readText(new Path(dir, STATE)), new TypeReference<>() { });
            CheckpointState meta = CheckpointState.fromJson(json, where + "/" + STATE);
            copy(readModel(new Path(dir, "generator.zip")), state.generator(), where + ": generator");
            copy(readModel(new Path(dir, "discriminator.zip")), state.discriminator(), where + ": discriminator");
            readArray(new Path(dir, EMA), state.generatorAverage(), where + ": generator EMA");
            readArray(new Path(dir, LIPSCHITZ), state.lipschitzState(), where + ": spectral normalisation vectors");
            if (state.isCycle()) {
                copy(readModel(new Path(dir, REVERSE_GENERATOR)), state.reverse().generator(), where + ": G_BA");
                copy(readModel(new Path(dir, REVERSE_DISCRIMINATOR)), state.reverse().discriminator(), where + ": D_A");
                readArray(new Path(dir, POOLS), state.pools(), where + ": history pools");
            }
            if (state.outer() != null) {
                restoreOuter(dir, state.outer(), where);
            }
            // a checkpoint of a run without ADA leaves p at 0, where a run with it starts
            if (state.augmentState() != null && fs.exists(new Path(dir, AUGMENT))) {
                readArray(new Path(dir, AUGMENT), state.augmentState(), where + ": adaptive augmentation state");
            }
            state.setCounters(meta.generatorSteps(), meta.discriminatorSteps());
            return new Restored(name, meta, changed);
        } catch (IOException | RuntimeException e) {
            if (e instanceof CheckpointException c) {
                throw c;
            }
            throw new CheckpointException("cannot read " + where + ": " + e, e);
        }
    }

    /**
     * The outer optimizer's buffers, when the checkpoint has them in this optimizer's shape; a checkpoint of a run
     * that averaged (or used another outer optimizer) leaves them at zero: the outer state starts afresh.
     */
    private void restoreOuter(Path dir, OuterState outer, String where) throws IOException {
        for (var e : outer.buffers().entrySet()) {
            Path file = new Path(dir, e.getKey().fileName());
            if (!fs.exists(file) || !java.util.Arrays.equals(readArrayShape(file), e.getValue().shape())) {
                return;
            }
        }
        for (var e : outer.buffers().entrySet()) {
            readArray(new Path(dir, e.getKey().fileName()), e.getValue(), where + ": outer optimizer state");
        }
        readArray(new Path(dir, OUTER_STEPS), outer.steps(), where + ": outer optimizer steps");
    }

    private long[] readArrayShape(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(fs.open(file))) {
            return Nd4j.read(in).shape();
        }
    }

    private void writeModel(Path file, MultiLayerNetwork net) throws IOException {
        try (OutputStream out = fs.create(file, true)) {
            ModelSerializer.writeModel(net, out, true);
        }
    }

    /** Writes {@code array} (ND4J's binary format) to {@code file}; nothing when it is null (that state is off). */
    private void writeArray(Path file, INDArray array) throws IOException {
        if (array != null) {
            try (DataOutputStream out = new DataOutputStream(fs.create(file, true))) {
                Nd4j.write(array, out);
            }
        }
    }

    /** Reads {@code file} into {@code target} in place; nothing when {@code target} is null (that state is off). */
    private void readArray(Path file, INDArray target, String what) throws IOException {
        if (target != null) {
            try (DataInputStream in = new DataInputStream(fs.open(file))) {
                assign(target, Nd4j.read(in), what);
            }
        }
    }

    /** A loaded checkpoint: its name, counters, and the allowed config changes since it was written. */
    public record Restored(String name, CheckpointState state, List<String> changedKeys) {
    }

    /**
     * Deletes what runs wrote into this store (for --overwrite): LATEST, the ckpt-* and _tmp-* entries, and
     * the folder itself only when nothing else is left in it. Other files in a shared checkpoint.dir stay.
     */
    public void clear() {
        try {
            if (!fs.exists(root)) {
                return;
            }
            for (FileStatus s : fs.listStatus(root)) {
                String n = s.getPath().getName();
                if (n.startsWith(LATEST) || n.startsWith("ckpt-") || n.startsWith(TMP)) {
                    fs.delete(s.getPath(), true);
                }
            }
            if (fs.listStatus(root).length == 0) {
                fs.delete(root, false);
            }
        } catch (IOException e) {
            throw new CheckpointException("cannot delete checkpoint directory " + root + ": " + e.getMessage(), e);
        }
    }

    private List<String> complete() throws IOException {
        List<String> names = new ArrayList<>();
        if (!fs.exists(root)) {
            return names;
        }
        for (FileStatus s : fs.listStatus(root)) {
            String n = s.getPath().getName();
            if (s.isDirectory() && n.startsWith("ckpt-") && fs.exists(new Path(s.getPath(), STATE))) {
                names.add(n);
            }
        }
        names.sort(Comparator.naturalOrder());
        return names;
    }

    /** Keeps the newest {@code keep} checkpoints (never the one just written) and drops stale _tmp- folders. */
    private void prune(String newest) throws IOException {
        List<String> names = complete();
        for (int i = 0; i < names.size() - keep; i++) {
            if (!names.get(i).equals(newest)) {
                fs.delete(new Path(root, names.get(i)), true);
            }
        }
        for (FileStatus s : fs.listStatus(root)) {
            if (s.getPath().getName().startsWith(TMP + "ckpt-")) {
                fs.delete(s.getPath(), true);
            }
        }
    }

    private void maybeStall(CheckpointState meta, Path tmp) {
        if (stallEpoch >= 0 && meta.position().iteration() == 0 && meta.position().epoch() == stallEpoch + 1) {
            PrintStream err = System.err;
            err.println("checkpoint.inject-stall: stalling half-way through writing " + tmp);
            err.flush();
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private MultiLayerNetwork readModel(Path zip) throws IOException {
        byte[] bytes;
        try (InputStream in = fs.open(zip)) {
            bytes = in.readAllBytes();
        }
        SafeModelBytes.check(bytes, zip.toString());
        return ModelSerializer.restoreMultiLayerNetwork(new java.io.ByteArrayInputStream(bytes), true);
    }

    private static void copy(MultiLayerNetwork from, MultiLayerNetwork to, String what) {
        List<String> saved = layerTypes(from);
        List<String> built = layerTypes(to);
        if (!saved.equals(built)) {
            // the same parameter count can hold another layout (a conv2d-op layer's W is [k, k, C, C'], DL4J's
            // [C', C, k, k]), so the layers are compared before the flat parameters are copied
            throw new CheckpointException(what + " has the layers " + saved + ", the network built from this config "
                    + built + (saved.contains("ConvolutionLayer") && built.contains("Convolution")
                    ? ": it was written with DL4J's convolution layers; resume it with model.dcgan.convolution = dl4j"
                    : saved.contains("Convolution") && built.contains("ConvolutionLayer")
                    ? ": it was written with the conv2d-op layers; resume it with model.dcgan.convolution = onednn"
                    : ": the checkpoint comes from an incompatible config"));
        }
        assign(to.params(), from.params(), what + " parameters");
        INDArray updater = from.getUpdater() == null ? null : from.getUpdater().getStateViewArray();
        INDArray target = to.getUpdater().getStateViewArray();
        if (updater != null && target != null) {
            assign(target, updater, what + " Adam state");
        }
    }

    private static List<String> layerTypes(MultiLayerNetwork net) {
        List<String> types = new ArrayList<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            // DL4J's batch norm and its subclass on the batchnorm ops hold the same parameters in the same layout
            org.deeplearning4j.nn.conf.layers.Layer layer = net.getLayer(i).conf().getLayer();
            types.add(layer instanceof BatchNormalization ? "BatchNormalization" : layer.getClass().getSimpleName());
        }
        return types;
    }

    private static void assign(INDArray target, INDArray values, String what) {
        if (target.length() != values.length()) {
            throw new CheckpointException(what + " holds " + values.length() + " values, the network built from "
                    + "this config " + target.length() + ": the checkpoint comes from an incompatible config");
        }
        target.assign(values.reshape(target.shape()).castTo(target.dataType()));
    }

    private void writeText(Path path, String text) throws IOException {
        try (OutputStream out = fs.create(path, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private String readText(Path path) throws IOException {
        try (InputStream in = fs.open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
