package io.sparkgan.config;

/**
 * {@code spark.outer.optimizer}: what the driver does with the partitions' weighted mean after a round. average
 * takes it (local SGD); nesterov and adam treat the mean change as a gradient for an outer step (DiLoCo, FedOpt).
 */
public enum OuterMethod {
    AVERAGE, NESTEROV, ADAM;

    /** The word in the config. */
    @Override
    public String toString() {
        return Choices.word(this);
    }
}
