package io.sparkgan.io;

import io.sparkgan.platform.Location;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparkgan.config.GanConfig;
import io.sparkgan.data.ClassList;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The folder a run writes, on any Hadoop file system ({@link Location}): the marker {@value #MARKER}, config.conf
 * (resolved), metrics.jsonl, samples/, checkpoints/, generator.zip, summary.json, report.html. Files that replace
 * earlier content are written atomically where the file system allows it ({@link Location#write}).
 *
 * <p>The marker, written when the folder is made a run directory, holds the run's id: it tells {@code --overwrite}
 * that the folder is a run (and so may be cleared), and names this run's subfolder of a shared
 * {@code checkpoint.dir}, so that runs sharing one never read or delete each other's checkpoints.
 */
public final class RunDirectory {
    /** The run-directory marker: JSON with the run's id and when the folder became a run directory. */
    public static final String MARKER = "_SPARK_GAN_RUN";
    public static final String CONFIG_FILE = "config.conf";
    public static final String METRICS_FILE = "metrics.jsonl";
    public static final String SUMMARY_FILE = "summary.json";
    public static final String GENERATOR_FILE = "generator.zip";
    /** The final discriminator (the Spark ML API's realness scorer reads it); for a CycleGAN D_B. */
    public static final String DISCRIMINATOR_FILE = "discriminator.zip";
    /** A CycleGAN's second generator G_BA and discriminator D_A (generator.zip is G_AB). */
    public static final String REVERSE_GENERATOR_FILE = "generator-ba.zip";
    public static final String REVERSE_DISCRIMINATOR_FILE = "discriminator-a.zip";
    public static final String SAMPLES_FOLDER = "samples";
    public static final String CHECKPOINTS_FOLDER = "checkpoints";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Location root;
    private final String runId;

    private RunDirectory(Location root, String runId) {
        this.root = root;
        this.runId = runId;
    }

    /**
     * Makes {@code root} a run directory (and samples/, checkpoints/), or opens it when it already is one; fails with
     * the path when it cannot be written.
     */
    public static RunDirectory create(Location root) {
        try {
            root.resolve(SAMPLES_FOLDER).mkdirs();
            root.resolve(CHECKPOINTS_FOLDER).mkdirs();
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("cannot create run directory " + root + ": " + e.getMessage(), e.getCause());
        }
        Location marker = root.resolve(MARKER);
        java.util.Optional<String> existing = runIdOf(root);
        String id = existing.orElseGet(() -> newRunId(root.name()));
        if (existing.isEmpty()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("run_id", id);
            json.put("created", java.time.OffsetDateTime.now().toString());
            try {
                marker.write(JSON.writeValueAsBytes(json));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + marker + ": " + e.getMessage(), e);
            }
        }
        return new RunDirectory(root, id);
    }

    /** A local run directory (tests, the bench and the lab). */
    public static RunDirectory create(java.nio.file.Path root) {
        return create(Location.local(root));
    }

    /** Whether {@code folder} holds the run-directory marker. */
    public static boolean isRunDirectory(Location folder) {
        return folder.resolve(MARKER).isFile() || isEarlierRunDirectory(folder);
    }

    /**
     * A run directory of a spark-gan version before the marker: its resolved config.conf beside metrics.jsonl or
     * checkpoints/LATEST, which no other folder holds by chance. {@link #create} gives it a marker, so that a run
     * started by the earlier version resumes (and may be overwritten) after an upgrade.
     */
    private static boolean isEarlierRunDirectory(Location folder) {
        return folder.resolve(CONFIG_FILE).isFile() && (folder.resolve(METRICS_FILE).isFile()
                || folder.resolve(CHECKPOINTS_FOLDER).resolve("LATEST").isFile());
    }

    /** The run id in {@code folder}'s marker, if it has one. */
    public static java.util.Optional<String> runIdOf(Location folder) {
        Location marker = folder.resolve(MARKER);
        if (!marker.isFile()) {
            return java.util.Optional.empty();
        }
        try {
            String id = JSON.readTree(marker.readAllBytes()).path("run_id").asText("");
            if (id.isBlank() || !id.matches("[A-Za-z0-9._-]+")) {
                throw new IOException("no valid run_id");
            }
            return java.util.Optional.of(id);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the run-directory marker " + marker + ": " + e.getMessage(), e);
        }
    }

    /** name-yyyyMMdd-HHmmss-8 hex digits: readable, and unique without coordination. */
    private static String newRunId(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return (safe.isEmpty() ? "run" : safe) + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    public Location root() {
        return root;
    }

    public String runId() {
        return runId;
    }

    public Location file(String name) {
        return root.resolve(name);
    }

    public Location samples() {
        return root.resolve(SAMPLES_FOLDER);
    }

    /** The run's own checkpoints folder: RUN/checkpoints, or RUN_ID/ under an external checkpoint.dir. */
    public Location checkpoints(GanConfig config) {
        return config.checkpoint().dir().isBlank() ? root.resolve(CHECKPOINTS_FOLDER)
                : Location.of(config.checkpoint().dir()).resolve(runId);
    }

    public Location metricsFile() {
        return root.resolve(METRICS_FILE);
    }

    public Location summaryFile() {
        return root.resolve(SUMMARY_FILE);
    }

    public Location generatorModel() {
        return root.resolve(GENERATOR_FILE);
    }

    public void writeConfig(String resolvedHocon) {
        root.resolve(CONFIG_FILE).writeString(resolvedHocon);
    }

    /**
     * classes.json, the class names by label index, for a conditional model ({@code generate --class NAME}); nothing
     * for an unconditional one.
     */
    public void writeClasses(ClassList classes, GanConfig config) {
        if (config.model().conditional() && classes != null) {
            root.resolve(ClassList.FILE_NAME).writeString(classes.toJson());
        }
    }

    /** Appends one JSON object as a line of metrics.jsonl. Non-finite numbers are written as null. */
    public void appendMetrics(Map<String, Object> record) {
        try {
            String line = JSON.writeValueAsString(finiteOrNull(record)) + "\n";
            metricsFile().append(line.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + metricsFile() + ": " + e, e);
        }
    }

    /** Bytes in metrics.jsonl now (0 when absent): a checkpoint records it. */
    public long metricsBytes() {
        return metricsFile().exists() ? metricsFile().length() : 0;
    }

    /**
     * Cuts metrics.jsonl back to its first {@code bytes} bytes: a resumed run drops the lines written after
     * the checkpoint it continues from, so every interval appears once.
     */
    public void truncateMetrics(long bytes) {
        metricsFile().truncate(bytes);
    }

    public void writeSummary(Map<String, Object> summary) {
        try {
            byte[] bytes = JSON.copy().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsBytes(finiteOrNull(summary));
            summaryFile().write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + summaryFile() + ": " + e, e);
        }
    }

    private static Map<String, Object> finiteOrNull(Map<String, Object> record) {
        Map<String, Object> out = new LinkedHashMap<>();
        record.forEach((k, v) -> out.put(k, v instanceof Double d && !Double.isFinite(d) ? null : v));
        return out;
    }
}
