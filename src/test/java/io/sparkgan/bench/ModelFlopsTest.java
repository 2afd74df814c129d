package io.sparkgan.bench;

import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.GanConfig;
import io.sparkgan.model.GanNetworks;
import io.sparkgan.model.NetworkFactory;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** FLOP counts of the reference models against counts made by hand from DESIGN §6's layer shapes. */
class ModelFlopsTest {
    @Test
    void dcgan28CountsEveryConvolutionAtItsResolution() {
        GanConfig config = ConfigLoader.load(Path.of("conf/fashion-dcgan28.conf"), List.of("model.latent-dim=100",
                "model.dcgan.base-width=64", "evaluation.every-epochs=0"));
        GanNetworks nets = NetworkFactory.create(config.model(), config.train(), new long[]{1, 28, 28}, 1);
        double g = ModelFlops.forward(nets.generator(), Nd4j.rand(DataType.FLOAT, 1, 100));
        double d = ModelFlops.forward(nets.discriminator(), Nd4j.rand(DataType.FLOAT, 1, 1, 28, 28));
        // G: dense 100 -> 7*7*128; deconv 4x4 128 -> 64 on a 7x7 input; deconv 4x4 64 -> 1 on a 14x14 input.
        double expectedG = 2.0 * 100 * 6272 + 2.0 * 16 * 128 * 64 * 49 + 2.0 * 16 * 64 * 196;
        // D: conv 4x4 1 -> 64 to 14x14; conv 4x4 64 -> 128 to 7x7; dense 6272 -> 1.
        double expectedD = 2.0 * 16 * 64 * 196 + 2.0 * 16 * 64 * 128 * 49 + 2.0 * 6272;
        assertEquals(expectedG, g);
        assertEquals(expectedD, d);
        assertEquals(4 * expectedG + 9 * expectedD, ModelFlops.perIteration(g, d));
    }

    @Test
    void mlpCountsTwoFlopsPerWeight() {
        GanConfig config = ConfigLoader.load(Path.of("conf/ring8.conf"), List.of());
        GanNetworks nets = NetworkFactory.create(config.model(), config.train(), new long[]{2}, 1);
        double g = ModelFlops.forward(nets.generator(), Nd4j.rand(DataType.FLOAT, 1, config.model().latentDim()));
        long weights = 0;
        int in = config.model().latentDim();
        for (int width : config.model().generatorWidths()) {
            weights += (long) in * width;
            in = width;
        }
        weights += in * 2L;
        assertEquals(2.0 * weights, g);
    }
}
