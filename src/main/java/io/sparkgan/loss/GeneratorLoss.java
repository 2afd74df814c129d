package io.sparkgan.loss;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A generator loss value and its gradient with respect to D's logits on the generated samples, as arrays on
 * ND4J's backend.
 *
 * @param value mean loss over the minibatch, a scalar array
 * @param dFake dLoss/dlogit for each generated sample [B] (already divided by the batch size)
 */
public record GeneratorLoss(INDArray value, INDArray dFake) {
}
