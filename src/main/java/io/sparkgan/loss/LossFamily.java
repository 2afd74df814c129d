package io.sparkgan.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The configured generator/discriminator loss pair, by its name in {@code loss.family}. */
public enum LossFamily {
    MINIMAX("minimax", true),
    NON_SATURATING("non-saturating", true),
    MAXIMUM_LIKELIHOOD("maximum-likelihood", true),
    WASSERSTEIN("wasserstein", false),
    HINGE("hinge", false),
    LEAST_SQUARES("least-squares", false);

    private final String configName;
    private final boolean probabilistic;

    LossFamily(String configName, boolean probabilistic) {
        this.configName = configName;
        this.probabilistic = probabilistic;
    }

    public static LossFamily named(String name) {
        for (LossFamily f : values()) {
            if (f.configName.equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown loss family '" + name + "'");
    }

    /** True when D's output is a logit of P(real): then D(x) = sigmoid(l) and the JSD estimate applies. */
    public boolean probabilistic() {
        return probabilistic;
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
