package io.sparkgan.train;

import io.sparkgan.data.Gaussian;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/** The prior p(z): standard normal N(0, I_n) or uniform U[-1, 1]^n. */
public enum LatentPrior {
    NORMAL, UNIFORM;

    public static LatentPrior named(String name) {
        return switch (name) {
            case "normal" -> NORMAL;
            case "uniform" -> UNIFORM;
            default -> throw new IllegalArgumentException("unknown prior " + name);
        };
    }

    /** z [batch, dim]. */
    public INDArray sample(int batch, int dim, SplittableRandom random) {
        float[] z = new float[batch * dim];
        if (this == NORMAL) {
            Gaussian.fill(z, 1.0, random);
        } else {
            for (int i = 0; i < z.length; i++) {
                z[i] = (float) (2 * random.nextDouble() - 1);
            }
        }
        return Nd4j.create(z, new long[]{batch, dim}, 'c');
    }
}
