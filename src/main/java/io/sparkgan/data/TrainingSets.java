package io.sparkgan.data;

import io.sparkgan.config.DataConfig;
import io.sparkgan.config.GanConfig;

import java.util.SplittableRandom;

/** Builds the configured {@link TrainingSet}. */
public final class TrainingSets {
    private TrainingSets() {
    }

    /** ring8/grid25/dirac points drawn from {@code seed}, or IDX images read from disk. */
    public static TrainingSet load(DataConfig data, long seed) {
        if (data.isPoints()) {
            return pointShard(data.source(), data.size(), seed);
        }
        if (!data.source().equals("idx")) {
            throw new IllegalArgumentException("data.source = " + data.source() + " is read through Spark; "
                    + "use engine = spark");
        }
        ImageSet images = IdxReader.readImages(data.idxImages(), data.idxLabels().isBlank() ? null : data.idxLabels(),
                data.offset(), data.limit());
        if (images.size() == 0) {
            throw new InvalidDataException("data set " + data.idxImages() + " is empty");
        }
        return images;
    }

    /** CycleGAN's unpaired sets: A from data, B from cycle.b under the known map (cycle.known-map). */
    public static UnpairedImages loadCycle(GanConfig config) {
        return new UnpairedImages(named("A (data)", () -> load(config.data(), config.seed())),
                named("B (cycle.b)", () -> load(config.cycle().b(), config.seed())),
                KnownMap.named(config.cycle().knownMap()));
    }

    /** Runs {@code load}, naming image set {@code which} in its data error. */
    public static <T> T named(String which, java.util.function.Supplier<T> load) {
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
    public static PointSet pointShard(String source, int n, long shardSeed) {
        if (source.equals("dirac")) {
            return new PointSet(new float[n], 1);
        }
        return new PointSet(Mixture2D.named(source).sample(n, new SplittableRandom(shardSeed ^ 0x5eed_da7aL)), 2);
    }

    /** The classes of a labelled image set (0 .. the largest label, named by data.class-names); null without labels. */
    public static ClassList classes(TrainingSet set, DataConfig data) {
        if (set instanceof ImageSet images && images.labels().isPresent()) {
            return ClassList.ofLabels(images.labels().get(), data.classNames());
        }
        return null;
    }

    /** The shape of one point of {@code source}: [1] for dirac, [2] for the mixtures. */
    public static long[] pointShape(String source) {
        return new long[]{source.equals("dirac") ? 1 : 2};
    }
}
