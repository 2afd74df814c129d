package io.sparkgan.config;

/**
 * The adversarial objective and the Lipschitz control of D.
 *
 * @param family                minimax, non-saturating, maximum-likelihood, wasserstein, hinge or least-squares
 * @param lipschitz             none, clip, spectral or gradient-penalty
 * @param clipValue             c for weight clipping
 * @param spectralIterations    power-iteration steps per D step
 * @param labelSmoothing        s: real targets become 1 - s; 0 = off
 * @param gradientPenaltyWeight lambda of WGAN-GP's lambda (||grad_x D(x_hat)|| - 1)^2 (lipschitz = gradient-penalty)
 * @param r1Gamma               gamma of R1's (gamma / 2) ||grad_x D(x_real)||^2; 0 = off
 * @param r1Interval            R1 on every n-th D step only, with gamma n (lazy regularisation); 1 = every step
 */
public record LossConfig(Loss family, Lipschitz lipschitz, double clipValue, int spectralIterations,
                         double labelSmoothing, double gradientPenaltyWeight, double r1Gamma, int r1Interval) {
    /** True when D's step adds a gradient penalty (WGAN-GP, R1 or both). */
    public boolean penalised() {
        return lipschitz == Lipschitz.GRADIENT_PENALTY || r1Gamma > 0;
    }
}
