package io.sparkgan.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The figures of one training iteration as scalar arrays where ND4J computed them (on the GPU with the cuda
 * profile): a step never waits for them. {@link #read} copies them to the host; {@link IntervalStats} does that
 * once per round, when the state leaves the executor anyway.
 *
 * @param discriminatorLoss D's loss on its last step
 * @param generatorLoss     G's loss
 * @param meanRealOutput    mean D(x) on real samples (sigmoid of the logit for probabilistic losses)
 * @param meanFakeOutput    mean D(G(z)) on the G step's samples
 * @param jsdEstimate       (V + log 4) / 2 on the last D step; null when the loss is not probabilistic
 * @param penaltyDropped    samples whose gradient-penalty term was left out in the iteration's D steps (their
 *                          activation pattern changed even at the smallest central-difference step), summed over
 *                          the steps; a count the step already has on the host
 */
public record DeviceStepFigures(INDArray discriminatorLoss, INDArray generatorLoss, INDArray meanRealOutput,
                          INDArray meanFakeOutput, INDArray jsdEstimate, int penaltyDropped) {

    /** Figures of an iteration without a gradient penalty. */
    public DeviceStepFigures(INDArray discriminatorLoss, INDArray generatorLoss, INDArray meanRealOutput,
                       INDArray meanFakeOutput, INDArray jsdEstimate) {
        this(discriminatorLoss, generatorLoss, meanRealOutput, meanFakeOutput, jsdEstimate, 0);
    }

    /** Figures that a step computed on the host (CycleStep). */
    public static DeviceStepFigures ofHost(double discriminatorLoss, double generatorLoss, double meanRealOutput,
                                     double meanFakeOutput) {
        return new DeviceStepFigures(Nd4j.scalar(discriminatorLoss), Nd4j.scalar(generatorLoss),
                Nd4j.scalar(meanRealOutput), Nd4j.scalar(meanFakeOutput), null);
    }

    /** The figures on the host. */
    public StepFigures read() {
        return new StepFigures(discriminatorLoss.getDouble(0), generatorLoss.getDouble(0),
                meanRealOutput.getDouble(0), meanFakeOutput.getDouble(0),
                jsdEstimate == null ? Double.NaN : jsdEstimate.getDouble(0), penaltyDropped);
    }
}
