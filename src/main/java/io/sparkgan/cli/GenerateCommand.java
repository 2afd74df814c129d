package io.sparkgan.cli;

import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import io.sparkgan.platform.Location;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code jobs/generate.sh (--model G.zip | --run DIR) --out PATH [--count N] [--seed S] [--format png|idx|grid]
 * [--class C] [--interpolate STEPS] [key=value ...]}: parses and delegates to {@link GenerateJob}.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Draw samples from a generator model: PNG files, an IDX file, one grid PNG, or a latent "
                + "interpolation strip.")
public final class GenerateCommand implements Callable<Integer> {
    /** Which generator: exactly one. */
    static final class Which {
        @Option(names = "--model", paramLabel = "G.zip", description = "a generator model file (ModelSerializer zip)",
                converter = LocationConverter.class)
        Location model;

        @Option(names = "--run", paramLabel = "DIR", description = "a run directory: its generator.zip and config.conf",
                converter = LocationConverter.class)
        Location run;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    @Option(names = "--out", required = true, paramLabel = "PATH",
            description = "a folder (png), a .idx or .gz file (idx), or a .png file (grid, interpolation strip)",
                    converter = LocationConverter.class)
    Location out;

    @Option(names = "--format", description = "png | idx | grid (default: from --out: .png = grid, .idx/.gz = idx, else png)")
    String format;

    @Option(names = {"-n", "--count"}, paramLabel = "N", description = "samples (default 64)")
    int count = 64;

    @Option(names = "--seed", description = "seed of the latent vectors (default: the config's seed)")
    Long seed;

    @Option(names = "--class", paramLabel = "C",
            description = "class of a conditional generator, by name (classes.json) or number")
    String label;

    @Option(names = "--interpolate", paramLabel = "STEPS",
            description = "write a strip of STEPS images along the line between two seeded latent vectors")
    Integer interpolate;

    @Option(names = "--config", paramLabel = "FILE", description = "experiment file (model.latent-dim, model.prior)")
    Path config;

    @Parameters(paramLabel = "KEY=VALUE", description = "config overrides, e.g. model.prior=uniform")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() {
        return GenerateJob.run(new GenerateJob.Request(which.model, which.run, out, format, count, seed, label,
                interpolate, config, overrides), System.out, System.err);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new GenerateCommand()).execute(args));
    }
}
