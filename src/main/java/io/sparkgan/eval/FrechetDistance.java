package io.sparkgan.eval;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Frechet distance between the Gaussians N(mu1, C1) and N(mu2, C2) fitted to two feature sets (Heusel et al.
 * 2017; with Inception features it is the FID, with our reference classifier's TF-GAN's mnist_frechet_distance):
 * <pre>
 *   FD = ||mu1 - mu2||^2 + Tr(C1 + C2 - 2 (C1 C2)^{1/2})
 * </pre>
 * (C1 C2)^{1/2} need not be symmetric, but it is similar to the symmetric positive semi-definite
 * M = C1^{1/2} C2 C1^{1/2}, so Tr (C1 C2)^{1/2} = Tr M^{1/2} = sum_i sqrt(lambda_i(M)). Both square roots come
 * from symmetric eigen-decompositions (commons-math3), in double precision; eigenvalues that rounding made
 * slightly negative are taken as 0.
 */
public final class FrechetDistance {
    private FrechetDistance() {
    }

    public static double between(FeatureMatrix a, FeatureMatrix b) {
        return between(FeatureStatistics.of(a), FeatureStatistics.of(b));
    }

    public static double between(FeatureStatistics a, FeatureStatistics b) {
        int f = a.mean().length;
        if (b.mean().length != f) {
            throw new IllegalArgumentException("feature dimensions differ: " + f + " and " + b.mean().length);
        }
        double meanTerm = 0;
        for (int j = 0; j < f; j++) {
            double d = a.mean()[j] - b.mean()[j];
            meanTerm += d * d;
        }
        RealMatrix c1 = new Array2DRowRealMatrix(a.covariance(), false);
        RealMatrix c2 = new Array2DRowRealMatrix(b.covariance(), false);
        RealMatrix root1 = sqrtSymmetric(c1);
        RealMatrix m = symmetrised(root1.multiply(c2).multiply(root1));
        double traceSqrt = 0;
        for (double lambda : new EigenDecomposition(m).getRealEigenvalues()) {
            traceSqrt += Math.sqrt(Math.max(lambda, 0));
        }
        return meanTerm + c1.getTrace() + c2.getTrace() - 2 * traceSqrt;
    }

    /** S with S S = C for symmetric positive semi-definite C: V diag(sqrt(max(lambda, 0))) V^T. */
    static RealMatrix sqrtSymmetric(RealMatrix c) {
        EigenDecomposition eig = new EigenDecomposition(symmetrised(c));
        RealMatrix v = eig.getV();
        double[] lambda = eig.getRealEigenvalues();
        int n = lambda.length;
        RealMatrix scaled = v.copy();
        for (int j = 0; j < n; j++) {
            double s = Math.sqrt(Math.max(lambda[j], 0));
            for (int i = 0; i < n; i++) {
                scaled.setEntry(i, j, scaled.getEntry(i, j) * s);
            }
        }
        return scaled.multiply(v.transpose());
    }

    /** (M + M^T) / 2: removes the rounding asymmetry so that the symmetric eigen-solver applies. */
    private static RealMatrix symmetrised(RealMatrix m) {
        return m.add(m.transpose()).scalarMultiply(0.5);
    }
}
