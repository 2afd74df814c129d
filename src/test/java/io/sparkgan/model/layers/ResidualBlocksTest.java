package io.sparkgan.model.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResidualBlocksTest {

    /**
     * A double-precision network of every residual layer: up-block 2 -> 3 channels (3x3 -> 6x6), the first
     * down-block 3 -> 4 (6x6 -> 3x3), a down-block with the identity shortcut (4 -> 4), one with a learned shortcut
     * without pooling (4 -> 3), and G's output layer 3 -> 2 channels.
     */
    private static MultiLayerNetwork network() {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(5).updater(new NoOp())
                .dataType(DataType.DOUBLE).list();
        b.layer(new ResidualUpBlock(3));
        b.layer(new ResidualDownBlock(4, true, true));
        b.layer(new ResidualDownBlock(4, false, false));
        b.layer(new ResidualDownBlock(3, false, false));
        b.layer(new NormalisedConvolution(2));
        b.setInputType(InputType.convolutional(3, 3, 2));
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        // every parameter (gammas, betas and biases included) in general position
        net.params().addi(Nd4j.rand(DataType.DOUBLE, net.params().shape()).subi(0.5).muli(0.6));
        return net;
    }

    @Test
    void shapesAndShortcutsAreSngans() {
        MultiLayerNetwork net = network();
        assertEquals(6, net.getLayer(0).paramTable().get("W1").size(0) * 2);
        assertArrayEquals(new long[]{1, 1, 2, 3}, net.getLayer(0).paramTable().get("Ws").shape());
        assertTrue(net.getLayer(1).paramTable().containsKey("Ws"), "a pooling block learns its shortcut");
        assertTrue(!net.getLayer(2).paramTable().containsKey("Ws"), "4 -> 4 without pooling: identity shortcut");
        assertTrue(net.getLayer(3).paramTable().containsKey("Ws"), "4 -> 3: a learned shortcut");
        INDArray y = net.output(Nd4j.rand(DataType.DOUBLE, 5, 2, 3, 3));
        assertArrayEquals(new long[]{5, 2, 3, 3}, y.shape());
        assertTrue(y.amaxNumber().doubleValue() <= 1, "tanh output");
    }

    @Test
    void theUpBlockNormalisesOverTheBatchAndItsShortcutIsAnUpsampledOneByOneConvolution() {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(5).updater(new NoOp())
                .dataType(DataType.DOUBLE).list();
        b.layer(new ResidualUpBlock(3));
        b.setInputType(InputType.convolutional(2, 2, 2));
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        // W1 = 0 leaves only b1 on the main path: conv2(relu(BN2(b1))) with every position equal per channel;
        // BN2 of a constant is beta2 = 0, so the main path is b2; the output is b2 + up(Ws x + bs)
        var p = net.getLayer(0).paramTable();
        p.get("W1").assign(0);
        p.get("b2").assign(Nd4j.createFromArray(0.5, -1.0, 2.0).reshape(1, 3));
        p.get("bs").assign(Nd4j.createFromArray(0.1, 0.2, 0.3).reshape(1, 3));
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 2, 2, 2);
        INDArray y = net.output(x);
        INDArray ws = p.get("Ws").reshape(2, 3);
        for (int n = 0; n < 3; n++) {
            for (int o = 0; o < 3; o++) {
                for (int h = 0; h < 4; h++) {
                    for (int w = 0; w < 4; w++) {
                        double expected = 0.1 * (o + 1) + p.get("b2").getDouble(o);
                        for (int c = 0; c < 2; c++) {
                            expected += ws.getDouble(c, o) * x.getDouble(n, c, h / 2, w / 2);
                        }
                        assertEquals(expected, y.getDouble(n, o, h, w), 1e-12, "y[" + n + "," + o + "," + h + "," + w + "]");
                    }
                }
            }
        }
        // the normalisations use the batch's statistics: one image alone gives another output
        p.get("W1").assign(Nd4j.rand(DataType.DOUBLE, p.get("W1").shape()));
        INDArray batch = net.output(x);
        INDArray first = net.output(x.get(NDArrayIndex.interval(0, 1)));
        assertTrue(batch.get(NDArrayIndex.interval(0, 1)).sub(first).amaxNumber().doubleValue() > 1e-3,
                "batch statistics differ from one image's");
    }

    /**
     * L = sum(R * net(x)) for a fixed random R: the backward pass from that epsilon against central differences of
     * every parameter and every input value, in float64 (batch normalisation couples the 3 images of the batch).
     */
    @Test
    void gradientsOfEveryResidualLayerMatchFiniteDifferences() {
        DataType before = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            Nd4j.getRandom().setSeed(11);
            MultiLayerNetwork net = network();
            INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 2, 3, 3).subi(0.5).muli(4);
            INDArray r = Nd4j.rand(DataType.DOUBLE, 3, 2, 3, 3).subi(0.5);
            net.setInput(x);
            net.feedForward(true, false);
            var back = net.backpropGradient(r, LayerWorkspaceMgr.noWorkspaces());
            INDArray analytic = back.getFirst().gradient().dup();
            INDArray inputGradient = back.getSecond().dup();
            assertTrue(net.params().length() > 300, "parameters checked: " + net.params().length());
            CentralDifferences.compare(net, x, r, net.params(), analytic, "parameter");
            CentralDifferences.compare(net, x, r, x, inputGradient, "input");
        } finally {
            Nd4j.setDefaultDataTypes(before, before);
        }
    }
}
