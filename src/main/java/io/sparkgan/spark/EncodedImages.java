package io.sparkgan.spark;

import io.sparkgan.data.ClassList;
import io.sparkgan.config.DataConfig;
import io.sparkgan.data.InvalidDataException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The common end of the folder and Parquet sources: persist the decoded rows, count good and bad rows per
 * partition (the driver gets only counts and the paths of bad files), log the bad ones, and stop before
 * training when their share exceeds data.max-bad-fraction. Files that are not images by their extension
 * ({@code notImages}, counted while listing) are skipped and counted apart: they are not bad input.
 */
final class EncodedImages {
    private static final Logger LOG = LoggerFactory.getLogger(EncodedImages.class);
    private static final int LISTED = 20;

    private EncodedImages() {
    }

    /**
     * @param folderClasses an image folder's class names (labels index them), or null: then the classes are the
     *                      labels 0 .. max (named by data.class-names), or none when no row has a label
     */
    static PartitionedData finish(JavaRDD<Object> decoded, DataConfig data, String id, String where,
                                  long notImages, List<String> folderClasses) {
        JavaRDD<Object> rows = decoded.persist(StorageLevel.DISK_ONLY());   // the shard in ShardCache is the one in-memory copy
        List<PartitionCount> counts = rows.mapPartitionsWithIndex((Integer p, Iterator<Object> it) -> {
            int good = 0;
            int bad = 0;
            int maxLabel = -1;
            List<String> problems = new ArrayList<>();
            while (it.hasNext()) {
                ImageRow row = (ImageRow) it.next();
                if (row.ok()) {
                    good++;
                    maxLabel = Math.max(maxLabel, row.label());
                } else {
                    bad++;
                    if (problems.size() < LISTED) {
                        problems.add(row.describeProblem());
                    }
                }
            }
            List<PartitionCount> one = new ArrayList<>();
            one.add(new PartitionCount(p, good, bad, problems, maxLabel));
            return one.iterator();
        }, true).collect();
        int[] sizes = new int[counts.size()];
        long good = 0;
        long bad = 0;
        int maxLabel = -1;
        List<String> problems = new ArrayList<>();
        for (PartitionCount c : counts) {
            maxLabel = Math.max(maxLabel, c.maxLabel());
            sizes[c.partition()] = c.good();
            good += c.good();
            bad += c.bad();
            problems.addAll(c.problems());
        }
        problems.forEach(p -> LOG.warn("skipped input: {}", p));
        long total = good + bad;
        if (good == 0) {
            throw new InvalidDataException("data set " + where + " holds no decodable image (" + bad
                    + " inputs could not be decoded" + (problems.isEmpty() ? "" : ", e.g. " + problems.get(0))
                    + (notImages > 0 ? "; " + notImages + " files are not images" : "") + ")");
        }
        double badFraction = (double) bad / total;
        if (badFraction > data.maxBadFraction()) {
            throw new InvalidDataException(String.format("%d of %d inputs of %s could not be decoded (%.2f%%), "
                            + "more than data.max-bad-fraction = %s allows; first: %s", bad, total, where,
                    100 * badFraction, data.maxBadFraction(),
                    String.join("; ", problems.subList(0, Math.min(3, problems.size())))));
        }
        int c = data.imageChannels();
        return new PartitionedData(id, rows, new ImageShards(c, data.imageHeight(), data.imageWidth()),
                new long[]{c, data.imageHeight(), data.imageWidth()}, sizes, bad + notImages,
                folderClasses != null ? new ClassList(folderClasses)
                        : maxLabel >= 0 ? ClassList.of(maxLabel + 1, data.classNames()) : null);
    }

    /** One partition's counts; a plain class for Spark's Kryo. */
    static final class PartitionCount implements java.io.Serializable {
        private int partition;
        private int good;
        private int bad;
        private ArrayList<String> problems;
        private int maxLabel;

        private PartitionCount() {
        }

        PartitionCount(int partition, int good, int bad, List<String> problems, int maxLabel) {
            this.maxLabel = maxLabel;
            this.partition = partition;
            this.good = good;
            this.bad = bad;
            this.problems = new ArrayList<>(problems);
        }

        int partition() {
            return partition;
        }

        int good() {
            return good;
        }

        int bad() {
            return bad;
        }

        int maxLabel() {
            return maxLabel;
        }

        List<String> problems() {
            return problems;
        }
    }
}
