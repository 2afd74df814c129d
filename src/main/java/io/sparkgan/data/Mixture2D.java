package io.sparkgan.data;

import java.util.SplittableRandom;

/**
 * A uniform mixture of isotropic 2-D Gaussians (DESIGN §6, as PacGAN's published code defines them).
 *
 * @param name  ring8 or grid25
 * @param means K x 2 mode centres
 * @param std   the per-axis standard deviation of every mode
 */
public record Mixture2D(String name, double[][] means, double std) {

    /** 8 Gaussians evenly spaced on the unit circle (angles 2*pi*i/8, i = 0..7, all distinct), std 0.01. */
    public static Mixture2D ring8() {
        double[][] means = new double[8][];
        for (int i = 0; i < 8; i++) {
            double angle = 2 * Math.PI * i / 8;
            means[i] = new double[]{Math.cos(angle), Math.sin(angle)};
        }
        return new Mixture2D("ring8", means, 0.01);
    }

    /** 25 Gaussians with means on {-4,-2,0,2,4}^2, std 0.05. */
    public static Mixture2D grid25() {
        double[][] means = new double[25][];
        int k = 0;
        for (int i = -2; i <= 2; i++) {
            for (int j = -2; j <= 2; j++) {
                means[k++] = new double[]{2.0 * i, 2.0 * j};
            }
        }
        return new Mixture2D("grid25", means, 0.05);
    }

    /** The mixture of data.source ring8 or grid25. */
    public static Mixture2D of(io.sparkgan.config.DataSource source) {
        return switch (source) {
            case RING8 -> ring8();
            case GRID25 -> grid25();
            default -> throw new IllegalArgumentException("data.source = " + source + " is not a mixture (ring8, grid25)");
        };
    }

    public int modes() {
        return means.length;
    }

    /** n points: a uniformly chosen mode plus N(0, std^2 I) noise; row-major (x, y) pairs. */
    public float[] sample(int n, SplittableRandom random) {
        float[] xy = new float[2 * n];
        for (int i = 0; i < n; i++) {
            double[] mean = means[random.nextInt(means.length)];
            xy[2 * i] = (float) (mean[0] + std * Gaussian.next(random));
            xy[2 * i + 1] = (float) (mean[1] + std * Gaussian.next(random));
        }
        return xy;
    }
}
