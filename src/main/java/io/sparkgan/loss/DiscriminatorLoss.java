package io.sparkgan.loss;

/**
 * A discriminator (critic) loss value and its gradient with respect to D's output logits.
 *
 * @param value mean loss over the minibatch
 * @param dReal dLoss/dlogit for each real sample (already divided by the batch size)
 * @param dFake dLoss/dlogit for each generated sample
 */
public record DiscriminatorLoss(double value, double[] dReal, double[] dFake) {
}
