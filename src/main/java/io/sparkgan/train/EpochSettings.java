package io.sparkgan.train;

/**
 * What the schedule says for one epoch.
 *
 * @param dSteps                    k, D steps per G step
 * @param generatorLearningRate     Adam step size of G
 * @param discriminatorLearningRate Adam step size of D
 * @param instanceNoiseStd          std of the Gaussian noise added to D's inputs (0 = none)
 * @param averagingPeriod           H, generator steps per Spark partition between two averagings
 */
public record EpochSettings(int dSteps, double generatorLearningRate, double discriminatorLearningRate,
                            double instanceNoiseStd, int averagingPeriod) implements java.io.Serializable {
}
