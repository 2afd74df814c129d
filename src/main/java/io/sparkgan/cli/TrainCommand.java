package io.sparkgan.cli;

import io.sparkgan.run.TrainOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code jobs/train.sh CONFIG [key=value ...] [--out DIR | --resume DIR] [--overwrite] [--dry-run]}: parses and
 * delegates to {@link TrainJob}.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a GAN from a HOCON experiment file; key=value arguments override its keys.")
public final class TrainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "experiment file, e.g. conf/ring8.conf")
    Path config;

    @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "overrides, e.g. train.epochs=5")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "run directory, any Hadoop path (default runs/<name>-<time>)")
    String out;

    @Option(names = "--resume", paramLabel = "DIR", description = "continue the run in DIR from its latest complete "
            + "checkpoint (starts a new run there when it has none yet, so a retried job resumes)")
    String resume;

    @Option(names = "--overwrite", description = "clear a spark-gan run directory and its checkpoints, then start over "
            + "(a non-empty folder that is not a run directory is refused)")
    boolean overwrite;

    @Option(names = "--dry-run", description = "check one step of everything and exit")
    boolean dryRun;

    @Override
    public Integer call() {
        return TrainJob.run(config, overrides, new TrainOptions(out, resume, overwrite, dryRun), System.out, System.err);
    }

    public static void main(String[] args) throws org.apache.spark.SparkUserAppException {
        MainExit.exit(new CommandLine(new TrainCommand()).execute(args));
    }
}
