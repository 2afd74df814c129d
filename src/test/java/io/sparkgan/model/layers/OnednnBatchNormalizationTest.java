package io.sparkgan.model.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Batch norm on libnd4j's batchnorm ops: the helper is attached on CPU, and the layer computes what DL4J's own
 * BatchNormalization computes (outputs, parameter gradients, the running-statistics update, dL/dx), which agrees
 * with central differences of L = sum(r * y).
 */
class OnednnBatchNormalizationTest {
    private static final InputType IMAGES = InputType.convolutional(5, 4, 3);

    /** One batch-norm layer, ours or DL4J's, over {@code input}. */
    private static MultiLayerNetwork network(boolean onednn, InputType input) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(3).updater(new NoOp()).list();
        b.layer(onednn ? new OnednnBatchNormalization() : new BatchNormalization.Builder().build());
        b.setInputType(input);
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        // gamma and beta away from their start values 1 and 0, so that a mix-up of the two would show
        INDArray gamma = net.getParam("0_gamma");
        gamma.assign(Nd4j.rand(DataType.FLOAT, gamma.shape()).addi(0.5));
        net.getParam("0_beta").assign(Nd4j.rand(DataType.FLOAT, gamma.shape()).subi(0.5));
        return net;
    }

    @Test
    void onCpuTheLayerRunsTheOpsHelperWhileDl4jsOwnLayerRunsWithout() {
        assertNotNull(network(true, IMAGES).getLayer(0).getHelper());
        assertNull(network(false, IMAGES).getLayer(0).getHelper());
    }

    @Test
    void imagesGetWhatDl4jsLayerComputesForwardAndBackward() {
        sameAsDl4j(IMAGES, new long[]{6, 3, 5, 4});
    }

    @Test
    void rowsAfterADenseLayerKeepDl4jsPassesAndTheSameResults() {
        sameAsDl4j(InputType.feedForward(7), new long[]{6, 7});
    }

    private static void sameAsDl4j(InputType type, long[] shape) {
        MultiLayerNetwork ops = network(true, type);
        MultiLayerNetwork dl4j = network(false, type);
        dl4j.setParams(ops.params());
        INDArray x = Nd4j.rand(DataType.FLOAT, shape).muli(4).subi(1);     // mean 1, so the centring matters
        INDArray r = Nd4j.rand(DataType.FLOAT, shape).subi(0.5);          // dL/dy of L = sum(r * y)
        Pair<Gradient, INDArray> a = backward(ops, x, r);
        Pair<Gradient, INDArray> b = backward(dl4j, x, r);
        assertArrayEquals(dl4j.output(x, true).ravel().toFloatVector(), ops.output(x, true).ravel().toFloatVector(), 1e-5f);
        // gamma, beta, and the running mean's and log10 std's updates (what DL4J applies as their "gradients")
        for (String param : new String[]{"gamma", "beta", "mean", "log10stdev"}) {
            assertArrayEquals(b.getFirst().getGradientFor("0_" + param).ravel().toFloatVector(),
                    a.getFirst().getGradientFor("0_" + param).ravel().toFloatVector(), 2e-5f, param);
        }
        assertArrayEquals(b.getSecond().ravel().toFloatVector(), a.getSecond().ravel().toFloatVector(), 1e-5f);
        // at inference both use the running statistics
        assertArrayEquals(dl4j.output(x, false).ravel().toFloatVector(), ops.output(x, false).ravel().toFloatVector(), 1e-5f);
    }

    /**
     * The batch variance in one pass, (1/n) sum x^2 - mu^2, matches the two-pass variance computed in float64, also
     * for a channel whose mean is 10^5 times its spread, where the one pass alone would lose every digit to
     * cancellation (there the helper takes two passes).
     */
    @Test
    void theBatchVarianceKeepsItsPrecisionWhenTheMeanDwarfsTheSpread() {
        MultiLayerNetwork net = network(true, IMAGES);
        INDArray x = Nd4j.randn(DataType.FLOAT, 6, 3, 5, 4);
        x.get(NDArrayIndex.all(), NDArrayIndex.point(0)).muli(0.01).addi(1000);   // mu 1000, sigma 0.01
        x.get(NDArrayIndex.all(), NDArrayIndex.point(1)).muli(3).addi(2);         // mu 2, sigma 3
        net.output(x, true);
        INDArray variance = net.getLayer(0).getHelper() instanceof BatchNormOps ops ? ops.getVarCache(DataType.FLOAT)
                : null;
        assertNotNull(variance, "the layer runs BatchNormOps");
        INDArray exact = x.castTo(DataType.DOUBLE).var(false, 0, 2, 3);
        for (int c = 0; c < 3; c++) {
            assertEquals(1.0, variance.getDouble(c) / exact.getDouble(c), 1e-4, "variance of channel " + c);
        }
    }

    @Test
    void itsGradientsAgreeWithCentralDifferences() {
        MultiLayerNetwork net = network(true, IMAGES);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 3, 5, 4).muli(4).subi(1);
        INDArray r = Nd4j.rand(DataType.FLOAT, 4, 3, 5, 4).subi(0.5);
        Pair<Gradient, INDArray> exact = backward(net, x, r);
        // dL/dx at a few positions of different samples and channels
        for (long[] at : new long[][]{{0, 0, 0, 0}, {1, 2, 3, 1}, {3, 1, 4, 3}, {2, 0, 2, 2}}) {
            assertEquals(centralDifference(net, x, r, x, at), exact.getSecond().getDouble(at), 2e-3,
                    "dL/dx at " + java.util.Arrays.toString(at));
        }
        for (String param : new String[]{"0_gamma", "0_beta"}) {
            INDArray p = net.getParam(param).reshape(3);     // a view of gamma or beta
            for (long c = 0; c < 3; c++) {
                assertEquals(centralDifference(net, x, r, p, new long[]{c}),
                        exact.getFirst().getGradientFor(param).getDouble(c), 2e-3, param + "[" + c + "]");
            }
        }
    }

    /** (L(v + h) - L(v - h)) / 2h for the element {@code at} of {@code v} (x or a parameter), h = 0.01. */
    private static double centralDifference(MultiLayerNetwork net, INDArray x, INDArray r, INDArray v, long[] at) {
        double h = 1e-2;
        float was = v.getFloat(at);
        v.putScalar(at, was + h);
        double up = loss(net, x, r);
        v.putScalar(at, was - h);
        double down = loss(net, x, r);
        v.putScalar(at, was);
        return (up - down) / (2 * h);
    }

    @Test
    void aModelFileKeepsTheLayerAndItsHelperAndLoadsIntoDl4jsLayer() throws IOException {
        MultiLayerNetwork net = network(true, IMAGES);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, false);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()));
        assertInstanceOf(OnednnBatchNormalization.class, back.getLayerWiseConfigurations().getConf(0).getLayer());
        assertNotNull(back.getLayer(0).getHelper());
        BatchNormalization conf = (BatchNormalization) back.getLayerWiseConfigurations().getConf(0).getLayer();
        assertTrue(conf.isUseLogStd());
        assertEquals(0.9, conf.getDecay());
        assertEquals(1e-5, conf.getEps());
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 5, 4);
        assertArrayEquals(net.output(x).ravel().toFloatVector(), back.output(x).ravel().toFloatVector(), 0f);
        // the parameters are DL4J's layer's, in the same order: a DL4J network takes them as they are
        MultiLayerNetwork dl4j = network(false, IMAGES);
        dl4j.setParams(back.params());
        assertArrayEquals(net.output(x).ravel().toFloatVector(), dl4j.output(x).ravel().toFloatVector(), 1e-5f);
    }

    private static double loss(MultiLayerNetwork net, INDArray x, INDArray r) {
        return net.output(x, true).castTo(DataType.DOUBLE).mul(r.castTo(DataType.DOUBLE)).sumNumber().doubleValue();
    }

    private static Pair<Gradient, INDArray> backward(MultiLayerNetwork net, INDArray x, INDArray r) {
        net.setInput(x);
        net.feedForward(true, false);
        Pair<Gradient, INDArray> p = net.backpropGradient(r, LayerWorkspaceMgr.noWorkspaces());
        return new Pair<>(p.getFirst(), p.getSecond().dup());
    }
}
