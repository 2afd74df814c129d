package io.sparkgan.loss;

import io.sparkgan.config.LossConfig;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keeps the critic D (approximately) 1-Lipschitz by acting on D's parameters after every D step (clipping,
 * spectral normalisation); lipschitz = gradient-penalty acts through D's loss instead ({@link GradientPenalties}).
 * A constraint with memory (spectral normalisation's power-iteration vectors) keeps it in a state vector that
 * is part of the GAN state: averaged by the Spark engine, checkpointed and restored with the networks.
 */
public interface LipschitzConstraint {
    /**
     * Acts on D after a D step; {@code state} is the constraint's state vector ({@link #initialState}), read
     * and updated in place, or null for a constraint without one.
     */
    void apply(MultiLayerNetwork discriminator, INDArray state);

    /** The state vector the constraint starts from for {@code discriminator}; null when it keeps none. */
    default INDArray initialState(MultiLayerNetwork discriminator) {
        return null;
    }

    /** The constraint named by {@code loss.lipschitz}. */
    static LipschitzConstraint from(LossConfig loss) {
        return switch (loss.lipschitz()) {
            // the gradient penalty is a term of D's loss (GradientPenalties), not a step after it
            case NONE, GRADIENT_PENALTY -> (d, state) -> { };
            case CLIP -> new WeightClipping(loss.clipValue());
            case SPECTRAL -> new SpectralNormalization(loss.spectralIterations());
        };
    }
}
