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

class GeneratorSamplerTest {

    private static GeneratorSampler sampler(String type) {
        GanConfig c = ConfigLoader.parse("", "t", List.of("data.source=idx", "data.idx.images=x", "model.type=" + type,
                "model.latent-dim=8", "model.dcgan.base-width=4", "model.resnet.generator-width=4",
                "model.resnet.discriminator-width=4"));
        MultiLayerNetwork g = NetworkFactory.create(c.model(), c.train(), new long[]{1, 28, 28}, 1).generator();
        return new GeneratorSampler(g, LatentPrior.named(c.model().prior()), 8);
    }

    @Test
    void aBatchNormalisedGeneratorsLastBatchIsFilledUpSoThatFewSamplesAreNormalisedAmongMany() {
        GeneratorSampler resnet = sampler("resnet");
        INDArray z = resnet.latent(3, 7);
        INDArray three = resnet.generate(z, OptionalInt.empty());
        INDArray fill = resnet.latent(GeneratorSampler.BATCH - 3, GeneratorSampler.FILL_SEED);
        INDArray full = resnet.generator().output(Nd4j.concat(0, z, fill), false);
        assertEquals(full.get(NDArrayIndex.interval(0, 3)), three, "the 3 rows, normalised among a full batch");
        assertNotEquals(resnet.generator().output(z, false), three, "not among themselves alone");
        assertEquals(three, resnet.generate(z, OptionalInt.empty()), "the same every time");
    }

    @Test
    void aGeneratorWithRunningStatisticsIsNotFilledUp() {
        GeneratorSampler dcgan = sampler("dcgan");
        INDArray z = dcgan.latent(3, 7);
        assertEquals(dcgan.generator().output(z, false), dcgan.generate(z, OptionalInt.empty()));
    }
}
