package io.sparkgan.spark;

import org.apache.spark.Partitioner;

/**
 * n numbered items in P contiguous ranges of nearly equal size, the first n mod P one item larger: the
 * split of every source (IDX records, Parquet rows, image files in path order), so a partition's items and
 * their order are the same on every run. As a partitioner its keys are the items' numbers (Long).
 */
final class ContiguousRanges extends Partitioner {
    private final long n;
    private final int p;

    ContiguousRanges(long n, int p) {
        if (p < 1 || n < p) {
            throw new IllegalArgumentException(n + " items cannot fill " + p + " partitions");
        }
        this.n = n;
        this.p = p;
    }

    /** Sizes of the P ranges of n items. */
    static int[] split(int n, int p) {
        int[] sizes = new int[p];
        for (int i = 0; i < p; i++) {
            sizes[i] = n / p + (i < n % p ? 1 : 0);
        }
        return sizes;
    }

    @Override
    public int numPartitions() {
        return p;
    }

    /** Item i: the first r = n mod P ranges hold q + 1 = floor(n / P) + 1 items each, the others q. */
    @Override
    public int getPartition(Object key) {
        long i = (Long) key;
        long q = n / p;
        long r = n % p;
        long inLarger = r * (q + 1);
        return (int) (i < inLarger ? i / (q + 1) : r + (i - inLarger) / q);
    }
}
