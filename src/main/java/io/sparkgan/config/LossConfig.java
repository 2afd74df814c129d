package io.sparkgan.config;

/**
 * The adversarial objective and the Lipschitz control of D.
 *
 * @param family             minimax, non-saturating, wasserstein, hinge or least-squares
 * @param lipschitz          none, clip or spectral
 * @param clipValue          c for weight clipping
 * @param spectralIterations power-iteration steps per D step
 * @param labelSmoothing     s: real targets become 1 - s; 0 = off
 */
public record LossConfig(String family, String lipschitz, double clipValue, int spectralIterations,
                         double labelSmoothing) {
}
