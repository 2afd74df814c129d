package io.sparkgan.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * The folder a run writes: config.conf (resolved), metrics.jsonl, samples/, checkpoints/, generator.zip,
 * summary.json. Files that replace earlier content are written to a temporary name and moved into place.
 */
public final class RunDirectory {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path root;

    private RunDirectory(Path root) {
        this.root = root;
    }

    /** Creates the folder (and samples/, checkpoints/); fails with the path when it cannot be written. */
    public static RunDirectory create(Path root) {
        try {
            Files.createDirectories(root.resolve("samples"));
            Files.createDirectories(root.resolve("checkpoints"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run directory " + root.toAbsolutePath() + ": " + e, e);
        }
        if (!Files.isWritable(root)) {
            throw new UncheckedIOException(new IOException("run directory " + root.toAbsolutePath() + " is not writable"));
        }
        return new RunDirectory(root);
    }

    public Path root() {
        return root;
    }

    public Path samples() {
        return root.resolve("samples");
    }

    public Path checkpoints() {
        return root.resolve("checkpoints");
    }

    public Path metricsFile() {
        return root.resolve("metrics.jsonl");
    }

    public Path summaryFile() {
        return root.resolve("summary.json");
    }

    public Path generatorModel() {
        return root.resolve("generator.zip");
    }

    public void writeConfig(String resolvedHocon) {
        writeAtomically(root.resolve("config.conf"), resolvedHocon.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * classes.json, the class names by label index, for a conditional model ({@code generate --class NAME}); nothing
     * for an unconditional one.
     */
    public void writeClasses(io.sparkgan.data.ClassList classes, io.sparkgan.config.GanConfig config) {
        if (config.model().conditional() && classes != null) {
            byte[] json = classes.toJson().getBytes(StandardCharsets.UTF_8);
            writeAtomically(root.resolve(io.sparkgan.data.ClassList.FILE_NAME), json);
        }
    }

    /** Appends one JSON object as a line of metrics.jsonl. Non-finite numbers are written as null. */
    public void appendMetrics(Map<String, Object> record) {
        try {
            String line = JSON.writeValueAsString(finiteOrNull(record)) + "\n";
            Files.writeString(metricsFile(), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + metricsFile() + ": " + e, e);
        }
    }

    /** Bytes in metrics.jsonl now (0 when absent): a checkpoint records it. */
    public long metricsBytes() {
        try {
            return Files.exists(metricsFile()) ? Files.size(metricsFile()) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + metricsFile() + ": " + e, e);
        }
    }

    /**
     * Cuts metrics.jsonl back to its first {@code bytes} bytes: a resumed run drops the lines written after
     * the checkpoint it continues from, so every interval appears once.
     */
    public void truncateMetrics(long bytes) {
        if (!Files.exists(metricsFile())) {
            return;
        }
        try (var channel = java.nio.channels.FileChannel.open(metricsFile(), StandardOpenOption.WRITE)) {
            channel.truncate(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot truncate " + metricsFile() + ": " + e, e);
        }
    }

    public void writeSummary(Map<String, Object> summary) {
        try {
            byte[] bytes = JSON.copy().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsBytes(finiteOrNull(summary));
            writeAtomically(summaryFile(), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + summaryFile() + ": " + e, e);
        }
    }

    /** Writes to "name.tmp" beside the target and renames it into place, so a reader never sees half a file. */
    public static void writeAtomically(Path target, byte[] bytes) {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target.toAbsolutePath() + ": " + e, e);
        }
    }

    private static Map<String, Object> finiteOrNull(Map<String, Object> record) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        record.forEach((k, v) -> out.put(k, v instanceof Double d && !Double.isFinite(d) ? null : v));
        return out;
    }
}
