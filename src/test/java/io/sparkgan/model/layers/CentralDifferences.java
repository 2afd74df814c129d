package io.sparkgan.model.layers;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gradient check of the layer tests: a backward pass against float64 central differences. */
final class CentralDifferences {
    private CentralDifferences() {
    }

    /**
     * L = sum(R * net(x)) for the fixed R: each value of {@code varied} (the parameters or the input x) moved by +-e,
     * (L(+e) - L(-e)) / 2e against {@code backward}, the gradient the backward pass from epsilon R gave for it.
     */
    static void compare(MultiLayerNetwork net, INDArray x, INDArray r, INDArray varied, INDArray backward,
                        String what) {
        double e = 1e-6;
        for (int i = 0; i < varied.length(); i++) {
            double original = varied.getDouble(i);
            varied.putScalar(i, original + e);
            double plus = net.output(x, true).mul(r).sumNumber().doubleValue();
            varied.putScalar(i, original - e);
            double minus = net.output(x, true).mul(r).sumNumber().doubleValue();
            varied.putScalar(i, original);
            double numeric = (plus - minus) / (2 * e);
            double a = backward.getDouble(i);
            double error = Math.abs(a - numeric) / Math.max(1e-3, Math.abs(a) + Math.abs(numeric));
            assertTrue(error < 1e-5, what + " " + i + " backward " + a + ", central difference " + numeric);
        }
    }
}
