package io.sparkgan.model;

import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.GanConfig;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkFactoryTest {

    private static GanNetworks dcgan(int channels, int size, int baseWidth) {
        GanConfig c = ConfigLoader.parse("", "t", List.of("data.source=idx", "data.idx.images=x", "model.type=dcgan",
                "model.latent-dim=64", "model.dcgan.base-width=" + baseWidth));
        return NetworkFactory.create(c.model(), c.train(), new long[]{channels, size, size}, 1);
    }

    private static Layer layer(MultiLayerNetwork net, int i) {
        return net.getLayerWiseConfigurations().getConf(i).getLayer();
    }

    @Test
    void dcgan28IsExactlyTheDesignArchitecture() {
        GanNetworks nets = dcgan(1, 28, 64);
        MultiLayerNetwork g = nets.generator();
        // G: dense 64 -> 6272, BN, ReLU, deconv -> 64x14x14, BN, ReLU, deconv -> 1x28x28 tanh
        DenseLayer dense = assertInstanceOf(DenseLayer.class, layer(g, 0));
        assertEquals(64, dense.getNIn());
        assertEquals(7 * 7 * 128, dense.getNOut());
        assertInstanceOf(BatchNormalization.class, layer(g, 1));
        Deconvolution2D up1 = assertInstanceOf(Deconvolution2D.class, layer(g, 3));
        assertEquals(128, up1.getNIn());
        assertEquals(64, up1.getNOut());
        assertArrayEquals(new int[]{4, 4}, up1.getKernelSize());
        assertArrayEquals(new int[]{2, 2}, up1.getStride());
        Deconvolution2D up2 = assertInstanceOf(Deconvolution2D.class, layer(g, 6));
        assertEquals(1, up2.getNOut());
        assertEquals(7, g.getnLayers());

        MultiLayerNetwork d = nets.discriminator();
        ConvolutionLayer c1 = assertInstanceOf(ConvolutionLayer.class, layer(d, 0));
        assertEquals(1, c1.getNIn());
        assertEquals(64, c1.getNOut());
        ConvolutionLayer c2 = assertInstanceOf(ConvolutionLayer.class, layer(d, 1));
        assertEquals(128, c2.getNOut());
        assertInstanceOf(BatchNormalization.class, layer(d, 2));
        DenseLayer logit = assertInstanceOf(DenseLayer.class, layer(d, 4));
        assertEquals(6272, logit.getNIn());
        assertEquals(1, logit.getNOut());

        INDArray z = Nd4j.randn(5, 64);
        INDArray x = g.output(z);
        assertArrayEquals(new long[]{5, 1, 28, 28}, x.shape());
        assertTrue(x.maxNumber().doubleValue() <= 1 && x.minNumber().doubleValue() >= -1, "tanh range");
        assertArrayEquals(new long[]{5, 1}, d.output(x).shape());
    }

    @Test
    void classicDcganShapesFor32And64PixelsWithOneOrThreeChannels() {
        for (int size : new int[]{32, 64}) {
            for (int channels : new int[]{1, 3}) {
                GanNetworks nets = dcgan(channels, size, 8);
                INDArray x = nets.generator().output(Nd4j.randn(2, 64));
                assertArrayEquals(new long[]{2, channels, size, size}, x.shape());
                assertArrayEquals(new long[]{2, 1}, nets.discriminator().output(x).shape());
            }
        }
    }

    @Test
    void unsupportedImageSizesAreRefusedWithTheSize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> dcgan(1, 48, 8));
        assertTrue(e.getMessage().contains("48x48"), e.getMessage());
    }

    @Test
    void mlpMapsLatentToPointsAndPointsToOneScore() {
        GanConfig c = ConfigLoader.parse("", "t", List.of("model.latent-dim=5", "model.mlp.generator-widths=[7, 9]"));
        GanNetworks nets = NetworkFactory.create(c.model(), c.train(), new long[]{2}, 1);
        INDArray x = nets.generator().output(Nd4j.randn(3, 5));
        assertArrayEquals(new long[]{3, 2}, x.shape());
        assertArrayEquals(new long[]{3, 1}, nets.discriminator().output(x).shape());
        assertEquals(3, nets.generator().getnLayers());
    }

    @Test
    void theSameSeedBuildsTheSameWeights() {
        assertEquals(dcgan(1, 28, 8).generator().params(), dcgan(1, 28, 8).generator().params());
    }
}
