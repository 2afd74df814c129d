package io.sparkgan.config;

/** Adam settings of one network. */
public record AdamConfig(double learningRate, double beta1, double beta2) {
}
