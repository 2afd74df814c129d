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

    /** Fills {@code out} with N(0, std^2) draws, two per Box-Muller pair. */
    public static void fill(float[] out, double std, SplittableRandom random) {
        for (int i = 0; i < out.length; i += 2) {
            double u1 = 1.0 - random.nextDouble();
            double u2 = random.nextDouble();
            double r = std * Math.sqrt(-2.0 * Math.log(u1));
            out[i] = (float) (r * Math.cos(2.0 * Math.PI * u2));
            if (i + 1 < out.length) {
                out[i + 1] = (float) (r * Math.sin(2.0 * Math.PI * u2));
            }
        }
    }
}
