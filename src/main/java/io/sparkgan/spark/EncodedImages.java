package io.sparkgan.spark;

import io.sparkgan.config.DataConfig;
import io.sparkgan.source.ImageRow;
import io.sparkgan.source.InputTally;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;

import java.util.Iterator;
import java.util.List;

/**
 * The common end of every image source on Spark: persist the decoded rows, tally good and bad rows per partition
 * (the driver gets only the tallies: counts and the first bad inputs' names) and make the same check as the local
 * engine ({@link InputTally#check}) before training.
 */
final class EncodedImages {
    private EncodedImages() {
    }

    /**
     * @param shape      [C, H, W] of the decoded rows
     * @param notImages  files skipped because they are not images by their extension (not bad input)
     * @param classNames an image folder's class names (labels index them), or null: then the classes are the labels
     *                   0 .. max (named by data.class-names), or none when no row has a label
     */
    static PartitionedData finish(JavaRDD<Object> decoded, DataConfig data, String id, String where, long[] shape,
                                  long notImages, List<String> classNames) {
        JavaRDD<Object> rows = decoded.persist(StorageLevel.DISK_ONLY());   // the shard in the executor's cache is the one in-memory copy
        List<InputTally> tallies = rows.mapPartitions((Iterator<Object> it) -> {
            InputTally tally = new InputTally();
            it.forEachRemaining(row -> tally.add((ImageRow) row));
            return List.of(tally).iterator();
        }, true).collect();
        int[] sizes = new int[tallies.size()];
        InputTally all = new InputTally();
        for (int p = 0; p < sizes.length; p++) {
            sizes[p] = (int) tallies.get(p).good();
            all.add(tallies.get(p));
        }
        all.check(data, where, notImages);
        return new PartitionedData(id, rows, new ImageShards(shape), shape, sizes, all.bad() + notImages,
                all.classes(classNames, data));
    }
}
