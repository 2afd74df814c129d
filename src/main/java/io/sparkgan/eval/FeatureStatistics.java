package io.sparkgan.eval;

/**
 * Mean mu [F] and covariance C [F, F] of N feature rows, in double precision:
 * mu = (1/N) sum_i x_i, C = 1/(N-1) sum_i (x_i - mu)(x_i - mu)^T (the unbiased estimate, as numpy.cov).
 */
public record FeatureStatistics(int count, double[] mean, double[][] covariance) {

    public static FeatureStatistics of(FeatureMatrix x) {
        int n = x.rows();
        int f = x.cols();
        if (n < 2) {
            throw new IllegalArgumentException("a covariance needs at least 2 rows, got " + n);
        }
        double[] v = x.values();
        double[] mu = new double[f];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                mu[j] += v[i * f + j];
            }
        }
        for (int j = 0; j < f; j++) {
            mu[j] /= n;
        }
        double[][] c = new double[f][f];
        double[] centred = new double[f];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                centred[j] = v[i * f + j] - mu[j];
            }
            // Upper triangle only; mirrored below.
            for (int a = 0; a < f; a++) {
                double ca = centred[a];
                if (ca == 0) {
                    continue;
                }
                double[] row = c[a];
                for (int b = a; b < f; b++) {
                    row[b] += ca * centred[b];
                }
            }
        }
        for (int a = 0; a < f; a++) {
            for (int b = a; b < f; b++) {
                c[a][b] /= n - 1;
                c[b][a] = c[a][b];
            }
        }
        return new FeatureStatistics(n, mu, c);
    }
}
