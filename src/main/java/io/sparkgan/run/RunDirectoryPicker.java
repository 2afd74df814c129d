package io.sparkgan.run;

import io.sparkgan.checkpoint.CheckpointStore;
import io.sparkgan.config.GanConfig;
import io.sparkgan.io.RunDirectory;
import io.sparkgan.platform.Location;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Picks and prepares a job's run directory on any Hadoop file system: --resume DIR continues DIR; a new run goes
 * to --out, output.dir or runs/&lt;name&gt;-&lt;time&gt;, and is refused when that folder is not empty, unless
 * --overwrite and the folder is a spark-gan run directory (it holds the marker {@value RunDirectory#MARKER}): then
 * it and that run's checkpoints are deleted first. A non-empty folder that is not a run directory is never
 * cleared, and never resumed into. Nothing written by an earlier run is touched otherwise.
 */
public final class RunDirectoryPicker {
    private static final int NAMED_FILES = 3;

    private RunDirectoryPicker() {
    }

    /** The prepared directory, and whether this job created it. */
    public record Prepared(RunDirectory run, boolean created) {
        /**
         * After a failure: when the run wrote no file but the marker (it failed loading its data, before the initial
         * checkpoint), removes what this job made, so that the corrected command with the same --out is not
         * refused as "not empty".
         */
        public void discardIfNeverStarted() {
            try {
                Location root = run.root();
                if (!root.isDirectory() || !root.files().stream().allMatch(f -> f.name().equals(RunDirectory.MARKER))) {
                    return;
                }
                if (created) {
                    root.delete();
                } else {
                    run.samples().delete();
                    root.resolve(RunDirectory.CHECKPOINTS_FOLDER).delete();
                    root.resolve(RunDirectory.MARKER).delete();
                }
            } catch (UncheckedIOException e) {
                // best effort: a folder of empty folders is accepted as empty by the next attempt anyway
            }
        }
    }

    public static Prepared prepare(GanConfig config, TrainOptions options, PrintStream stdout) {
        if (options.resume() != null && options.out() != null
                && !Location.of(options.resume()).equals(Location.of(options.out()))) {
            throw new IllegalArgumentException("--resume " + options.resume() + " and --out " + options.out()
                    + " name different run directories; give one of them");
        }
        if (options.resume() != null && options.overwrite()) {
            throw new IllegalArgumentException("--resume and --overwrite contradict each other; give one of them");
        }
        String given = options.resume() != null ? options.resume()
                : options.out() != null ? options.out()
                : !config.output().dir().isBlank() ? config.output().dir()
                : "runs/" + config.name() + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Location dir = Location.of(given);
        if (dir.isFile()) {
            throw new IllegalArgumentException("run directory " + dir + " is a file");
        }
        List<Location> files = dir.isDirectory() ? dir.files() : List.of();
        boolean isRun = RunDirectory.isRunDirectory(dir);
        if (options.resume() != null && !files.isEmpty() && !isRun) {
            throw new IllegalArgumentException("--resume " + dir + ": not a spark-gan run directory (no "
                    + RunDirectory.MARKER + "); it holds " + describe(dir, files) + "; nothing was changed");
        }
        if (options.resume() == null && !files.isEmpty()) {
            if (!options.overwrite()) {
                throw new IllegalArgumentException("run directory " + dir + " is not empty; pass --resume "
                        + given + " to continue its run, or --overwrite to delete it and start over");
            }
            if (!isRun) {
                throw new IllegalArgumentException("--overwrite refuses to clear " + dir + ": it is not a spark-gan run "
                        + "directory (no " + RunDirectory.MARKER + ") and holds " + describe(dir, files)
                        + "; nothing was deleted");
            }
            stdout.println("--overwrite: deleting the run directory " + dir + " and its checkpoints");
            CheckpointStore.open(config, RunDirectory.create(dir)).clear();
            dir.delete();
        }
        boolean created = !dir.exists();
        RunDirectory run = RunDirectory.create(dir);
        stdout.println("run directory: " + run.root());
        return new Prepared(run, created);
    }

    /** "N files, e.g. a, b, c" with paths relative to {@code dir}. */
    private static String describe(Location dir, List<Location> files) {
        String prefix = dir.hadoopPath().toString() + "/";
        String names = files.stream().limit(NAMED_FILES)
                .map(f -> f.hadoopPath().toString().startsWith(prefix)
                        ? f.hadoopPath().toString().substring(prefix.length()) : f.name())
                .collect(Collectors.joining(", "));
        return files.size() + (files.size() == 1 ? " file: " : " files, e.g. ") + names;
    }
}
