package io.sparkgan.spark;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Two "partitions" take one DL4J Adam step each from the same state on their own 16 rows; the mean of their
 * states, with the second moment put back from the mean gradient, must be the state of one DL4J Adam step on
 * all 32 rows (m and v, float rounding apart), while the plain mean of the two v is not.
 */
class AdamSecondMomentTest {
    private static final int IN = 5;

    private static MultiLayerNetwork network() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT)
                .updater(new Adam(1e-2, 0.5, 0.999, 1e-8)).list()
                .layer(new DenseLayer.Builder().nIn(IN).nOut(8).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nIn(8).nOut(8).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(8).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static DataSet rows(long seed, int n) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(DataType.FLOAT, n, IN);
        INDArray y = Nd4j.randn(DataType.FLOAT, n, 2).addi(x.getColumns(0, 1).mul(3));
        return new DataSet(x, y);
    }

    private static MultiLayerNetwork copyOf(MultiLayerNetwork source) {
        MultiLayerNetwork copy = network();
        copy.setParams(source.params().dup());
        copy.getUpdater().getStateViewArray().assign(source.getUpdater().getStateViewArray());
        return copy;
    }

    private static float[] state(MultiLayerNetwork net) {
        return net.getUpdater().getStateViewArray().toFloatVector();
    }

    @Test
    void theMeanOfTwoStepsWithTheSecondMomentPutBackIsOneStepOnTheirRows() {
        MultiLayerNetwork start = network();
        for (int i = 0; i < 3; i++) {
            start.fit(rows(10 + i, 32));    // a state with m and v away from zero
        }
        DataSet first = rows(1, 16);
        DataSet second = rows(2, 16);

        MultiLayerNetwork a = copyOf(start);
        a.fit(first);
        MultiLayerNetwork b = copyOf(start);
        b.fit(second);
        MultiLayerNetwork both = copyOf(start);
        both.fit(DataSet.merge(java.util.List.of(first, second)));

        MultiLayerNetwork mean = copyOf(start);
        mean.getUpdater().getStateViewArray().assign(
                a.getUpdater().getStateViewArray().add(b.getUpdater().getStateViewArray()).divi(2));
        float[] plainMean = state(mean);
        AdamSecondMoment.fromMeanGradient(mean, state(start));

        float[] expected = state(both);
        float[] repaired = state(mean);
        assertThat(repaired).hasSameSizeAs(expected);
        double worstPlain = 0;
        for (int j = 0; j < expected.length; j++) {
            double scale = Math.abs(expected[j]) + 1e-9;
            assertThat(repaired[j]).as("state [%d]", j).isCloseTo(expected[j], within((float) (1e-4 * scale + 1e-12)));
            worstPlain = Math.max(worstPlain, Math.abs(plainMean[j] - expected[j]) / scale);
        }
        assertThat(worstPlain).as("the plain mean of v is not the global batch's").isGreaterThan(1e-2);
    }

    @Test
    void aNetworkWithoutAdamStateIsLeftAsItIs() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3)
                .updater(new org.nd4j.linalg.learning.config.Sgd(0.1)).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(IN).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.fit(rows(1, 8));
        INDArray params = net.params().dup();
        AdamSecondMoment.fromMeanGradient(net, new float[0]);
        assertThat(net.params()).isEqualTo(params);
    }
}
