package io.sparkgan.spark;

import io.sparkgan.data.ClassList;
import org.apache.spark.api.java.JavaRDD;

/**
 * A training set spread over Spark partitions, on the driver: the persisted rows (never collected), how a
 * partition turns its rows into a shard, the shape of one sample, and how many samples each partition
 * holds (the smallest fixes the iterations per epoch, so every partition runs the same ones).
 *
 * @param id             names this data set in the executors' shard caches
 * @param skippedInputs  files skipped: undecodable images and files that are not images
 * @param classes        the classes of a labelled set (null when unlabelled)
 */
public record PartitionedData(String id, JavaRDD<Object> rows, ShardDecoder decoder, long[] sampleShape,
                              int[] partitionSizes, long skippedInputs, ClassList classes) {
    /** K, 0 for an unlabelled set. */
    public int classCount() {
        return classes == null ? 0 : classes.size();
    }

    public int partitions() {
        return partitionSizes.length;
    }

    public int smallestPartition() {
        int min = Integer.MAX_VALUE;
        for (int s : partitionSizes) {
            min = Math.min(min, s);
        }
        return min;
    }

    public long size() {
        long n = 0;
        for (int s : partitionSizes) {
            n += s;
        }
        return n;
    }
}
