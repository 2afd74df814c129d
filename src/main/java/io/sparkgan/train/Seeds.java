package io.sparkgan.train;

/**
 * Derives independent seeds from the run seed and a position (purpose, epoch, step, ...), so that every
 * random draw is a pure function of where it happens: a retried or resumed step draws the same numbers.
 */
public final class Seeds {
    public static final long SHUFFLE = 1;
    public static final long STEP = 2;
    public static final long FIXED_NOISE = 3;
    public static final long SAMPLES = 4;
    public static final long PARTITION = 5;

    private Seeds() {
    }

    /**
     * The seed of partition p's random streams (its shard of a 2-D mixture, its batch order, its steps'
     * noise). Partition 0 uses the run seed itself, so a one-partition Spark run draws exactly what the
     * single-JVM engine draws, and the two engines can be checked against each other.
     */
    public static long forPartition(long seed, int partition) {
        return partition == 0 ? seed : derive(seed, PARTITION, partition);
    }

    public static long derive(long seed, long... position) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        for (long p : position) {
            h = mix(h ^ mix(p + 0x632BE59BD9B4E019L));
        }
        return h;
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
