package io.sparkgan.augment;

import io.sparkgan.config.AugmentConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * ADA's controller (Karras et al. 2020): the probability p with which each transform applies follows D's
 * overfitting. Its state is a float array [p, S, N] in the run's state (checkpointed; averaged over Spark partitions
 * with the rest): S sums sign(D's raw output on a real image - threshold) over the N real images D has seen since p
 * last moved. Every {@code interval} D steps, with r = S / N,
 * p <- clip(p + sign(r - target) * (interval * B) / speed-images, 0, 1) and S, N <- 0, where B is the global
 * minibatch: the images the whole run saw in those steps, so that one JVM and P partitions (each moving its p by the
 * global count, then averaged) move p at the same speed.
 */
public final class AdaptiveProbability {
    /** Floats of the state: p, S, N. */
    public static final int LENGTH = 3;
    private final double target;
    private final int interval;
    private final double step;

    /** @param globalBatch B, real images per D step over all partitions */
    public AdaptiveProbability(AugmentConfig config, int globalBatch) {
        this.target = config.target();
        this.interval = config.interval();
        this.step = (double) config.interval() * globalBatch / config.speedImages();
    }

    /** The state at the start of a run: p = 0, nothing seen. */
    public static INDArray initialState() {
        return Nd4j.zeros(DataType.FLOAT, LENGTH);
    }

    /** p of the state (0 for no state: the policy is not adaptive, and then p does not apply). */
    public static double probability(INDArray state) {
        return state == null ? 0 : state.getDouble(0);
    }

    /**
     * Adds a D step's real scores [B] to S and N.
     *
     * @param threshold the score D's decision turns at: 0 for a logit or a critic, 0.5 for least squares' targets 0, 1
     */
    public static void observe(INDArray state, INDArray realScores, double threshold) {
        double signs = Transforms.sign(realScores.sub(threshold), false).sumNumber().doubleValue();
        state.putScalar(1, state.getDouble(1) + signs);
        state.putScalar(2, state.getDouble(2) + realScores.length());
    }

    /** After D step {@code stepsDone} (1-based count): moves p when a whole interval has passed. */
    public void afterStep(INDArray state, long stepsDone) {
        if (stepsDone % interval != 0 || state.getDouble(2) <= 0) {
            return;
        }
        double r = state.getDouble(1) / state.getDouble(2);
        double p = Math.min(1, Math.max(0, state.getDouble(0) + Math.signum(r - target) * step));
        state.putScalar(0, p);
        state.putScalar(1, 0);
        state.putScalar(2, 0);
    }
}
