package io.sparkgan.model;

import org.deeplearning4j.nn.conf.layers.samediff.AbstractSameDiffLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Sets a network's learning rate on every layer. DL4J 1.0.0-M2.1's MultiLayerNetwork.setLearningRate changes only
 * its own layer types (BaseLayer), not SameDiff layers; the updater then groups the layers into blocks of equal
 * optimiser settings anew, and Adam's state view, laid out block by block as [m, v], is read in the new layout:
 * CycleGAN's first epoch at a new rate turned a discriminator loss NaN at its second iteration (measured). Setting
 * the SameDiff layers' rate first keeps one setting, one block and the state's layout.
 */
public final class LearningRates {
    private LearningRates() {
    }

    public static void set(MultiLayerNetwork net, double learningRate) {
        for (org.deeplearning4j.nn.api.Layer layer : net.getLayers()) {
            if (layer.conf().getLayer() instanceof AbstractSameDiffLayer sd) {
                if (sd.getUpdater() != null) {
                    sd.getUpdater().setLrAndSchedule(learningRate, null);
                }
                if (sd.getBiasUpdater() != null) {
                    sd.getBiasUpdater().setLrAndSchedule(learningRate, null);
                }
            }
        }
        net.setLearningRate(learningRate);
    }
}
