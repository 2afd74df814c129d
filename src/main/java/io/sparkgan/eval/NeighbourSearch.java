package io.sparkgan.eval;

import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The k-NN work of improved precision and recall over feature rows. {@link #local()} runs it in this JVM;
 * {@link #spark} spreads the query rows over Spark executors (the reference rows broadcast), with the same
 * kernel, so both give the same numbers.
 */
public interface NeighbourSearch {
    /** For each row, the distance to its k-th nearest other row of the same set (itself excluded). */
    double[] kthNeighbourDistances(FeatureMatrix points, int k);

    /** For each query row, whether it lies in at least one ball: ||q - centre_j|| <= radius_j. */
    boolean[] insideAnyBall(FeatureMatrix queries, FeatureMatrix centres, double[] radii);

    static NeighbourSearch local() {
        return LocalNeighbourSearch.INSTANCE;
    }

    /** On {@code sc}'s executors, one task per block of 256 query rows. */
    static NeighbourSearch spark(JavaSparkContext sc) {
        return new SparkNeighbourSearch(sc);
    }

    /**
     * Spark (the active context) for sets of at least {@code sparkMinRows} rows when a
     * Spark context is running in this JVM, else this JVM.
     */
    static NeighbourSearch forRows(int rows, int sparkMinRows) {
        SparkContext active = org.apache.spark.SparkContext$.MODULE$.getActive().getOrElse(() -> null);
        if (active == null || rows < sparkMinRows) {
            return local();
        }
        return spark(JavaSparkContext.fromSparkContext(active));
    }
}
