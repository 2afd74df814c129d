package io.sparkgan.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Thinning long series before they are drawn. */
class SeriesTest {
    /** 0, 1, ..., n - 1 against themselves. */
    private static Series ramp(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return new Series("ramp", x, x.clone());
    }

    @Test
    void aShortSeriesIsKeptAsItIs() {
        Series s = ramp(10);
        assertSame(s, s.thinned(10));
    }

    @Test
    void aLongSeriesKeepsEveryKthPointAndTheLast() {
        Series t = ramp(11).thinned(4);
        assertArrayEquals(new double[] {0, 3, 6, 9, 10}, t.x());
        assertArrayEquals(t.x(), t.y());
        assertArrayEquals(new double[] {0, 3, 6, 9}, ramp(10).thinned(4).x(), "the last point falls on the stride");
        assertEquals(1001, ramp(100_000).thinned(1000).x().length, "at most one point more than asked: the last");
    }
}
