package io.sparkgan.loss;

import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.GanConfig;
import io.sparkgan.model.NetworkFactory;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LipschitzConstraintTest {

    private static GanConfig config(String... overrides) {
        List<String> all = new java.util.ArrayList<>(List.of("data.source=idx", "data.idx.images=x", "model.type=dcgan",
                "model.dcgan.base-width=8", "loss.family=wasserstein"));
        all.addAll(List.of(overrides));
        return ConfigLoader.parse("", "t", all);
    }

    private static MultiLayerNetwork critic(GanConfig c) {
        MultiLayerNetwork d = NetworkFactory.create(c.model(), c.train(), new long[]{1, 28, 28}, 3).discriminator();
        d.params().muli(40); // push weights and spectral norms far above 1
        return d;
    }

    @Test
    void weightClippingBoundsEveryWeightButLeavesBatchNormStatisticsAlone() {
        GanConfig c = config("loss.lipschitz=clip", "loss.clip-value=0.01");
        MultiLayerNetwork d = critic(c);
        d.getLayer(2).paramTable().get("mean").assign(5); // a running mean far outside [-c, c]
        LipschitzConstraint.from(c.loss()).apply(d, null);
        for (Layer layer : d.getLayers()) {
            layer.paramTable().forEach((key, value) -> {
                if (key.equals("mean") || key.equals("log10stdev")) {
                    return;
                }
                assertTrue(value.amaxNumber().doubleValue() <= 0.01 + 1e-9, key + " clipped");
            });
        }
        assertEquals(5.0, d.getLayer(2).paramTable().get("mean").getDouble(0));
    }

    @Test
    void spectralNormalisationBringsEveryWeightMatrixToNormOne() {
        GanConfig c = config("loss.lipschitz=spectral", "loss.spectral-iterations=1");
        MultiLayerNetwork d = critic(c);
        double[] before = SpectralNormalization.spectralNorms(d);
        assertTrue(before[0] > 2, "weights start far above norm 1: " + before[0]);
        LipschitzConstraint sn = LipschitzConstraint.from(c.loss());
        org.nd4j.linalg.api.ndarray.INDArray u = sn.initialState(d);
        for (int step = 0; step < 20; step++) { // the persistent u converges over the steps, as in training
            sn.apply(d, u);
        }
        for (double sigma : SpectralNormalization.spectralNorms(d)) {
            assertEquals(1.0, sigma, 0.02);
        }
    }

    @Test
    void spectralNormalisationCoversEveryWeightOfTheResidualDiscriminator() {
        GanConfig c = ConfigLoader.parse("", "t", List.of("data.source=idx", "data.idx.images=x", "model.type=resnet",
                "model.resnet.discriminator-width=8", "model.resnet.generator-width=8", "loss.family=hinge",
                "loss.lipschitz=spectral"));
        MultiLayerNetwork d = critic(c);
        double[] before = SpectralNormalization.spectralNorms(d);
        // four blocks: W1, W2, Ws; W1, W2, Ws (pooling); W1, W2; W1, W2 (identity shortcuts); the dense output
        assertEquals(3 + 3 + 2 + 2 + 1, before.length);
        LipschitzConstraint sn = LipschitzConstraint.from(c.loss());
        INDArray u = sn.initialState(d);
        for (int step = 0; step < 30; step++) {
            sn.apply(d, u);
        }
        double[] after = SpectralNormalization.spectralNorms(d);
        for (int i = 0; i < after.length; i++) {
            assertTrue(before[i] > 2, "weight " + i + " starts far above norm 1: " + before[i]);
            assertEquals(1.0, after[i], 0.02, "weight " + i);
        }
    }

    @Test
    void spectralNormOfAKnownMatrixIsItsLargestSingularValue() {
        GanConfig c = config("loss.lipschitz=spectral");
        MultiLayerNetwork d = critic(c);
        INDArray w = d.getLayer(0).paramTable().get("W");
        INDArray matrix = w.reshape(w.size(0), w.length() / w.size(0));
        matrix.assign(0);
        matrix.putScalar(0, 0, 3.0);
        matrix.putScalar(1, 1, 2.0);
        assertEquals(3.0, SpectralNormalization.spectralNorms(d)[0], 1e-4);
    }
}
