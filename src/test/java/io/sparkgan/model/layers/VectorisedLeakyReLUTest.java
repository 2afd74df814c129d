package io.sparkgan.model.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The vectorised LeakyReLU and ReLU give DL4J's values bit for bit, forward and backward, and survive a model file. */
class VectorisedLeakyReLUTest {

    @Test
    void leakyReluForwardAndBackwardAreDl4jsBitForBit() {
        same(new VectorisedLeakyReLU(0.2), new ActivationLReLU(0.2));
    }

    @Test
    void withSlopeZeroItIsDl4jsReluBitForBit() {
        same(new VectorisedLeakyReLU(0), new ActivationReLU());
    }

    private static void same(IActivation ours, IActivation dl4j) {
        Nd4j.getRandom().setSeed(7);
        INDArray z = Nd4j.randn(DataType.FLOAT, 16, 8, 7, 7);
        z.putScalar(0, 0f);                                       // the kink: f'(0) is 1 for LeakyReLU, 0 for ReLU
        INDArray eps = Nd4j.randn(DataType.FLOAT, 16, 8, 7, 7);
        assertArrayEquals(dl4j.getActivation(z.dup(), true).ravel().toFloatVector(),
                ours.getActivation(z.dup(), true).ravel().toFloatVector(), 0f);
        INDArray expected = dl4j.backprop(z.dup(), eps.dup()).getFirst();
        INDArray actual = ours.backprop(z.dup(), eps.dup()).getFirst();
        assertArrayEquals(expected.ravel().toFloatVector(), actual.ravel().toFloatVector(), 0f);
    }

    @Test
    void aModelFileKeepsTheActivationAndItsSlope() throws IOException {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new ActivationLayer.Builder().activation(new VectorisedLeakyReLU(0.3)).build())
                .setInputType(InputType.convolutional(4, 4, 2)).build());
        net.init();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, false);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()));
        IActivation f = ((ActivationLayer) back.getLayerWiseConfigurations().getConf(0).getLayer()).getActivationFn();
        assertEquals(0.3, assertInstanceOf(VectorisedLeakyReLU.class, f).getAlpha());
        INDArray x = Nd4j.randn(DataType.FLOAT, 3, 2, 4, 4);
        // (an activation layer first in a network works on its input in place at inference, as DL4J's own does)
        assertArrayEquals(net.output(x.dup()).ravel().toFloatVector(), back.output(x.dup()).ravel().toFloatVector(), 0f);
    }

    @Test
    void aSlopeOutsideZeroToOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new VectorisedLeakyReLU(1.5));
        assertThrows(IllegalArgumentException.class, () -> new VectorisedLeakyReLU(-0.1));
    }
}
