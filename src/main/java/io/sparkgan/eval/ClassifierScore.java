package io.sparkgan.eval;

/**
 * The classifier score (Salimans et al. 2016's Inception Score, with our reference classifier; TF-GAN's
 * classifier_score): exp(E_x[KL(p(y|x) || p(y))]), where p(y) = E_x[p(y|x)] is the marginal class
 * distribution of the samples. It ranges from 1 (every sample gets the same prediction) to K (confident
 * predictions spread evenly over K classes). Terms with p(y|x) = 0 count 0 (0 log 0 = 0).
 */
public final class ClassifierScore {
    private ClassifierScore() {
    }

    /** @param probabilities [N, K] rows of p(y|x), each summing to 1 */
    public static double of(FeatureMatrix probabilities) {
        int n = probabilities.rows();
        int k = probabilities.cols();
        double[] p = probabilities.values();
        double[] marginal = new double[k];
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < k; y++) {
                marginal[y] += p[i * k + y];
            }
        }
        for (int y = 0; y < k; y++) {
            marginal[y] /= n;
        }
        double meanKl = 0;
        for (int i = 0; i < n; i++) {
            double kl = 0;
            for (int y = 0; y < k; y++) {
                double q = p[i * k + y];
                if (q > 0) {
                    kl += q * (Math.log(q) - Math.log(marginal[y]));
                }
            }
            meanKl += kl;
        }
        return Math.exp(meanKl / n);
    }
}
