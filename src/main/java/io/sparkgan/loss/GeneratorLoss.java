package io.sparkgan.loss;

/**
 * A generator loss value and its gradient with respect to D's logits on the generated samples.
 *
 * @param value mean loss over the minibatch
 * @param dFake dLoss/dlogit for each generated sample (already divided by the batch size)
 */
public record GeneratorLoss(double value, double[] dFake) {
}
