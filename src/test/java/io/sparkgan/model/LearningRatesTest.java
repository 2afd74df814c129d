package io.sparkgan.model;

import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.GanConfig;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LearningRatesTest {
    /** A new rate keeps CycleGAN's networks in one updater block, so Adam's m and v stay where they were. */
    @Test
    void aNewRateKeepsOneUpdaterBlockAndAdamsStateInPlace() {
        GanConfig c = ConfigLoader.load(Path.of("conf/fashion-cycle.conf"), List.of());
        MultiLayerNetwork d = CycleNetworks.forward(c.cycle(), c.train(), new long[]{1, 28, 28}, 1).discriminator();
        INDArray state = d.getUpdater().getStateViewArray();
        state.assign(org.nd4j.linalg.factory.Nd4j.linspace(1, state.length(), state.length()).reshape(state.shape()));
        float[] before = state.toFloatVector();
        LearningRates.set(d, 1e-5);
        assertThat(((MultiLayerUpdater) d.getUpdater()).getUpdaterBlocks()).hasSize(1);
        assertThat(d.getUpdater().getStateViewArray().toFloatVector()).containsExactly(before);
        assertThat(d.getLayerWiseConfigurations().getConf(0).getLayer().getUpdaterByParam("W").getLearningRate(0, 0))
                .isEqualTo(1e-5);
    }
}
