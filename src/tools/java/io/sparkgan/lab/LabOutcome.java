package io.sparkgan.lab;

/**
 * How one training method fared on the Dirac-GAN, from its trajectory (theta, psi) per step.
 *
 * @param loss          loss.family
 * @param update        train.update (alternating or simultaneous)
 * @param regulariser   none, R1 (gamma = 1), instance noise (std 0.7) or the gradient penalty (lambda = 10)
 * @param steps         generator steps taken
 * @param endDistance   sqrt(theta^2 + psi^2) at the end over its start value
 * @param minDistance   its smallest value along the way over the start value
 * @param firstWithin1  the first step at which the distance is below 1% of the start; -1 if never
 * @param endTheta      |theta| at the end: how far G's point mass still is from the data at 0
 * @param verdict       converges | circles | spirals out | spirals in | stalls off the equilibrium | diverges
 *                      (a loss or parameter became infinite or NaN)
 */
public record LabOutcome(String loss, String update, String regulariser, int steps, double endDistance,
                         double minDistance, int firstWithin1, double endTheta, String verdict) {

    /**
     * The verdict from the path's distances d_s relative to d_0: converges when it ends within 1%; spirals out when
     * it ends above 1.25; circles when it ends within [0.8, 1.25] without coming nearer than half the start;
     * spirals in when it ends nearer; a path whose last step is below 1e-6 away from (0, 0) stalls.
     */
    static String verdict(double endDistance, double minDistance, double lastStepLength) {
        if (endDistance < 0.01) {
            return "converges";
        }
        if (lastStepLength < 1e-6) {
            return "stalls off the equilibrium";
        }
        if (endDistance > 1.25) {
            return "spirals out";
        }
        if (endDistance >= 0.8 && minDistance >= 0.5) {
            return "circles";
        }
        return "spirals in";
    }
}
