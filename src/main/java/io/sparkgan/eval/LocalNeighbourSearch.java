package io.sparkgan.eval;

/** The k-NN work in this JVM. */
final class LocalNeighbourSearch implements NeighbourSearch {
    static final LocalNeighbourSearch INSTANCE = new LocalNeighbourSearch();

    private LocalNeighbourSearch() {
    }

    @Override
    public double[] kthNeighbourDistances(FeatureMatrix points, int k) {
        return NeighbourKernel.kthSmallestDistance(points, points, k + 1);
    }

    @Override
    public boolean[] insideAnyBall(FeatureMatrix queries, FeatureMatrix centres, double[] radii) {
        return NeighbourKernel.insideAnyBall(queries, centres, radii);
    }
}
