package io.sparkgan.cli;

import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import io.sparkgan.platform.Location;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code jobs/translate.sh (--model G.zip | --run DIR) --direction AB|BA --in PATH --out PATH [--image-column C]
 * [key=value ...]}: parses and delegates to {@link TranslateJob}.
 */
@Command(name = "translate", mixinStandardHelpOptions = true,
        description = "Map images through a CycleGAN generator: an image folder, an IDX file or Parquet in, the same "
                + "kind out.")
public final class TranslateCommand implements Callable<Integer> {
    /** Which generator: exactly one. */
    static final class Which {
        @Option(names = "--model", paramLabel = "G.zip", description = "a generator model file (ModelSerializer zip)",
                converter = LocationConverter.class)
        Location model;

        @Option(names = "--run", paramLabel = "DIR", description = "a CycleGAN run directory (generator.zip = G_AB, "
                + "generator-ba.zip = G_BA)", converter = LocationConverter.class)
        Location run;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    @Option(names = "--direction", paramLabel = "AB|BA", description = "AB: A to B (G_AB), BA: B to A (G_BA); "
            + "needed with --run")
    String direction;

    @Option(names = "--in", required = true, paramLabel = "PATH",
            description = "an image folder, an IDX file (.gz or not), or Parquet (a .parquet file or a folder of them)",
                    converter = LocationConverter.class)
    Location in;

    @Option(names = "--out", required = true, paramLabel = "PATH", description = "where the same kind is written",
            converter = LocationConverter.class)
    Location out;

    @Option(names = "--image-column", paramLabel = "C", description = "Parquet column of encoded images (default image)")
    String imageColumn = "image";

    @Parameters(paramLabel = "KEY=VALUE", description = "config overrides for Parquet's Spark, e.g. spark.master=local[4]")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() {
        return TranslateJob.run(new TranslateJob.Request(which.model, which.run, direction, in, out, imageColumn,
                overrides), System.out, System.err);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new TranslateCommand()).execute(args));
    }
}
