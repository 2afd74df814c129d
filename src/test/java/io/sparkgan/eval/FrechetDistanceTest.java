package io.sparkgan.eval;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Frechet distance against cases computed by hand. */
class FrechetDistanceTest {
    private static FeatureStatistics gaussian(double[] mean, double[][] cov) {
        return new FeatureStatistics(1000, mean, cov);
    }

    @Nested
    class ForGaussiansGivenByTheirMoments {
        @Test
        void twoOneDimensionalGaussiansAreApartByTheirMeansAndStdsSquared() {
            // (m1 - m2)^2 + (s1 - s2)^2 = (1 - 4)^2 + (2 - 0.5)^2 = 9 + 2.25
            double fd = FrechetDistance.between(gaussian(new double[]{1}, new double[][]{{4}}),
                    gaussian(new double[]{4}, new double[][]{{0.25}}));
            assertEquals(11.25, fd, 1e-12);
        }

        @Test
        void diagonalCovariancesAddUpPerDimension() {
            // sum_i (mu1_i - mu2_i)^2 + (sqrt(a_i) - sqrt(b_i))^2 = (0+1) + (1+1) + (0+4) with a = (1, 4, 9), b = (4, 9, 1)
            double fd = FrechetDistance.between(
                    gaussian(new double[]{0, 1, 2}, new double[][]{{1, 0, 0}, {0, 4, 0}, {0, 0, 9}}),
                    gaussian(new double[]{1, 0, 2}, new double[][]{{4, 0, 0}, {0, 9, 0}, {0, 0, 1}}));
            assertEquals(1 + 1 + 1 + 1 + 0 + 4, fd, 1e-10);
        }

        @Test
        void identityAgainstANonDiagonalCovarianceUsesItsEigenvalues() {
            // C1 = I, C2 = [[2, 1], [1, 2]] with eigenvalues 3 and 1: Tr(I + C2 - 2 C2^{1/2}) = (1 - sqrt 3)^2 + (1 - 1)^2
            double fd = FrechetDistance.between(gaussian(new double[]{0, 0}, new double[][]{{1, 0}, {0, 1}}),
                    gaussian(new double[]{0, 0}, new double[][]{{2, 1}, {1, 2}}));
            assertEquals(Math.pow(1 - Math.sqrt(3), 2), fd, 1e-12);
        }

        @Test
        void rotatedDiagonalCovariancesGiveTheDiagonalAnswer() {
            // C_i = R diag(d_i) R^T with the same rotation R commute: FD = sum (sqrt(a_j) - sqrt(b_j))^2
            double t = 0.3;
            double[][] r = {{Math.cos(t), -Math.sin(t)}, {Math.sin(t), Math.cos(t)}};
            double fd = FrechetDistance.between(gaussian(new double[]{0, 0}, rotate(r, 1, 9)),
                    gaussian(new double[]{0, 0}, rotate(r, 4, 16)));
            assertEquals(1 + 1, fd, 1e-10);
        }

        @Test
        void isZeroForTheSameGaussianAndSymmetric() {
            SplittableRandom random = new SplittableRandom(3);
            FeatureMatrix a = randomRows(random, 50, 6);
            FeatureMatrix b = randomRows(random, 40, 6);
            assertEquals(0, FrechetDistance.between(a, a), 1e-9);
            assertEquals(FrechetDistance.between(a, b), FrechetDistance.between(b, a), 1e-9);
        }
    }

    @Nested
    class FromFeatureRows {
        @Test
        void meanAndUnbiasedCovarianceAreTheHandComputedOnes() {
            // rows (1,2), (3,4), (5,0): mean (3,2); deviations x (-2,0,2), y (0,2,-2); /(N-1) = /2
            FeatureStatistics s = FeatureStatistics.of(FeatureMatrix.ofRows(new double[]{1, 2}, new double[]{3, 4},
                    new double[]{5, 0}));
            assertArrayEquals(new double[]{3, 2}, s.mean(), 1e-12);
            assertArrayEquals(new double[]{4, -2}, s.covariance()[0], 1e-12);
            assertArrayEquals(new double[]{-2, 4}, s.covariance()[1], 1e-12);
        }

        @Test
        void twoSamplesOfOneGaussianAreCloseAndAShiftedOneIsAsFarAsTheShift() {
            SplittableRandom random = new SplittableRandom(11);
            FeatureMatrix a = randomRows(random, 4000, 3);
            FeatureMatrix b = randomRows(random, 4000, 3);
            double same = FrechetDistance.between(a, b);
            double[] shifted = b.values().clone();
            for (int i = 0; i < shifted.length; i += 3) {
                shifted[i] += 2;
            }
            double apart = FrechetDistance.between(a, new FeatureMatrix(b.rows(), 3, shifted));
            assertEquals(0, same, 0.02);
            assertEquals(4, apart, 0.15);
        }
    }

    private static double[][] rotate(double[][] r, double d1, double d2) {
        double[][] out = new double[2][2];
        double[] d = {d1, d2};
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                for (int k = 0; k < 2; k++) {
                    out[i][j] += r[i][k] * d[k] * r[j][k];
                }
            }
        }
        return out;
    }

    static FeatureMatrix randomRows(SplittableRandom random, int n, int f) {
        double[] v = new double[n * f];
        for (int i = 0; i < v.length; i++) {
            // Sum of 12 uniforms minus 6: mean 0, variance 1.
            double s = -6;
            for (int k = 0; k < 12; k++) {
                s += random.nextDouble();
            }
            v[i] = s;
        }
        return new FeatureMatrix(n, f, v);
    }
}
