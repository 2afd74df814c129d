package io.sparkgan.eval;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Improved precision and recall on small point sets whose balls can be drawn by hand. */
class PrecisionRecallTest {
    private static FeatureMatrix line(double... x) {
        return new FeatureMatrix(x.length, 1, x.clone());
    }

    private static final FeatureMatrix REAL = line(0, 1, 3, 6);

    @Nested
    class OnALine {
        @Test
        void theKthNeighbourRadiiAreTheHandComputedOnes() {
            // k = 1: 0 -> 1, 1 -> 1, 3 -> 2, 6 -> 3; k = 2: 0 -> {1,3,6} 3, 1 -> {1,2,5} 2, 3 -> {3,2,3} 3, 6 -> {6,5,3} 5
            assertArrayEquals(new double[]{1, 1, 2, 3}, PrecisionRecall.radii(REAL, 1, NeighbourSearch.local()), 1e-12);
            assertArrayEquals(new double[]{3, 2, 3, 5}, PrecisionRecall.radii(REAL, 2, NeighbourSearch.local()), 1e-12);
        }

        @Test
        void precisionCountsGeneratedPointsInsideTheRealBallsAndRecallTheReverse() {
            // Real balls (k = 1): [-1, 1], [0, 2], [1, 5], [3, 9]: 0.5 and 2.5 inside, 20 and 21 outside -> 1/2.
            // Generated radii (k = 1): 0.5 -> 2, 2.5 -> 2, 20 -> 1, 21 -> 1; balls [-1.5, 2.5], [0.5, 4.5], [19, 21],
            // [20, 22]: real 0, 1, 3 inside, 6 outside -> 3/4.
            PrecisionRecall pr = PrecisionRecall.of(REAL, line(0.5, 2.5, 20, 21), 1, NeighbourSearch.local());
            assertEquals(0.5, pr.precision(), 1e-12);
            assertEquals(0.75, pr.recall(), 1e-12);
        }

        @Test
        void aLargerKWidensTheBalls() {
            // k = 2, real balls [-3, 3], [-1, 3], [0, 6], [1, 11]: 0.5, 2.5 inside; 20, 21 outside -> 1/2.
            // Generated k = 2 radii: 0.5 -> {2, 19.5, 20.5} 19.5, 2.5 -> {2, 17.5, 18.5} 17.5, 20 -> {1, 17.5, 19.5}
            // 17.5, 21 -> {1, 18.5, 20.5} 18.5: every real point is inside -> 1.
            PrecisionRecall pr = PrecisionRecall.of(REAL, line(0.5, 2.5, 20, 21), 2, NeighbourSearch.local());
            assertEquals(0.5, pr.precision(), 1e-12);
            assertEquals(1.0, pr.recall(), 1e-12);
        }
    }

    @Nested
    class InThePlane {
        @Test
        void aGeneratorOnHalfTheModesHasFullPrecisionAndHalfRecall() {
            // Real: 4 clusters of 10 points at the corners of a square of side 10; generated: exactly the real points
            // of 2 corners. Each generated point is a real point (distance 0): precision 1; the real points of those
            // 2 corners are generated points, the other 2 corners lie 10 away from every generated ball (radii
            // k = 3 stay inside a cluster of width 0.5): recall 1/2.
            SplittableRandom random = new SplittableRandom(5);
            double[][] corners = {{0, 0}, {10, 0}, {0, 10}, {10, 10}};
            FeatureMatrix real = clusters(random, corners, 10);
            FeatureMatrix generated = real.slice(0, 10).append(real.slice(30, 40));
            PrecisionRecall pr = PrecisionRecall.of(real, generated, 3, NeighbourSearch.local());
            assertEquals(1.0, pr.precision(), 1e-12);
            assertEquals(0.5, pr.recall(), 1e-12);
        }

        @Test
        void aSetAgainstItselfHasPrecisionAndRecallOne() {
            FeatureMatrix x = FrechetDistanceTest.randomRows(new SplittableRandom(2), 300, 5);
            PrecisionRecall pr = PrecisionRecall.of(x, x, 3, NeighbourSearch.local());
            assertEquals(1.0, pr.precision());
            assertEquals(1.0, pr.recall());
        }
    }

    @Test
    void quickselectFindsTheKthSmallest() {
        double[] a = {5, 1, 4, 1, 3, 9, 2};
        assertEquals(1, NeighbourKernel.select(a.clone(), 1));
        assertEquals(2, NeighbourKernel.select(a.clone(), 2));
        assertEquals(9, NeighbourKernel.select(a.clone(), 6));
    }

    private static FeatureMatrix clusters(SplittableRandom random, double[][] centres, int perCluster) {
        double[] v = new double[centres.length * perCluster * 2];
        for (int c = 0; c < centres.length; c++) {
            for (int i = 0; i < perCluster; i++) {
                int row = c * perCluster + i;
                v[2 * row] = centres[c][0] + 0.5 * (random.nextDouble() - 0.5);
                v[2 * row + 1] = centres[c][1] + 0.5 * (random.nextDouble() - 0.5);
            }
        }
        return new FeatureMatrix(centres.length * perCluster, 2, v);
    }
}
