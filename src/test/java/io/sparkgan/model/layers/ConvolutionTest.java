package io.sparkgan.model.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The op convolution's fused max-pool: what DL4J's SubsamplingLayer computes, forward and backward. */
class ConvolutionTest {

    /** conv 3x3 same (4 or 6 channels, relu), each followed by a 2x2 max-pool: fused, or as DL4J's own layer. */
    private static MultiLayerNetwork network(boolean fused) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(5).updater(new NoOp()).list();
        for (int channels : new int[]{4, 6}) {
            if (fused) {
                b.layer(new Convolution(3, 1, 1, channels, "relu", 0.3).withMaxPool(2));
            } else {
                b.layer(new Convolution(3, 1, 1, channels, "relu", 0.3));
                b.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build());
            }
        }
        b.setInputType(InputType.convolutional(12, 8, 2));
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        return net;
    }

    @Test
    void aFusedMaxPoolComputesWhatDl4jsSubsamplingLayerComputesOnTheSameWeights() {
        MultiLayerNetwork fused = network(true);
        MultiLayerNetwork separate = network(false);
        separate.setParams(fused.params());                        // the same parameters, in the same order
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 2, 12, 8).subi(0.5);
        INDArray y = fused.output(x);
        assertArrayEquals(new long[]{3, 6, 3, 2}, y.shape());   // 12x8 -> 6x4 -> 3x2
        assertArrayEquals(separate.output(x).ravel().toFloatVector(), y.ravel().toFloatVector(), 0f);

        INDArray r = Nd4j.rand(DataType.FLOAT, 3, 6, 3, 2).subi(0.5);   // dL/dy of L = sum(r * y)
        Pair<Gradient, INDArray> a = backward(fused, x, r);
        Pair<Gradient, INDArray> b = backward(separate, x, r);
        assertArrayEquals(b.getFirst().gradient().ravel().toFloatVector(), a.getFirst().gradient().ravel().toFloatVector(), 1e-6f);
        assertArrayEquals(b.getSecond().ravel().toFloatVector(), a.getSecond().ravel().toFloatVector(), 1e-6f);
    }

    /** conv 3x3 same to 5 channels with {@code activation}, vectorised or on SameDiff's own ops. */
    private static MultiLayerNetwork activated(String activation, boolean vectorised) {
        Convolution c = new Convolution(3, 1, 1, 5, activation, 0.3);
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(6).updater(new NoOp())
                .list().layer(vectorised ? c : c.withDl4jActivation()).setInputType(InputType.convolutional(6, 6, 2))
                .build());
        net.init();
        return net;
    }

    /** Bit for bit: the same products (z, alpha z; dL/df, alpha dL/df) plus exact zeros from the step's branch. */
    @Test
    void theVectorisedActivationsComputeWhatSameDiffsOpsComputeForwardAndBackward() {
        for (String activation : new String[]{"lrelu", "relu"}) {
            MultiLayerNetwork vectorised = activated(activation, true);
            MultiLayerNetwork ops = activated(activation, false);
            assertEquals(ops.params(), vectorised.params());
            INDArray x = Nd4j.rand(DataType.FLOAT, 3, 2, 6, 6).subi(0.5);
            assertArrayEquals(ops.output(x).ravel().toFloatVector(), vectorised.output(x).ravel().toFloatVector(), 0f,
                    activation);
            INDArray r = Nd4j.rand(DataType.FLOAT, 3, 5, 6, 6).subi(0.5);
            Pair<Gradient, INDArray> a = backward(vectorised, x, r);
            Pair<Gradient, INDArray> b = backward(ops, x, r);
            assertArrayEquals(b.getFirst().gradient().ravel().toFloatVector(),
                    a.getFirst().gradient().ravel().toFloatVector(), 0f, activation);
            assertArrayEquals(b.getSecond().ravel().toFloatVector(), a.getSecond().ravel().toFloatVector(), 0f,
                    activation);
        }
    }

    @Test
    void thePoolingWindowSurvivesAModelFileAndOlderFilesHaveNone() throws IOException {
        MultiLayerNetwork fused = network(true);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(fused, bytes, false);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()));
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 2, 12, 8);
        assertArrayEquals(fused.output(x).ravel().toFloatVector(), back.output(x).ravel().toFloatVector(), 0f);
        assertEquals(2, ((Convolution) back.getLayerWiseConfigurations().getConf(0).getLayer()).getPool());
        assertEquals(1, new Convolution(3, 1, 1, 4, "relu").getPool());
    }

    private static Pair<Gradient, INDArray> backward(MultiLayerNetwork net, INDArray x, INDArray r) {
        net.setInput(x);
        net.feedForward(true, false);
        Pair<Gradient, INDArray> p = net.backpropGradient(r, LayerWorkspaceMgr.noWorkspaces());
        return new Pair<>(p.getFirst(), p.getSecond().dup());
    }
}
