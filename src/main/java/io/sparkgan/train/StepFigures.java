package io.sparkgan.train;

/**
 * Figures of one training iteration (k D steps and one G step), from its last D step and its G step.
 *
 * @param discriminatorLoss D's loss on its last step
 * @param generatorLoss     G's loss
 * @param meanRealOutput    mean D(x) on real samples (sigmoid of the logit for probabilistic losses)
 * @param meanFakeOutput    mean D(G(z)) on the G step's samples
 * @param jsdEstimate       (V + log 4) / 2 on the last D step, NaN when the loss is not probabilistic
 * @param penaltyDropped    samples left out of the gradient penalties: in one iteration those of its D steps; in
 *                          {@link IntervalStats#mean} a sum, not a mean, over the iterations and, on the Spark engine,
 *                          over the partitions (each computes on its B / P rows, so the sum counts the samples of the
 *                          global batch B, as one JVM computing on B rows counts them)
 */
public record StepFigures(double discriminatorLoss, double generatorLoss, double meanRealOutput,
                         double meanFakeOutput, double jsdEstimate, long penaltyDropped) {

    public boolean finite() {
        return Double.isFinite(discriminatorLoss) && Double.isFinite(generatorLoss);
    }
}
