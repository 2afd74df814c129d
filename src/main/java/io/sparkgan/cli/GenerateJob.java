package io.sparkgan.cli;

import io.sparkgan.config.GanConfig;
import io.sparkgan.config.InvalidConfigException;
import io.sparkgan.data.ClassList;
import io.sparkgan.data.InvalidDataException;
import io.sparkgan.eval.GeneratorSampler;
import io.sparkgan.io.ImageFiles;
import io.sparkgan.io.ModelStore;
import io.sparkgan.io.RunDirectory;
import io.sparkgan.io.SamplePictures;
import io.sparkgan.platform.Location;
import io.sparkgan.platform.NativeThreads;
import io.sparkgan.source.IdxWriter;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Draws N images from a generator: z ~ prior from the seed (the config's seed unless --seed), then G(z) written
 * as PNG files (sample-00000.png, ...), one IDX3 file of uint8 images, or one grid PNG; or a latent
 * interpolation strip z(t) = (1 - t) z0 + t z1, t = i / (STEPS - 1), between two seeded z.
 */
public final class GenerateJob {
    private GenerateJob() {
    }

    /** null = not given. */
    public record Request(Location model, Location run, Location out, String format, int count, Long seed, String label,
                          Integer interpolate, Path config, List<String> overrides) {
    }

    public static int run(Request request, PrintStream stdout, PrintStream stderr) {
        try {
            stdout.println(generate(request));
            return 0;
        } catch (InvalidConfigException | InvalidDataException | UncheckedIOException | IllegalArgumentException e) {
            stderr.println("error: " + e.getMessage());
            return 1;
        }
    }

    /** The model file's class names (a conditional run stores them in it), else the numbers 0 .. K - 1. */
    private static ClassList classes(Location modelFile, int k) {
        return ModelStore.classes(modelFile).orElse(ClassList.of(k, List.of()));
    }

    /** Writes the output; returns a line saying what was written. */
    static String generate(Request r) {
        List<String> overrides = new ArrayList<>(r.overrides());
        if (r.seed() != null) {
            overrides.add(0, "seed=" + r.seed());
        }
        ToolConfig tool = ToolConfig.load(r.run(), r.config(), overrides);
        GanConfig config = tool.config();
        if (config.cycle().enabled()) {
            throw new IllegalArgumentException("the run " + (r.run() != null ? r.run() : r.config()) + " is a CycleGAN "
                    + "(cycle.enabled = true): its generators translate images rather than draw them from noise; use "
                    + "jobs/translate.sh --run DIR --direction AB|BA --in PATH --out PATH");
        }
        NativeThreads.prepare(config.threads());
        Location modelFile = r.run() != null ? r.run().resolve(RunDirectory.GENERATOR_FILE) : r.model();
        GeneratorSampler sampler = tool.sampler(modelFile);
        if (r.label() != null && sampler.conditionClasses() == 0) {
            throw new IllegalArgumentException("--class " + r.label() + ": the model " + modelFile
                    + " is unconditional (its input size " + sampler.inputSize() + " equals the latent dimension "
                    + sampler.latentDim() + "), so it takes no class; drop --class");
        }
        OptionalInt label = r.label() == null ? OptionalInt.empty()
                : OptionalInt.of(classes(modelFile, sampler.conditionClasses()).index(r.label()));
        if (r.interpolate() != null) {
            return strip(sampler, r, config.seed(), label);
        }
        if (r.count() < 1) {
            throw new IllegalArgumentException("--count " + r.count() + ": give at least 1 sample");
        }
        INDArray images = images(sampler.generate(sampler.latent(r.count(), config.seed()), label), modelFile);
        String format = r.format() != null ? r.format() : formatOf(r.out());
        switch (format) {
            case "grid" -> {
                SamplePictures.imageGrid(images, (int) Math.ceil(Math.sqrt(r.count())), r.out());
                return "wrote a grid of " + r.count() + " samples to " + r.out();
            }
            case "idx" -> {
                if (images.size(1) != 1) {
                    throw new IllegalArgumentException("--format idx holds grey images (IDX3); these have "
                            + images.size(1) + " channels: use --format png or grid");
                }
                byte[] pixels = ImageFiles.toUint8(images);
                r.out().write(out -> IdxWriter.writeImages(out, IdxWriter.gzipped(r.out().name()), pixels, r.count(),
                        (int) images.size(2), (int) images.size(3)));
                return "wrote " + r.count() + " samples to IDX file " + r.out();
            }
            case "png" -> {
                r.out().mkdirs();
                for (int i = 0; i < r.count(); i++) {
                    ImageFiles.writePng(images, i, r.out().resolve(String.format("sample-%05d.png", i)));
                }
                return "wrote " + r.count() + " PNG files to " + r.out();
            }
            default -> throw new IllegalArgumentException("--format " + format + " is not one of png, idx, grid");
        }
    }

    /** A row of STEPS images along z(t) = (1 - t) z0 + t z1, z0 and z1 the seed's first two latent vectors. */
    private static String strip(GeneratorSampler sampler, Request r, long seed, OptionalInt label) {
        int steps = r.interpolate();
        if (steps < 2) {
            throw new IllegalArgumentException("--interpolate " + steps + ": give at least 2 steps");
        }
        INDArray ends = sampler.latent(2, seed);
        INDArray z0 = ends.getRow(0, true);
        INDArray z1 = ends.getRow(1, true);
        INDArray z = Nd4j.create(ends.dataType(), steps, sampler.latentDim());
        for (int i = 0; i < steps; i++) {
            double t = (double) i / (steps - 1);
            z.putRow(i, z0.mul(1 - t).addi(z1.mul(t)));
        }
        INDArray images = images(sampler.generate(z, label), r.run() != null ? r.run() : r.model());
        SamplePictures.imageGrid(images, steps, r.out());
        return "wrote an interpolation strip of " + steps + " images to " + r.out();
    }

    private static INDArray images(INDArray generated, Location model) {
        if (generated.rank() != 4) {
            throw new IllegalArgumentException("the model " + model + " generates " + generated.size(1)
                    + "-D points, not images; generate writes images");
        }
        return generated;
    }

    private static String formatOf(Location out) {
        String name = out.name().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            return "grid";
        }
        return name.endsWith(".idx") || name.endsWith(".gz") || name.endsWith("-ubyte") ? "idx" : "png";
    }
}
