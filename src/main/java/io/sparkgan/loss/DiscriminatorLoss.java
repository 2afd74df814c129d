package io.sparkgan.loss;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A discriminator (critic) loss value and its gradient with respect to D's output logits, as arrays on ND4J's
 * backend (read on the host once per round, by IntervalStats).
 *
 * @param value mean loss over the minibatch, a scalar array
 * @param dReal dLoss/dlogit for each real sample [B] (already divided by the batch size)
 * @param dFake dLoss/dlogit for each generated sample [B]
 */
public record DiscriminatorLoss(INDArray value, INDArray dReal, INDArray dFake) {
}
