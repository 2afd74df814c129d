package io.sparkgan.model.layers;

import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InstanceNormalizationTest {

    /** A double-precision network of the two layers written here, ending in a mean-squared-error loss. */
    private static MultiLayerNetwork network(long seed, boolean withBlock) {
        return network(seed, withBlock, true);
    }

    private static MultiLayerNetwork network(long seed, boolean withBlock, boolean withLoss) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(seed).updater(new NoOp())
                .dataType(DataType.DOUBLE).list();
        b.layer(new InstanceNormalization());
        if (withBlock) {
            b.layer(new Convolution(4, 2, 1, 4, "lrelu"));
            b.layer(new ResidualBlock());
            b.layer(new Convolution(3, 1, 1, 3, "tanh"));
        }
        if (withLoss) {
            b.layer(new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build());
        }
        b.setInputType(InputType.convolutional(withBlock ? 6 : 5, 4, 3));
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        // gamma and beta away from 1 and 0, so that their gradients are exercised in general position
        net.params().addi(Nd4j.rand(DataType.DOUBLE, net.params().shape()).subi(0.5).muli(0.6));
        return net;
    }

    @Test
    void forwardNormalisesEachImageChannelOverItsPixels() {
        MultiLayerNetwork net = network(1, false);
        net.getLayer(0).setParams(Nd4j.create(DataType.DOUBLE, 1, 6).assign(Nd4j.createFromArray(1.0, 1, 1, 0, 0, 0)
                .reshape(1, 6)));
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 5, 4).muli(7).addi(3);
        INDArray y = net.output(x);
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 3; c++) {
                INDArray plane = y.get(org.nd4j.linalg.indexing.NDArrayIndex.point(n),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(c));
                assertEquals(0.0, plane.meanNumber().doubleValue(), 1e-9, "mean of image " + n + " channel " + c);
                double variance = plane.mul(plane).meanNumber().doubleValue();
                assertEquals(1.0, variance, 1e-3, "variance of image " + n + " channel " + c);
            }
        }
        // images do not influence each other: the first image alone gives the same output
        INDArray alone = net.output(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1)));
        assertArrayEquals(y.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1)).ravel().toDoubleVector(),
                alone.ravel().toDoubleVector(), 1e-12);
    }

    @Test
    void gradientsOfInstanceNormalisationConvolutionAndResidualBlockMatchFiniteDifferences() {
        DataType before = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            check(false);
            check(true);
        } finally {
            Nd4j.setDefaultDataTypes(before, before);
        }
    }

    /**
     * L = sum(R * net(x)) for a fixed random R, so dL/doutput = R: the backward pass from that epsilon (how the
     * trainers use every network) against central differences (L(theta + e) - L(theta - e)) / 2e of each parameter,
     * and of each input value (the epsilon a network passes down, which a generator receives through D).
     */
    private static void check(boolean withBlock) {
        Nd4j.getRandom().setSeed(7);
        MultiLayerNetwork net = network(3, withBlock, false);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, withBlock ? 6 : 5, 4).subi(0.5).muli(4);
        INDArray r = Nd4j.rand(DataType.DOUBLE, 2, 3, withBlock ? 3 : 5, withBlock ? 2 : 4).subi(0.5);
        net.setInput(x);
        net.feedForward(true, false);
        org.nd4j.common.primitives.Pair<org.deeplearning4j.nn.gradient.Gradient, INDArray> back =
                net.backpropGradient(r, LayerWorkspaceMgr.noWorkspaces());
        INDArray analytic = back.getFirst().gradient().dup();
        INDArray inputGradient = back.getSecond().dup();   // what a generator receives through a discriminator
        String what = withBlock ? "convolution, residual block, convolution" : "instance normalisation";
        INDArray params = net.params();
        CentralDifferences.compare(net, x, r, params, analytic, what + ": parameter");
        assertTrue(params.length() > (withBlock ? 100 : 5), "parameters checked: " + params.length());
        CentralDifferences.compare(net, x, r, x, inputGradient, what + ": input");
    }
}
