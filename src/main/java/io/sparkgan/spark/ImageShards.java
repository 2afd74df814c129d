package io.sparkgan.spark;

import io.sparkgan.data.ImageSet;
import io.sparkgan.data.TrainingSet;

import java.util.Iterator;

/**
 * A partition's decoded image rows packed into a uint8 {@link ImageSet} in blocks of 64 MiB, of any total
 * size (rows that failed are skipped), with their classes when every row has one. Spark keeps its copy of the
 * rows on disk only (DISK_ONLY), so the executor holds a partition's images once, here.
 */
record ImageShards(int channels, int height, int width) implements ShardDecoder {
    @Override
    public TrainingSet shard(int partition, Iterator<Object> rows) {
        ImageSet.Builder shard = new ImageSet.Builder(channels, height, width);
        int[] labels = new int[1024];
        int n = 0;
        boolean labelled = true;
        while (rows.hasNext()) {
            ImageRow row = (ImageRow) rows.next();
            if (row.ok()) {
                shard.add(row.pixels());
                if (n == labels.length) {
                    labels = java.util.Arrays.copyOf(labels, 2 * n);
                }
                labels[n++] = row.label();
                labelled &= row.label() >= 0;
            }
        }
        return shard.build(labelled ? java.util.Arrays.copyOf(labels, n) : null);
    }
}
