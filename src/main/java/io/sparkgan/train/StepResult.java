package io.sparkgan.train;

/**
 * Figures of one training iteration (k D steps and one G step), from its last D step and its G step.
 *
 * @param discriminatorLoss D's loss on its last step
 * @param generatorLoss     G's loss
 * @param meanRealOutput    mean D(x) on real samples (sigmoid of the logit for probabilistic losses)
 * @param meanFakeOutput    mean D(G(z)) on the G step's samples
 * @param jsdEstimate       (V + log 4) / 2 on the last D step, NaN when the loss is not probabilistic
 */
public record StepResult(double discriminatorLoss, double generatorLoss, double meanRealOutput,
                         double meanFakeOutput, double jsdEstimate) {

    public boolean finite() {
        return Double.isFinite(discriminatorLoss) && Double.isFinite(generatorLoss);
    }
}
