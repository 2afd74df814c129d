package io.sparkgan.data;

/**
 * DESIGN §6 quality figures of generated 2-D samples against a {@link Mixture2D}.
 *
 * @param modesCovered        modes with at least one high-quality sample nearest to them
 * @param modesTotal          K
 * @param highQualityFraction share of samples within 3 std of their nearest mean
 * @param reverseKl           KL(q || uniform) = sum_i q_i log(q_i K), q the histogram of high-quality samples
 *                            over their nearest modes; +infinity when there is no high-quality sample
 */
public record MixtureMetrics(int modesCovered, int modesTotal, double highQualityFraction, double reverseKl) {

    /** Scores row-major (x, y) samples. */
    public static MixtureMetrics of(Mixture2D mixture, float[] xy) {
        int k = mixture.modes();
        int n = xy.length / 2;
        long[] counts = new long[k];
        long highQuality = 0;
        double radius = 3 * mixture.std();
        for (int i = 0; i < n; i++) {
            double x = xy[2 * i];
            double y = xy[2 * i + 1];
            int nearest = 0;
            double best = Double.POSITIVE_INFINITY;
            for (int m = 0; m < k; m++) {
                double dx = x - mixture.means()[m][0];
                double dy = y - mixture.means()[m][1];
                double d2 = dx * dx + dy * dy;
                if (d2 < best) {
                    best = d2;
                    nearest = m;
                }
            }
            if (Math.sqrt(best) <= radius) {
                highQuality++;
                counts[nearest]++;
            }
        }
        int covered = 0;
        double kl = 0;
        for (long c : counts) {
            if (c > 0) {
                covered++;
                double q = (double) c / highQuality;
                kl += q * Math.log(q * k);
            }
        }
        return new MixtureMetrics(covered, k, n == 0 ? 0 : (double) highQuality / n,
                highQuality == 0 ? Double.POSITIVE_INFINITY : kl);
    }
}
