package io.sparkgan.eval;

import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.GanConfig;
import io.sparkgan.model.NetworkFactory;
import io.sparkgan.train.LatentPrior;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeneratorSamplerTest {

    private static GeneratorSampler sampler(String type) {
        GanConfig c = ConfigLoader.parse("", "t", List.of("data.source=idx", "data.idx.images=x", "model.type=" + type,
                "model.latent-dim=8", "model.dcgan.base-width=4", "model.resnet.generator-width=4",
                "model.resnet.discriminator-width=4"));
        MultiLayerNetwork g = NetworkFactory.create(c.model(), c.train(), new long[]{1, 28, 28}, 1).generator();
        return new GeneratorSampler(g, LatentPrior.named(c.model().prior()), 8);
    }

    /**
     * resnet's G (batch norm on the batch's statistics in training) draws through its standing-statistics copy: a
     * sample is the same drawn alone, among 3 or inside 300 (two batches), and differs from what G computes on a
     * batch of 3 by that batch's own statistics.
     */
    @Test
    void aBatchNormalisedGeneratorDrawsEachSampleOnItsOwn() {
        GeneratorSampler resnet = sampler("resnet");
        INDArray z = resnet.latent(300, 7);
        INDArray all = resnet.generate(z, OptionalInt.empty());
        INDArray firstThree = z.get(NDArrayIndex.interval(0, 3), NDArrayIndex.all());
        INDArray three = resnet.generate(firstThree, OptionalInt.empty());
        INDArray alone = resnet.generate(z.get(NDArrayIndex.interval(1, 2), NDArrayIndex.all()), OptionalInt.empty());
        assertTrue(all.get(NDArrayIndex.interval(0, 3)).equalsWithEps(three, 1e-5), "among 3 as among 300");
        assertTrue(three.get(NDArrayIndex.interval(1, 2)).equalsWithEps(alone, 1e-5), "alone as among 3");
        INDArray last = resnet.generate(z.get(NDArrayIndex.interval(299, 300), NDArrayIndex.all()), OptionalInt.empty());
        assertTrue(all.get(NDArrayIndex.interval(299, 300)).equalsWithEps(last, 1e-5), "in the second batch");
        assertNotEquals(resnet.generator().output(firstThree, false), three, "not by the statistics of 3 rows");
        assertEquals(three, sampler("resnet").generate(firstThree, OptionalInt.empty()), "the same every time");
    }

    @Test
    void aGeneratorWithRunningStatisticsDrawsAsItIs() {
        GeneratorSampler dcgan = sampler("dcgan");
        INDArray z = dcgan.latent(3, 7);
        assertEquals(dcgan.generator().output(z, false), dcgan.generate(z, OptionalInt.empty()));
    }
}
