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
 * {@code jobs/evaluate.sh (--model G.zip | --run DIR | --samples PATH) [--real IMAGES] ... [--out FILE] [key=value ...]}:
 * parses and delegates to {@link EvaluateJob}.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Score a generator (or a set of samples) against a real data set: Frechet distance, classifier "
                + "score, classes present, precision and recall in a reference classifier's feature space, each beside "
                + "its real-data floor; the mode metrics for 2-D mixtures.")
public final class EvaluateCommand implements Callable<Integer> {
    /** What is scored: exactly one. */
    static final class What {
        @Option(names = "--model", paramLabel = "G.zip", description = "a generator model file (ModelSerializer zip)",
                converter = LocationConverter.class)
        Location model;

        @Option(names = "--run", paramLabel = "DIR", description = "a run directory: its generator.zip and config.conf",
                converter = LocationConverter.class)
        Location run;

        @Option(names = "--samples", paramLabel = "PATH", description = "samples from anywhere: an IDX images file or an image folder",
                converter = LocationConverter.class)
        Location samples;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    @Option(names = "--real", paramLabel = "IMAGES", description = "real training images (IDX3); default: the config's data.idx.images")
    String real;

    @Option(names = "--real-labels", paramLabel = "LABELS", description = "their labels (IDX1); default: the labels file named like the images")
    String realLabels;

    @Option(names = "--test-images", paramLabel = "IMAGES", description = "test split; default: t10k-* beside the training files")
    String testImages;

    @Option(names = "--test-labels", paramLabel = "LABELS", description = "test labels; default: named like the test images")
    String testLabels;

    @Option(names = "--config", paramLabel = "FILE", description = "experiment file for the other settings (default: the run's config.conf, else reference.conf)")
    Path config;

    @Option(names = "--count", paramLabel = "N", description = "samples to draw or read (default evaluation.samples)")
    Integer count;

    @Option(names = "--seed", description = "seed of the latent vectors and of the real subsets (default: the config's seed)")
    Long seed;

    @Option(names = "--out", paramLabel = "FILE", description = "write the metrics as JSON to FILE",
            converter = LocationConverter.class)
    Location out;

    @Parameters(paramLabel = "KEY=VALUE", description = "config overrides, e.g. evaluation.precision-recall-k=5")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() {
        return EvaluateJob.run(new EvaluateJob.Request(what.model, what.run, what.samples, real, realLabels, testImages,
                testLabels, config, count, seed, out, overrides), System.out, System.err);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new EvaluateCommand()).execute(args));
    }
}
