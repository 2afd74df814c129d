package io.sparkgan.loss;

import io.sparkgan.config.LossConfig;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Keeps the critic D (approximately) 1-Lipschitz by acting on D's parameters after every D step (clipping,
 * spectral normalisation); lipschitz = gradient-penalty acts through D's loss instead ({@link GradientPenalties}).
 */
public interface LipschitzConstraint {
    void apply(MultiLayerNetwork discriminator);

    /** The constraint named by {@code loss.lipschitz}. */
    static LipschitzConstraint from(LossConfig loss) {
        return switch (loss.lipschitz()) {
            // the gradient penalty is a term of D's loss (GradientPenalties), not a step after it
            case "none", "gradient-penalty" -> d -> { };
            case "clip" -> new WeightClipping(loss.clipValue());
            case "spectral" -> new SpectralNormalization(loss.spectralIterations());
            default -> throw new IllegalArgumentException("unknown lipschitz constraint " + loss.lipschitz());
        };
    }
}
