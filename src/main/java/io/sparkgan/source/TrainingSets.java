package io.sparkgan.source;

import io.sparkgan.config.DataConfig;
import io.sparkgan.config.DataSource;
import io.sparkgan.config.GanConfig;
import io.sparkgan.data.InvalidDataException;
import io.sparkgan.data.KnownTranslation;
import io.sparkgan.data.Mixture2D;
import io.sparkgan.data.PointSet;
import io.sparkgan.data.TrainingSet;
import io.sparkgan.data.UnpairedImages;

import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Reads the configured training set into one JVM (the local engine, the tools): points drawn from the seed, or any
 * image source (IDX, image folder, Parquet on any Hadoop path) through the same {@link ImageInputs} the Spark engine
 * spreads over its partitions, with the same check of bad inputs.
 */
public final class TrainingSets {
    private TrainingSets() {
    }

    /** The set of data (or CycleGAN's unpaired A and B) with its classes (none for CycleGAN). */
    public static TrainingData open(GanConfig config) {
        if (config.cycle().enabled()) {
            return new TrainingData(loadCycle(config), null);
        }
        return open(config.data(), config.seed());
    }

    /** ring8/grid25/dirac points drawn from {@code seed}, or the images of data.source. */
    public static TrainingData open(DataConfig data, long seed) {
        if (data.isPoints()) {
            return new TrainingData(pointShard(data.source(), data.size(), seed), null);
        }
        if (!ImageSources.reads(data)) {
            throw new IllegalArgumentException("data.source = " + data.source() + " is the source of the Spark ML API "
                    + "(io.sparkgan.ml.GanEstimator.fit); jobs read idx, folder or parquet");
        }
        ImageInputs inputs = ImageSources.open(data, SourceFiles.current());
        InputTally tally = new InputTally();
        TrainingSet set = ImageRows.pack(inputs.rows(), ImageSources.sampleShape(data, inputs), tally);
        tally.check(data, inputs.where(), inputs.notInputs());
        return new TrainingData(set, tally.classes(inputs.classNames(), data));
    }

    /** The set alone. */
    public static TrainingSet load(DataConfig data, long seed) {
        return open(data, seed).set();
    }

    /** CycleGAN's unpaired sets: A from data, B from cycle.b under the known map (cycle.known-map). */
    public static UnpairedImages loadCycle(GanConfig config) {
        return new UnpairedImages(named("A (data)", () -> load(config.data(), config.seed())),
                named("B (cycle.b)", () -> load(config.cycle().b(), config.seed())),
                KnownTranslation.of(config.cycle().knownMap()));
    }

    /** Runs {@code load}, naming image set {@code which} in its data error. */
    public static <T> T named(String which, Supplier<T> load) {
        try {
            return load.get();
        } catch (InvalidDataException e) {
            throw new InvalidDataException("image set " + which + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code n} points of a 2-D mixture drawn from {@code shardSeed} (the run seed for one shard), or n Dirac
     * points (all at 0 in R^1).
     */
    public static PointSet pointShard(DataSource source, int n, long shardSeed) {
        if (source == DataSource.DIRAC) {
            return new PointSet(new float[n], 1);
        }
        return new PointSet(Mixture2D.of(source).sample(n, new SplittableRandom(shardSeed ^ 0x5eed_da7aL)), 2);
    }

    /** The shape of one point of {@code source}: [1] for dirac, [2] for the mixtures. */
    public static long[] pointShape(DataSource source) {
        return new long[]{source == DataSource.DIRAC ? 1 : 2};
    }
}
