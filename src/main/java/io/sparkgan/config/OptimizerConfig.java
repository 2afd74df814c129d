package io.sparkgan.config;

/**
 * The optimiser of one network.
 *
 * @param optimizer    adam, or sgd (plain gradient descent theta <- theta - lr * grad, the step the GAN theory
 *                     of simultaneous and alternating play is about)
 * @param learningRate step size
 * @param beta1        Adam's first-moment decay (ignored by sgd)
 * @param beta2        Adam's second-moment decay (ignored by sgd)
 */
public record OptimizerConfig(Optimizer optimizer, double learningRate, double beta1, double beta2) {
}
