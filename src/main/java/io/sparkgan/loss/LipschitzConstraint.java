package io.sparkgan.loss;

import io.sparkgan.config.LossConfig;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** Keeps the critic D (approximately) 1-Lipschitz; applied to D's parameters after every D step. */
public interface LipschitzConstraint {
    void apply(MultiLayerNetwork discriminator);

    /** The constraint named by {@code loss.lipschitz}. */
    static LipschitzConstraint from(LossConfig loss) {
        return switch (loss.lipschitz()) {
            case "none" -> d -> { };
            case "clip" -> new WeightClipping(loss.clipValue());
            case "spectral" -> new SpectralNormalization(loss.spectralIterations());
            default -> throw new IllegalArgumentException("unknown lipschitz constraint " + loss.lipschitz());
        };
    }
}
