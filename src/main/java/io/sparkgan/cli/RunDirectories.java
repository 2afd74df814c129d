package io.sparkgan.cli;

import io.sparkgan.checkpoint.CheckpointStore;
import io.sparkgan.config.GanConfig;
import io.sparkgan.io.RunDirectory;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Picks and prepares a job's run directory: --resume DIR continues DIR; a new run goes to --out, output.dir
 * or runs/&lt;name&gt;-&lt;time&gt;, and is refused when that folder is not empty, unless --overwrite, which
 * deletes it and the run's checkpoints first. Nothing written by an earlier run is touched otherwise.
 */
public final class RunDirectories {
    private RunDirectories() {
    }

    /** The prepared directory, and whether this job created it. */
    public record Prepared(RunDirectory run, boolean created) {
        /**
         * After a failure: when the run wrote no file (it failed loading its data, before the initial
         * checkpoint), removes the empty folders this job made, and the run directory if this job created it,
         * so that the corrected command with the same --out is not refused as "not empty".
         */
        public void discardIfNeverStarted() {
            Path root = run.root();
            if (!Files.isDirectory(root) || !holdsNoFile(root)) {
                return;
            }
            try {
                Files.deleteIfExists(run.samples());
                Files.deleteIfExists(run.checkpoints());
                if (created) {
                    Files.deleteIfExists(root);
                }
            } catch (IOException e) {
                // best effort: a folder of empty folders is accepted as empty by the next attempt anyway
            }
        }
    }

    public static Prepared prepare(GanConfig config, TrainOptions options, PrintStream stdout) {
        if (options.resume() != null && options.out() != null
                && !options.resume().toAbsolutePath().normalize().equals(options.out().toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("--resume " + options.resume() + " and --out " + options.out()
                    + " name different run directories; give one of them");
        }
        if (options.resume() != null && options.overwrite()) {
            throw new IllegalArgumentException("--resume and --overwrite contradict each other; give one of them");
        }
        Path dir = options.resume() != null ? options.resume()
                : options.out() != null ? options.out()
                : !config.output().dir().isBlank() ? Path.of(config.output().dir())
                : Path.of("runs", config.name() + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (options.resume() == null && !isEmpty(dir)) {
            if (!options.overwrite()) {
                throw new IllegalArgumentException("run directory " + dir.toAbsolutePath() + " is not empty; pass --resume "
                        + dir + " to continue its run, or --overwrite to delete it and start over");
            }
            stdout.println("--overwrite: deleting " + dir.toAbsolutePath() + " and its checkpoints");
            CheckpointStore.open(config, dir).clear();
            deleteTree(dir);
        }
        boolean created = !Files.exists(dir);
        RunDirectory run = RunDirectory.create(dir);
        stdout.println("run directory: " + run.root().toAbsolutePath());
        return new Prepared(run, created);
    }

    /** No such folder, or one that holds no file (at most the empty folders of a run that never started). */
    private static boolean isEmpty(Path dir) {
        if (!Files.exists(dir)) {
            return true;
        }
        if (!Files.isDirectory(dir)) {
            throw new UncheckedIOException(new IOException("run directory " + dir.toAbsolutePath() + " is a file"));
        }
        return holdsNoFile(dir);
    }

    private static boolean holdsNoFile(Path dir) {
        try (Stream<Path> entries = Files.walk(dir)) {
            return entries.noneMatch(p -> !Files.isDirectory(p));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read run directory " + dir.toAbsolutePath() + ": " + e, e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir.toAbsolutePath() + ": " + e, e);
        }
    }
}
