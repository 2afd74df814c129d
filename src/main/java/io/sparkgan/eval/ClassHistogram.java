package io.sparkgan.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * How many samples the reference classifier puts in each class (argmax of p(y|x)). Over N samples and K
 * classes, a class is present with at least one sample, dropped with none, and starved when present with
 * fewer than {@code starvedShare} x N / K samples (a share of the uniform share).
 *
 * @param classes the label value of each class index
 * @param counts  samples per class index
 */
public record ClassHistogram(int[] classes, long[] counts, double starvedShare) {

    public static ClassHistogram of(int[] predictedIndices, int[] classes, double starvedShare) {
        long[] counts = new long[classes.length];
        for (int c : predictedIndices) {
            counts[c]++;
        }
        return new ClassHistogram(classes, counts, starvedShare);
    }

    public long total() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    public int present() {
        int p = 0;
        for (long c : counts) {
            p += c > 0 ? 1 : 0;
        }
        return p;
    }

    /** Label values of the classes with no sample. */
    public List<Integer> dropped() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                out.add(classes[i]);
            }
        }
        return out;
    }

    /** Label values of the classes present with fewer than starvedShare x N / K samples. */
    public List<Integer> starved() {
        double threshold = starvedShare * total() / counts.length;
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0 && counts[i] < threshold) {
                out.add(classes[i]);
            }
        }
        return out;
    }

    /** Label value (as text, for JSON) to count, in class order. */
    public java.util.Map<String, Long> asMap() {
        java.util.Map<String, Long> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < counts.length; i++) {
            m.put(Integer.toString(classes[i]), counts[i]);
        }
        return m;
    }
}
