package io.sparkgan.report;

/**
 * One line of a plot: {@code y[i]} at {@code x[i]}, points with no finite value already left out.
 *
 * @param name the legend entry, the metrics key it was read from
 */
record Series(String name, double[] x, double[] y) {

    Series {
        if (x.length != y.length) {
            throw new IllegalArgumentException("series " + name + ": " + x.length + " x values, " + y.length + " y values");
        }
    }

    /**
     * At most {@code maxPoints} + 1 of the points: every k-th, k as small as that allows, and the last: a chart a few
     * hundred pixels wide shows no more, and drawing costs time per point.
     */
    Series thinned(int maxPoints) {
        if (x.length <= maxPoints) {
            return this;
        }
        int stride = (x.length + maxPoints - 1) / maxPoints;
        int n = (x.length - 1) / stride + 1 + ((x.length - 1) % stride == 0 ? 0 : 1);
        double[] tx = new double[n];
        double[] ty = new double[n];
        int j = 0;
        for (int i = 0; i < x.length; i += stride) {
            tx[j] = x[i];
            ty[j++] = y[i];
        }
        if (j < n) {
            tx[j] = x[x.length - 1];
            ty[j] = y[y.length - 1];
        }
        return new Series(name, tx, ty);
    }

    boolean isEmpty() {
        return x.length == 0;
    }

    double minX() {
        double min = Double.POSITIVE_INFINITY;
        for (double v : x) {
            min = Math.min(min, v);
        }
        return min;
    }

    double maxX() {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            max = Math.max(max, v);
        }
        return max;
    }
}
