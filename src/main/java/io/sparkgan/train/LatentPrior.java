package io.sparkgan.train;

import io.sparkgan.config.Prior;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.SplittableRandom;

/** The prior p(z): standard normal N(0, I_n) or uniform U[-1, 1]^n, drawn where ND4J's arrays live. */
public enum LatentPrior {
    NORMAL, UNIFORM;

    /** The prior of {@code model.prior}'s choice. */
    public static LatentPrior named(Prior prior) {
        return switch (prior) {
            case NORMAL -> NORMAL;
            case UNIFORM -> UNIFORM;
        };
    }

    /** z [batch, dim]; takes one long from {@code random} (DeviceNoise). */
    public INDArray sample(int batch, int dim, SplittableRandom random) {
        return this == NORMAL ? DeviceNoise.normal(1.0, random, batch, dim)
                : DeviceNoise.uniform(-1.0, 1.0, random, batch, dim);
    }
}
