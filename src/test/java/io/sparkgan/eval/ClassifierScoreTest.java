package io.sparkgan.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The classifier score and the class histogram against hand-computed cases. */
class ClassifierScoreTest {
    @Test
    void confidentPredictionsSpreadEvenlyOverKClassesScoreK() {
        int k = 7;
        double[] p = new double[3 * k * k];
        for (int i = 0; i < 3 * k; i++) {
            p[i * k + i % k] = 1;
        }
        assertEquals(k, ClassifierScore.of(new FeatureMatrix(3 * k, k, p)), 1e-12);
    }

    @Test
    void identicalPredictionsScoreOne() {
        double[] row = {0.2, 0.5, 0.3};
        double[] p = new double[5 * 3];
        for (int i = 0; i < 5; i++) {
            System.arraycopy(row, 0, p, 3 * i, 3);
        }
        assertEquals(1, ClassifierScore.of(new FeatureMatrix(5, 3, p)), 1e-12);
    }

    @Test
    void aMixedCaseMatchesTheHandComputedValue() {
        // p1 = (1, 0), p2 = (1/2, 1/2): p(y) = (3/4, 1/4); KL1 = log(4/3); KL2 = 1/2 log(2/3) + 1/2 log 2
        double expected = Math.exp((Math.log(4.0 / 3) + 0.5 * Math.log(2.0 / 3) + 0.5 * Math.log(2)) / 2);
        assertEquals(expected, ClassifierScore.of(FeatureMatrix.ofRows(new double[]{1, 0}, new double[]{0.5, 0.5})), 1e-12);
        assertEquals(1.2408, expected, 1e-4);
    }

    @Test
    void theHistogramNamesPresentDroppedAndStarvedClasses() {
        // 100 samples over labels 3, 5, 7, 9 (K = 4): uniform share 25, starved below 0.1 x 25 = 2.5
        int[] predicted = new int[100];
        for (int i = 0; i < 100; i++) {
            predicted[i] = i < 2 ? 1 : i < 60 ? 0 : 3;
        }
        ClassHistogram h = ClassHistogram.of(predicted, new int[]{3, 5, 7, 9}, 0.1);
        assertEquals(3, h.present());
        assertEquals(List.of(7), h.dropped());
        assertEquals(List.of(5), h.starved());
        assertEquals(58L, h.asMap().get("3"));
        assertEquals(100, h.total());
    }
}
