package io.sparkgan.loss;

import io.sparkgan.config.Loss;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The configured generator/discriminator loss pair, by its choice in {@code loss.family}. */
public enum LossFamily {
    MINIMAX(true),
    NON_SATURATING(true),
    MAXIMUM_LIKELIHOOD(true),
    WASSERSTEIN(false),
    HINGE(false),
    LEAST_SQUARES(false);

    private final boolean probabilistic;

    LossFamily(boolean probabilistic) {
        this.probabilistic = probabilistic;
    }

    /** The loss pair of {@code loss.family}'s choice. */
    public static LossFamily named(Loss family) {
        return switch (family) {
            case MINIMAX -> MINIMAX;
            case NON_SATURATING -> NON_SATURATING;
            case MAXIMUM_LIKELIHOOD -> MAXIMUM_LIKELIHOOD;
            case WASSERSTEIN -> WASSERSTEIN;
            case HINGE -> HINGE;
            case LEAST_SQUARES -> LEAST_SQUARES;
        };
    }

    /** True when D's output is a logit of P(real): then D(x) = sigmoid(l) and the JSD estimate applies. */
    public boolean probabilistic() {
        return probabilistic;
    }

    /**
     * The raw score at which D's decision between real and fake turns: 0 for a logit, a critic or the hinge, 0.5 for
     * least squares (targets 0 for fake, 1 for real). ADA's overfitting measure is E[sign(score - this)] on real images.
     */
    public double decisionThreshold() {
        return this == LEAST_SQUARES ? 0.5 : 0.0;
    }

    public DiscriminatorLoss discriminatorLoss(INDArray real, INDArray fake, double labelSmoothing) {
        return switch (this) {
            case MINIMAX -> GanLosses.minimaxDiscriminatorLoss(real, fake, labelSmoothing);
            case NON_SATURATING -> GanLosses.nonSaturatingDiscriminatorLoss(real, fake, labelSmoothing);
            case MAXIMUM_LIKELIHOOD -> GanLosses.maximumLikelihoodDiscriminatorLoss(real, fake, labelSmoothing);
            case WASSERSTEIN -> GanLosses.wassersteinDiscriminatorLoss(real, fake);
            case HINGE -> GanLosses.hingeDiscriminatorLoss(real, fake);
            case LEAST_SQUARES -> GanLosses.leastSquaresDiscriminatorLoss(real, fake, labelSmoothing);
        };
    }

    public GeneratorLoss generatorLoss(INDArray fake) {
        return switch (this) {
            case MINIMAX -> GanLosses.minimaxGeneratorLoss(fake);
            case NON_SATURATING -> GanLosses.nonSaturatingGeneratorLoss(fake);
            case MAXIMUM_LIKELIHOOD -> GanLosses.maximumLikelihoodGeneratorLoss(fake);
            case WASSERSTEIN -> GanLosses.wassersteinGeneratorLoss(fake);
            case HINGE -> GanLosses.hingeGeneratorLoss(fake);
            case LEAST_SQUARES -> GanLosses.leastSquaresGeneratorLoss(fake);
        };
    }

    /**
     * What the run reports as "D(x)", averaged over scores [B] into a scalar array: sigmoid(l) for probabilistic
     * families, the raw score otherwise.
     */
    public INDArray meanReportedOutput(INDArray scores) {
        return probabilistic ? Transforms.sigmoid(scores, true).mean() : scores.mean();
    }
}
