package io.sparkgan.model.layers;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;

/**
 * A correction for DL4J 1.0.0-M2.1's SameDiffLayer inside a MultiLayerNetwork: its backward pass returns twice
 * the true gradient, for the parameters and for the epsilon it passes down alike (measured: every parameter's
 * gradient and the input gradient at exactly 2x the central difference, compounding layer by layer).
 * A layer's output y is therefore returned as 0.5 y + 0.5 stop_gradient(y): the same value, half the gradient.
 * InstanceNormalizationTest checks the result against central finite differences, so a DL4J version without the
 * doubling fails that test instead of training at half the gradient.
 */
final class SameDiffGradients {
    private SameDiffGradients() {
    }

    static SDVariable halved(SameDiff sd, SDVariable y) {
        SDVariable constant = new StopGradient(sd, y).outputVariable();
        return y.mul(0.5).add(constant.mul(0.5));
    }
}
