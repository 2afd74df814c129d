package io.sparkgan.bench;

import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.GanConfig;
import io.sparkgan.data.TrainingSet;
import io.sparkgan.platform.SparkContexts;
import io.sparkgan.source.IdxFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's baseline must be a real GAN iteration: the D fit moves D and not G, the stacked fit
 * moves G through the frozen D and leaves that D as it was copied in.
 */
class NaiveDl4jSparkTest {
    @TempDir
    Path dir;

    @Test
    void eachPhaseMovesOnlyItsOwnNetworkOnRing8() {
        eachPhaseMovesOnlyItsOwnNetwork(ConfigLoader.load(Path.of("conf/ring8.conf"), List.of("data.size=4096",
                "train.batch-size=64", "spark.master=\"local[2]\"")));
    }

    /** dcgan28 has batch norm in D, which the stacked net runs frozen inside FrozenLayerWithBackprop. */
    @Test
    void eachPhaseMovesOnlyItsOwnNetworkOnDcgan28WithBatchNorm() throws IOException {
        Path images = IdxFiles.write(dir.resolve("images.gz"), IdxFiles.images(64, 28, 28), true);
        eachPhaseMovesOnlyItsOwnNetwork(ConfigLoader.load(Path.of("conf/fashion-dcgan28.conf"), List.of(
                "data.idx.images=\"" + images + "\"", "data.idx.labels=\"\"", "train.batch-size=8",
                "model.dcgan.base-width=8", "evaluation.every-epochs=0", "spark.master=\"local[2]\"")));
    }

    /** dl4j-spark reads no image folder: the baseline of a folder workload trains on random images of its shape. */
    @Test
    void theBaselineOfAFolderWorkloadDrawsRandomImagesOfItsShape() {
        GanConfig folder = ConfigLoader.load(Path.of("conf/fashion-dcgan28.conf"), List.of("data.source=folder",
                "data.folder.path=\"" + dir.resolve("no-such-folder") + "\"", "data.image.height=64",
                "data.image.width=64", "data.image.channels=3", "data.idx.images=\"\"", "data.idx.labels=\"\""));

        TrainingSet data = NaiveDl4jSpark.readableData(folder, new long[]{3, 64, 64}, 32);

        assertThat(data.size()).isEqualTo(32);
        assertThat(data.sampleShape()).containsExactly(3, 64, 64);
        assertThat(data.batch(new int[]{0, 31}).shape()).containsExactly(2, 3, 64, 64);
    }

    private static void eachPhaseMovesOnlyItsOwnNetwork(GanConfig config) {
        try (SparkContexts.Handle spark = SparkContexts.open(config)) {
            NaiveDl4jSpark naive = new NaiveDl4jSpark(spark.context(), config, 2);
            INDArray g0 = naive.generatorParameters();
            INDArray d0 = naive.discriminatorParameters();

            naive.discriminatorPhase();
            INDArray d1 = naive.discriminatorParameters();
            assertThat(d1.equalsWithEps(d0, 1e-7)).as("D moves in the D phase").isFalse();
            assertThat(naive.generatorParameters()).as("G stays in the D phase").isEqualTo(g0);

            naive.generatorPhase();
            assertThat(naive.generatorParameters().equalsWithEps(g0, 1e-7)).as("G moves in the G phase").isFalse();
            assertThat(naive.stackedDiscriminatorParameters()).as("the frozen D is the D copied in").isEqualTo(d1);
            assertThat(naive.discriminatorParameters()).as("the D-net is untouched by the G phase").isEqualTo(d1);
            naive.iterate();
        }
    }
}
