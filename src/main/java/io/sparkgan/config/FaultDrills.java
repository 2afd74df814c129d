package io.sparkgan.config;

/**
 * Fault drills for tests, deliberately not config keys (reference.conf does not know them, so a user's experiment
 * file cannot turn one on): JVM system properties {@value #PREFIX}KEY, read when a config is built, -1 (off)
 * when unset. The drills: {@code spark.inject-failure.epoch|round|partition} (the first attempt of that round's
 * task throws, and Spark retries it), {@code checkpoint.inject-stall.epoch} (stall half-way through writing the
 * checkpoint that ends that epoch, so a test can kill the process mid-write), {@code divergence.inject-nan.epoch|round}
 * (poison D's parameters with NaN after that round, once per process).
 */
public final class FaultDrills {
    public static final String PREFIX = "spark-gan.drill.";

    private FaultDrills() {
    }

    /** The drill {@code key}'s value, -1 when off; a value that is not an integer is refused naming the property. */
    static int get(String key) {
        String value = System.getProperty(PREFIX + key);
        if (value == null || value.isBlank()) {
            return -1;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidConfigException("system property " + PREFIX + key + " = " + value + " is not an integer");
        }
    }
}
