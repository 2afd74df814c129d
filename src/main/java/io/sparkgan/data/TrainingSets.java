package io.sparkgan.data;

import io.sparkgan.config.DataConfig;

import java.nio.file.Path;
import java.util.SplittableRandom;

/** Builds the configured {@link TrainingSet}. */
public final class TrainingSets {
    private TrainingSets() {
    }

    /** ring8/grid25 points drawn from {@code seed}, or IDX images read from disk. */
    public static TrainingSet load(DataConfig data, long seed) {
        if (data.isMixture()) {
            Mixture2D mixture = Mixture2D.named(data.source());
            return new PointSet(mixture.sample(data.size(), new SplittableRandom(seed ^ 0x5eed_da7aL)));
        }
        Path labels = data.idxLabels().isBlank() ? null : Path.of(data.idxLabels());
        ImageSet images = IdxReader.readImages(Path.of(data.idxImages()), labels, data.limit());
        if (images.size() == 0) {
            throw new InvalidDataException("data set " + data.idxImages() + " is empty");
        }
        return images;
    }
}
