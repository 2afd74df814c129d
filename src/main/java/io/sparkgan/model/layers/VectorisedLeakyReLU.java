package io.sparkgan.model.layers;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMax;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Max;
import org.nd4j.linalg.factory.Nd4j;

/**
 * LeakyReLU, f(z) = z for z > 0 and alpha z otherwise (alpha = 0 is ReLU), on ND4J ops that libnd4j vectorises:
 * forward max(z, alpha z) (a scalar multiply and a pairwise maximum; max(z, 0) for ReLU), backward
 * dL/dz = dL/df (alpha + (1 - alpha) [z >= 0]) for alpha > 0 and dL/df [z > 0] for ReLU, the sides of the kink
 * that DL4J's ActivationLReLU and ActivationReLU take. The values are theirs bit for bit (alpha + (1 - alpha) is 1
 * in float32 for alpha = 0.2).
 * <p>
 * It exists because DL4J 1.0.0-M2.1's ActivationLReLU runs libnd4j's LeakyRELU scalar op forward and a per-element
 * std::function lambda backward: on dcgan28's [64, 128, 7, 7] activations, one thread, 2.2 ms forward against
 * 0.17 ms for these two ops, and about 2 ms backward against 0.2 ms (src/site/markdown/measurements.md,
 * 2026-12-03). A subclass of ActivationLReLU, so code that asks whether a network is piecewise linear (the
 * gradient penalty's check) sees what it is.
 */
public class VectorisedLeakyReLU extends ActivationLReLU {
    /** For DL4J's JSON deserialisation (alpha is then read from the file). */
    public VectorisedLeakyReLU() {
        super(0.0);
    }

    public VectorisedLeakyReLU(double alpha) {
        super(alpha);
        if (!(alpha >= 0 && alpha < 1)) {
            throw new IllegalArgumentException("LeakyReLU slope alpha " + alpha + " outside [0, 1)");
        }
    }

    /** f(z), written into {@code in} [any shape]. */
    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        double alpha = getAlpha();
        if (alpha == 0) {
            return Nd4j.exec(new ScalarMax(in, null, in, 0.0));
        }
        INDArray scaled = in.mul(alpha);                 // alpha z
        Nd4j.exec(new Max(in, scaled, in));              // max(z, alpha z) = f(z) for 0 <= alpha < 1
        if (scaled.closeable()) {
            scaled.close();                              // freed now rather than when the GC finds it
        }
        return in;
    }

    /** dL/dz = dL/df f'(z), written into {@code in} (the pre-activation z, which DL4J hands over as a copy). */
    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        double alpha = getAlpha();
        if (alpha == 0) {
            Nd4j.exec(new Step(in, in, 0.0));            // f'(z) = [z > 0]
        } else {
            Nd4j.exec(new Step(in.negi(), in, 0.0));     // [z < 0]
            in.rsubi(1).muli(1 - alpha).addi(alpha);     // f'(z) = alpha + (1 - alpha) [z >= 0]
        }
        return new Pair<>(in.muli(epsilon), null);
    }

    @Override
    public String toString() {
        return "vectorised leakyrelu(a=" + getAlpha() + ")";
    }
}
