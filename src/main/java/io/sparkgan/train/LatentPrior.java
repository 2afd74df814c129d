package io.sparkgan.train;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.SplittableRandom;

/** The prior p(z): standard normal N(0, I_n) or uniform U[-1, 1]^n, drawn where ND4J's arrays live. */
public enum LatentPrior {
    NORMAL, UNIFORM;

    public static LatentPrior named(String name) {
        return switch (name) {
            case "normal" -> NORMAL;
            case "uniform" -> UNIFORM;
            default -> throw new IllegalArgumentException("unknown prior " + name);
        };
    }

    /** z [batch, dim]; takes one long from {@code random} (BackendNoise). */
    public INDArray sample(int batch, int dim, SplittableRandom random) {
        return this == NORMAL ? BackendNoise.normal(1.0, random, batch, dim)
                : BackendNoise.uniform(-1.0, 1.0, random, batch, dim);
    }
}
