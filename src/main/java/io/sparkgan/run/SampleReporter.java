package io.sparkgan.run;

import io.sparkgan.config.DataSource;
import io.sparkgan.config.GanConfig;
import io.sparkgan.data.Mixture2D;
import io.sparkgan.data.MixtureMetrics;
import io.sparkgan.eval.GeneratorSampler;
import io.sparkgan.io.SamplePictures;
import io.sparkgan.train.LatentPrior;
import io.sparkgan.train.Seeds;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import io.sparkgan.platform.Location;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;

/**
 * Draws samples from fixed noise (the same z every epoch, so pictures compare) and turns them into the
 * epoch's picture and, for 2-D mixtures, the DESIGN §6 metrics.
 */
final class SampleReporter {
    private final Optional<Mixture2D> mixture;
    private final INDArray fixedNoise;
    private final int gridColumns;
    private final boolean dirac;
    private final LatentPrior prior;
    private final int latentDim;

    SampleReporter(GanConfig config) {
        this.mixture = config.data().isMixture() ? Optional.of(Mixture2D.of(config.data().source())) : Optional.empty();
        int count = mixture.isPresent() ? config.output().samplePoints()
                : config.output().sampleGrid() * config.output().sampleGrid();
        this.gridColumns = config.output().sampleGrid();
        this.dirac = config.data().source() == DataSource.DIRAC;
        this.prior = LatentPrior.named(config.model().prior());
        this.latentDim = config.model().latentDim();
        this.fixedNoise = LatentPrior.named(config.model().prior()).sample(count, config.model().latentDim(),
                new SplittableRandom(Seeds.derive(config.seed(), Seeds.FIXED_NOISE)));
    }

    /** K of a conditional generator (its input is [z, onehot(y)]), 0 for an unconditional one. */
    private int conditionClasses(MultiLayerNetwork generator) {
        return (int) generator.layerInputSize(0) - latentDim;
    }

    /**
     * A conditional generator's picture: one row per class k, and in column j the fixed noise z_j, so that a
     * column shows what the class changes and a row what the noise changes: [K * columns, C, H, W].
     */
    private INDArray perClassGrid(MultiLayerNetwork generator) {
        GeneratorSampler sampler = new GeneratorSampler(generator, prior, latentDim);
        INDArray columns = fixedNoise.get(NDArrayIndex.interval(0, gridColumns), NDArrayIndex.all());
        int k = conditionClasses(generator);
        INDArray[] rows = new INDArray[k];
        for (int y = 0; y < k; y++) {
            rows[y] = sampler.generate(columns, OptionalInt.of(y));
        }
        return Nd4j.concat(0, rows);
    }

    /** The mixture metrics of {@code generator} on the fixed noise, without a picture (empty for images). */
    Optional<MixtureMetrics> metrics(MultiLayerNetwork generator) {
        if (mixture.isEmpty()) {
            return Optional.empty();
        }
        INDArray samples = generator.output(fixedNoise, false);
        return Optional.of(MixtureMetrics.of(mixture.get(),
                samples.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat()));
    }

    /**
     * Writes the picture to {@code png}; returns the mixture metrics for 2-D data. The Dirac set has no
     * picture per epoch (G(z) = theta is one point; the report draws the trajectory of (theta, psi) instead).
     */
    Optional<MixtureMetrics> report(MultiLayerNetwork generator, Location png, String title) {
        if (dirac) {
            return Optional.empty();
        }
        INDArray samples = conditionClasses(generator) > 0 ? perClassGrid(generator) : generator.output(fixedNoise, false);
        if (mixture.isEmpty()) {
            SamplePictures.imageGrid(samples, gridColumns, png);
            return Optional.empty();
        }
        float[] xy = samples.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat();
        MixtureMetrics metrics = MixtureMetrics.of(mixture.get(), xy);
        SamplePictures.scatter(xy, mixture.get(), String.format("%s: %d/%d modes, %.1f%% high quality",
                title, metrics.modesCovered(), metrics.modesTotal(), 100 * metrics.highQualityFraction()), png);
        return Optional.of(metrics);
    }
}
