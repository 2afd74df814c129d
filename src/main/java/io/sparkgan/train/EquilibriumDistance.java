package io.sparkgan.train;

/**
 * The Dirac-GAN's distance sqrt(theta^2 + psi^2) from its equilibrium (0, 0), at the start of the run and at its
 * end: a converging method ends far below the start, a circling one near it, a diverging one above it.
 */
public record EquilibriumDistance(double start, double end) {
}
