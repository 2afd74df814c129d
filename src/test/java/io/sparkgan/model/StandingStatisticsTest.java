package io.sparkgan.model;

import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.GanConfig;
import io.sparkgan.model.layers.BatchNormalisedLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Standing statistics of resnet's generator: measured where the batch norms are, applied by a copy. */
class StandingStatisticsTest {

    private static MultiLayerNetwork generator(String type, String... more) {
        List<String> keys = new java.util.ArrayList<>(List.of("data.source=idx", "data.idx.images=x",
                "model.type=" + type, "model.latent-dim=8", "model.dcgan.base-width=4",
                "model.resnet.generator-width=4", "model.resnet.discriminator-width=4"));
        keys.addAll(List.of(more));
        GanConfig c = ConfigLoader.parse("", "t", keys);
        return NetworkFactory.create(c.model(), c.train(), new long[]{1, 28, 28}, 1).generator();
    }

    /**
     * Statistics measured on one batch are that batch's: the copy computes on that batch what G computes with its
     * batch statistics, through all three batch-normalised layers (two up-blocks with two batch norms each, and
     * the end). Were any statistic taken from the wrong array, the outputs would part.
     */
    @Test
    void statisticsOfOneBatchReproduceWhatGComputesOnThatBatch() {
        MultiLayerNetwork g = generator("resnet");
        INDArray z = Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.FLOAT, 16, 8);
        MultiLayerNetwork standing = StandingStatistics.apply(g, z, 16);
        INDArray expected = g.output(z, false);
        INDArray actual = standing.output(z, false);
        double largest = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(largest < 1e-4, "largest difference " + largest);
        assertTrue(expected.amaxNumber().doubleValue() > 0.01, "a non-trivial output");
        assertEquals(g.params(), standing.params(), "the same parameters");
        assertFalse(g.params() == standing.params(), "copied, not shared");
    }

    /**
     * Pooled over two batches, the statistics are those of all rows: the first up-block's first batch norm sees the
     * dense layer's output reshaped, so its mean and variance are those of that output over both batches. The
     * trained G's layers keep no fixed statistics.
     */
    @Test
    void statisticsArePooledOverAllRowsOfAllBatches() {
        MultiLayerNetwork g = generator("resnet");
        INDArray z = Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.FLOAT, 10, 8);
        MultiLayerNetwork standing = StandingStatistics.apply(g, z, 4);     // batches of 4, 4 and 2 rows
        INDArray dense = g.feedForward(z, false).get(1).reshape(10, 4, 7, 7).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        double[] mean = dense.mean(0, 2, 3).toDoubleVector();
        double[] variance = dense.var(false, 0, 2, 3).toDoubleVector();
        BatchNormalisedLayer first = (BatchNormalisedLayer) standing.getLayer(1).conf().getLayer();
        assertArrayEquals(mean, first.getStandingMeans()[0], 1e-5);
        assertArrayEquals(variance, first.getStandingVariances()[0], 1e-5);
        assertEquals(2, first.getStandingMeans().length, "an up-block has two batch norms");
        assertNull(((BatchNormalisedLayer) g.getLayer(1).conf().getLayer()).getStandingMeans());
    }

    @Test
    void onlyBatchCoupledGeneratorsNeedThem() {
        assertTrue(StandingStatistics.needed(generator("resnet")));
        assertFalse(StandingStatistics.needed(generator("dcgan")));
    }
}
