package io.sparkgan.data;

import java.util.SplittableRandom;

/** Standard normal draws from a {@link SplittableRandom} (Box-Muller), so every stream is seedable and splittable. */
public final class Gaussian {
    private Gaussian() {
    }

    /** One N(0, 1) draw. */
    public static double next(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble(); // (0, 1]: log is finite
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
