package io.sparkgan.config;

/**
 * The Spark engine's outer optimizer ({@code spark.outer.*}), applied by the driver to G's and D's parameters after
 * every round: Delta = theta - mean_p(theta_p), then an outer step with Delta as the gradient.
 *
 * @param optimizer    average (the mean, today's local SGD), nesterov or adam
 * @param learningRate eta of the outer step (DiLoCo: 0.7 for Nesterov)
 * @param momentum     mu of Nesterov's momentum (DiLoCo: 0.9)
 * @param beta1        Adam's first-moment decay
 * @param beta2        Adam's second-moment decay
 * @param epsilon      Adam's epsilon, in parameter units
 */
public record OuterConfig(OuterMethod optimizer, double learningRate, double momentum, double beta1, double beta2,
                          double epsilon) {
    /** Whether an outer step replaces the plain mean. */
    public boolean stepping() {
        return optimizer != OuterMethod.AVERAGE;
    }
}
