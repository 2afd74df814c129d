package io.sparkgan.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The two players. G maps z [B, n] to a sample [B, sampleShape...]; D maps a sample to one raw score
 * (a logit for the probabilistic losses) [B, 1]. Neither ends in a DL4J output layer: the losses live in
 * {@link io.sparkgan.loss.GanLosses} and reach the networks as epsilons.
 */
public record GanNetworks(MultiLayerNetwork generator, MultiLayerNetwork discriminator) {
}
