package io.sparkgan.model;

import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.GanConfig;
import io.sparkgan.model.layers.Convolution;
import io.sparkgan.model.layers.ResidualDownBlock;
import io.sparkgan.model.layers.ResidualUpBlock;
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

    private static GanNetworks dcgan(int channels, int size, int baseWidth, String... overrides) {
        List<String> keys = new java.util.ArrayList<>(List.of("data.source=idx", "data.idx.images=x",
                "model.type=dcgan", "model.latent-dim=64", "model.dcgan.base-width=" + baseWidth));
        keys.addAll(List.of(overrides));
        GanConfig c = ConfigLoader.parse("", "t", keys);
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
        Convolution c1 = assertInstanceOf(Convolution.class, layer(d, 0));
        assertEquals(1, c1.getChannels());
        assertEquals(64, c1.getChannelsOut());
        assertEquals(4, c1.getKernel());
        assertEquals(2, c1.getStride());
        assertEquals("lrelu", c1.getActivation());
        Convolution c2 = assertInstanceOf(Convolution.class, layer(d, 1));
        assertEquals(128, c2.getChannelsOut());
        assertEquals("identity", c2.getActivation());
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
    void dl4jConvolutionsBuildDl4jsLayers() {
        MultiLayerNetwork d = dcgan(1, 28, 8, "model.dcgan.convolution=dl4j").discriminator();
        ConvolutionLayer c1 = assertInstanceOf(ConvolutionLayer.class, layer(d, 0));
        assertEquals(1, c1.getNIn());
        assertEquals(8, c1.getNOut());
        assertInstanceOf(ConvolutionLayer.class, layer(d, 1));
        assertInstanceOf(BatchNormalization.class, layer(d, 2));
    }

    /**
     * D on the conv2d-op layers computes DL4J's D: with DL4J's weights W [C', C, k, k] permuted to [k, k, C, C'],
     * the same scores and the same gradients for every parameter and for the input, with batch norm and without
     * (where the LeakyReLU is fused into the convolution).
     */
    @Test
    void opConvolutionsComputeWhatDl4jsComputeOnTheSameWeights() {
        for (String norm : List.of("batch", "none")) {
            MultiLayerNetwork dl4j = dcgan(1, 28, 8, "model.dcgan.convolution=dl4j", "model.dcgan.batch-norm=dl4j",
                    "model.dcgan.activations=dl4j", "model.dcgan.discriminator-norm=" + norm).discriminator();
            MultiLayerNetwork op = dcgan(1, 28, 8, "model.dcgan.discriminator-norm=" + norm).discriminator();
            List<Integer> dl4jLayers = layersWithParameters(dl4j);
            List<Integer> opLayers = layersWithParameters(op);
            assertEquals(dl4jLayers.size(), opLayers.size(), norm);
            for (int p = 0; p < opLayers.size(); p++) {
                var from = dl4j.getLayer(dl4jLayers.get(p)).paramTable();
                op.getLayer(opLayers.get(p)).paramTable().forEach((key, to) -> to.assign(fromDl4j(from.get(key), to)));
            }
            Nd4j.getRandom().setSeed(3);
            INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 6, 1, 28, 28).muli(2).subi(1);
            INDArray scoreDl4j = dl4j.output(x, true);
            INDArray scoreOp = op.output(x, true);
            assertTrue(scoreDl4j.equalsWithEps(scoreOp, 1e-4), norm + ": " + scoreDl4j + " vs " + scoreOp);

            INDArray ones = Nd4j.ones(6, 1);
            var gDl4j = backprop(dl4j, x, ones);
            var gOp = backprop(op, x, ones);
            assertTrue(gDl4j.getSecond().equalsWithEps(gOp.getSecond(), 1e-4), norm + ": input gradient");
            // float32 sums in another order: compared relative to the largest gradient of the network (a conv bias
            // before batch norm has a true gradient of 0, and both layers return rounding noise for it)
            double scale = gDl4j.getFirst().gradient().amaxNumber().doubleValue();
            for (int p = 0; p < opLayers.size(); p++) {
                for (String key : op.getLayer(opLayers.get(p)).paramTable().keySet()) {
                    INDArray actual = gOp.getFirst().getGradientFor(opLayers.get(p) + "_" + key);
                    INDArray expected = fromDl4j(gDl4j.getFirst().getGradientFor(dl4jLayers.get(p) + "_" + key), actual);
                    assertTrue(expected.sub(actual).amaxNumber().doubleValue() < 1e-4 * scale,
                            norm + ": gradient of layer " + opLayers.get(p) + " " + key + ": " + expected + " vs "
                                    + actual);
                }
            }
        }
    }

    /**
     * G's batch norm on libnd4j's ops and its vectorised ReLU compute DL4J's: the same parameters give the same
     * images in training mode and the same gradients for every parameter (the running statistics' updates
     * included) and for z.
     */
    @Test
    void opsBatchNormAndVectorisedReluComputeWhatDl4jsComputeInTheGenerator() {
        MultiLayerNetwork dl4j = dcgan(1, 28, 8, "model.dcgan.batch-norm=dl4j", "model.dcgan.activations=dl4j")
                .generator();
        MultiLayerNetwork op = dcgan(1, 28, 8).generator();
        assertInstanceOf(io.sparkgan.model.layers.OnednnBatchNormalization.class, layer(op, 4));
        assertInstanceOf(io.sparkgan.model.layers.VectorisedLeakyReLU.class,
                ((org.deeplearning4j.nn.conf.layers.ActivationLayer) layer(op, 5)).getActivationFn());
        assertEquals(dl4j.params(), op.params());
        Nd4j.getRandom().setSeed(4);
        INDArray z = Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.FLOAT, 6, 64);
        INDArray images = op.output(z, true);
        assertTrue(dl4j.output(z, true).equalsWithEps(images, 1e-5), "images");
        INDArray r = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, images.shape()).subi(0.5);
        var gDl4j = backprop(dl4j, z, r);
        var gOp = backprop(op, z, r);
        assertTrue(gDl4j.getSecond().equalsWithEps(gOp.getSecond(), 1e-5), "gradient of z");
        double scale = gDl4j.getFirst().gradient().amaxNumber().doubleValue();
        assertTrue(gDl4j.getFirst().gradient().sub(gOp.getFirst().gradient()).amaxNumber().doubleValue() < 1e-4 * scale,
                "parameter gradients");
    }

    private static List<Integer> layersWithParameters(MultiLayerNetwork net) {
        List<Integer> layers = new java.util.ArrayList<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            if (!net.getLayer(i).paramTable().isEmpty()) {
                layers.add(i);
            }
        }
        return layers;
    }

    /** A DL4J parameter in the op layer's layout: conv weights [C', C, k, k] -> [k, k, C, C'], others as they are. */
    private static INDArray fromDl4j(INDArray dl4j, INDArray like) {
        return like.rank() == 4 ? dl4j.permute(2, 3, 1, 0) : dl4j.reshape(like.shape());
    }

    private static org.nd4j.common.primitives.Pair<org.deeplearning4j.nn.gradient.Gradient, INDArray> backprop(
            MultiLayerNetwork net, INDArray x, INDArray epsilon) {
        net.setInput(x);
        net.feedForward(true, false);
        var result = net.backpropGradient(epsilon, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
        return new org.nd4j.common.primitives.Pair<>(result.getFirst(), result.getSecond().dup());
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
    void resnetShapesFor28_32And64PixelsWithOneOrThreeChannels() {
        for (int[] shape : new int[][]{{1, 28}, {3, 32}, {1, 64}}) {
            GanConfig c = ConfigLoader.parse("", "t", List.of("data.source=idx", "data.idx.images=x",
                    "model.type=resnet", "model.latent-dim=16", "model.resnet.generator-width=4",
                    "model.resnet.discriminator-width=4"));
            GanNetworks nets = NetworkFactory.create(c.model(), c.train(), new long[]{shape[0], shape[1], shape[1]}, 1);
            INDArray images = nets.generator().output(Nd4j.randn(3, 16));
            assertArrayEquals(new long[]{3, shape[0], shape[1], shape[1]}, images.shape(), "G at " + shape[1]);
            assertArrayEquals(new long[]{3, 1}, nets.discriminator().output(images).shape(), "D at " + shape[1]);
            long upBlocks = java.util.Arrays.stream(nets.generator().getLayers())
                    .filter(l -> l.conf().getLayer() instanceof ResidualUpBlock).count();
            assertEquals(shape[1] == 64 ? 4 : shape[1] == 32 ? 3 : 2, upBlocks, "up-blocks at " + shape[1]);
            if (shape[1] == 64) {   // G halves from 8w to w, D doubles from w to 8w
                assertEquals(32, ((ResidualUpBlock) layer(nets.generator(), 1)).getChannelsOut());
                assertEquals(32, ((ResidualDownBlock) layer(nets.discriminator(), 3)).getChannelsOut());
            }
        }
        GanConfig conditional = ConfigLoader.parse("", "t", List.of("data.source=idx", "data.idx.images=x",
                "model.type=resnet", "model.resnet.generator-width=4", "model.resnet.discriminator-width=4",
                "model.conditional.enabled=true", "data.idx.labels=y"));
        GanNetworks nets = NetworkFactory.create(conditional.model(), conditional.train(), new long[]{1, 28, 28}, 1,
                Conditioning.of(conditional.model(), 10));
        assertEquals(11, nets.discriminator().output(Nd4j.rand(2, 1, 28, 28)).size(1), "1 + K outputs: the projection");
    }

    @Test
    void resnetRefusesPointData() {
        var e = assertThrows(io.sparkgan.config.InvalidConfigException.class, () -> ConfigLoader.parse("", "t",
                List.of("data.source=ring8", "model.type=resnet")));
        assertTrue(e.getMessage().contains("'model.type' = resnet needs images"), e.getMessage());
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
