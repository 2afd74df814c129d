package io.sparkgan.data;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Mixture2DTest {
    @Test
    void ring8HasEightDistinctModesOnTheUnitCircle() {
        Mixture2D ring = Mixture2D.ring8();
        Set<String> distinct = new HashSet<>();
        for (double[] m : ring.means()) {
            assertEquals(1.0, Math.hypot(m[0], m[1]), 1e-12);
            distinct.add(String.format("%.6f,%.6f", m[0], m[1]));
        }
        assertEquals(8, distinct.size());
        assertEquals(0.01, ring.std());
    }

    @Test
    void grid25HasMeansOnTheEvenGrid() {
        Mixture2D grid = Mixture2D.grid25();
        assertEquals(25, grid.modes());
        for (double[] m : grid.means()) {
            assertTrue(Math.abs(m[0]) <= 4 && m[0] % 2 == 0 && m[1] % 2 == 0);
        }
        assertEquals(0.05, grid.std());
    }

    @Test
    void samplesFromTheMixtureItselfScoreLikeAPerfectSampler() {
        for (Mixture2D mixture : new Mixture2D[]{Mixture2D.ring8(), Mixture2D.grid25()}) {
            MixtureMetrics m = MixtureMetrics.of(mixture, mixture.sample(20000, new SplittableRandom(7)));
            assertEquals(mixture.modes(), m.modesCovered());
            // P(chi-square_2 <= 9) = 1 - e^{-4.5} = 0.98889
            assertEquals(1 - Math.exp(-4.5), m.highQualityFraction(), 0.004);
            assertTrue(m.reverseKl() < 0.01, "reverse KL " + m.reverseKl());
        }
    }

    @Test
    void samplesCollapsedOnOneModeCoverOneWithReverseKlLogK() {
        Mixture2D ring = Mixture2D.ring8();
        float[] xy = new float[200];
        for (int i = 0; i < 100; i++) {
            xy[2 * i] = 1f;
        }
        MixtureMetrics m = MixtureMetrics.of(ring, xy);
        assertEquals(1, m.modesCovered());
        assertEquals(1.0, m.highQualityFraction());
        assertEquals(Math.log(8), m.reverseKl(), 1e-12);
    }

    @Test
    void pointsFarFromEveryModeAreNotHighQuality() {
        MixtureMetrics m = MixtureMetrics.of(Mixture2D.ring8(), new float[]{0f, 0f, 0.5f, 0.5f});
        assertEquals(0, m.modesCovered());
        assertEquals(0.0, m.highQualityFraction());
        assertEquals(Double.POSITIVE_INFINITY, m.reverseKl());
    }

    @Test
    void theSameSeedDrawsTheSamePoints() {
        float[] a = Mixture2D.grid25().sample(100, new SplittableRandom(3));
        float[] b = Mixture2D.grid25().sample(100, new SplittableRandom(3));
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, b);
    }
}
