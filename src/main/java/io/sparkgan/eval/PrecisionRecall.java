package io.sparkgan.eval;

/**
 * Improved precision and recall (Kynkaanniemi et al. 2019), in feature space. Each set S approximates its
 * manifold by the union of balls B(s, r_k(s)), r_k(s) the distance from s to its k-th nearest other point of
 * S (k = 3 by default). Then, with real rows R and generated rows G:
 * <pre>
 *   precision = (1/|G|) sum_{g in G} 1[g in manifold(R)]   (generated samples that look real)
 *   recall    = (1/|R|) sum_{r in R} 1[r in manifold(G)]   (real samples the generator can produce)
 * </pre>
 * where x is in manifold(S) when ||x - s|| <= r_k(s) for some s in S.
 */
public record PrecisionRecall(double precision, double recall) {

    /** The radii r_k of the real rows, reusable across generated sets. */
    public static double[] radii(FeatureMatrix rows, int k, NeighbourSearch search) {
        if (k >= rows.rows()) {
            throw new IllegalArgumentException("k = " + k + " needs more than " + rows.rows() + " rows");
        }
        return search.kthNeighbourDistances(rows, k);
    }

    public static PrecisionRecall of(FeatureMatrix real, FeatureMatrix generated, int k, NeighbourSearch search) {
        return of(real, radii(real, k, search), generated, k, search);
    }

    /** With the real rows' radii computed before (see {@link #radii}). */
    public static PrecisionRecall of(FeatureMatrix real, double[] realRadii, FeatureMatrix generated, int k,
                                     NeighbourSearch search) {
        double precision = share(search.insideAnyBall(generated, real, realRadii));
        double recall = share(search.insideAnyBall(real, generated, radii(generated, k, search)));
        return new PrecisionRecall(precision, recall);
    }

    private static double share(boolean[] inside) {
        int n = 0;
        for (boolean b : inside) {
            n += b ? 1 : 0;
        }
        return inside.length == 0 ? 0 : (double) n / inside.length;
    }
}
