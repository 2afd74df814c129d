package io.sparkgan.cli;

import io.sparkgan.checkpoint.CheckpointException;
import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.Engine;
import io.sparkgan.config.GanConfig;
import io.sparkgan.config.InvalidConfigException;
import io.sparkgan.data.InvalidDataException;
import io.sparkgan.io.RunDirectory;
import io.sparkgan.platform.SparkUnavailableException;
import io.sparkgan.run.LocalEngine;
import io.sparkgan.run.RunDirectoryPicker;
import io.sparkgan.run.RunSummary;
import io.sparkgan.run.TrainOptions;
import io.sparkgan.spark.SparkEngine;
import io.sparkgan.train.DivergenceException;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** Loads the config, prepares the run directory, runs the engine; maps failures to a message and exit code 1. */
public final class TrainJob {
    private TrainJob() {
    }

    public static int run(Path configFile, List<String> overrides, Path out, boolean dryRun, PrintStream stdout,
                          PrintStream stderr) {
        return run(configFile, overrides, TrainOptions.fresh(out, dryRun), stdout, stderr);
    }

    public static int run(Path configFile, List<String> overrides, TrainOptions options, PrintStream stdout,
                          PrintStream stderr) {
        try {
            GanConfig config = ConfigLoader.load(configFile, overrides);
            RunDirectoryPicker.Prepared prepared = RunDirectoryPicker.prepare(config, options, stdout);
            RunDirectory run = prepared.run();
            boolean resume = options.resume() != null;
            RunSummary summary;
            try {
                summary = config.engine() == Engine.LOCAL
                        ? new LocalEngine(config, run, stdout).train(options.dryRun(), resume)
                        : new SparkEngine(config, run, stdout).train(options.dryRun(), resume);
            } catch (RuntimeException e) {
                prepared.discardIfNeverStarted();   // a run that failed before writing anything leaves nothing
                throw e;
            }
            stdout.printf("done: %d generator steps, %.0f %s/s%s%n", summary.generatorSteps(),
                    summary.samplesPerSecond(), config.data().isPoints() ? "points" : "images",
                    summary.mixtureMetrics().map(m -> String.format(", %d/%d modes, %.1f%% high quality, reverse KL %.4f",
                            m.modesCovered(), m.modesTotal(), 100 * m.highQualityFraction(), m.reverseKl())).orElse(""));
            return 0;
        } catch (InvalidConfigException | InvalidDataException | DivergenceException | CheckpointException
                 | SparkUnavailableException | UncheckedIOException | IllegalArgumentException e) {
            stderr.println("error: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            // Scala code throws the checked SparkException without declaring it.
            if (!(e instanceof org.apache.spark.SparkException)) {
                throw e;
            }
            // A task failed more often than spark.task.maxFailures allows: report its root cause.
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            stderr.println("error: Spark job failed: " + root + " (" + e.getMessage().lines().findFirst().orElse("") + ")");
            return 1;
        }
    }
}
