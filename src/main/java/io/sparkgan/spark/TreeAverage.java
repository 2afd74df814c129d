package io.sparkgan.spark;

import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

import java.util.List;

/**
 * Sums the partitions' {@link WeightedStateSum}s on the executors in a tree of fixed shape, so that the driver
 * receives at most F (the fan-in, spark.averaging-fan-in) partial sums whatever P is: its memory does not
 * grow with the number of partitions.
 * <p>
 * Level l groups the partial sums of level l - 1 by first partition / F^l, and one reduce task per group
 * adds its F parts in partition order ({@link WeightedStateSum#combine}); levels repeat while more than F partial
 * sums remain, and the driver adds the last ones, again in partition order. Spark's own treeAggregate
 * folds values in the order they arrive from the shuffle, and float sums depend on order; here the shape of
 * the tree and the order within each node depend on P and F alone, so a retried task, a re-run stage or
 * the same run twice gives bit-identical parameters.
 */
final class TreeAverage {
    private TreeAverage() {
    }

    /**
     * @param perPartition one WeightedStateSum per partition (partition p's term), not yet computed
     * @param partitions   P
     * @param fanIn        F >= 2, the most partial sums one node (a reduce task, or the driver) adds
     * @return the sum over all partitions
     */
    static WeightedStateSum sum(JavaRDD<WeightedStateSum> perPartition, int partitions, int fanIn) {
        if (fanIn < 2) {
            throw new IllegalArgumentException("fan-in " + fanIn + " < 2");
        }
        JavaRDD<WeightedStateSum> level = perPartition;
        int remaining = partitions;
        long span = 1;                                   // partitions covered by one partial sum of this level
        while (remaining > fanIn) {
            long groupSpan = span * fanIn;
            int groups = (int) ((remaining + fanIn - 1) / fanIn);
            level = level.mapToPair(s -> new Tuple2<>((int) (s.first() / groupSpan), s))
                    .groupByKey(groups)
                    .map(group -> WeightedStateSum.combine(group._2()));
            remaining = groups;
            span = groupSpan;
        }
        List<WeightedStateSum> top = level.collect();
        if (top.size() != remaining) {
            throw new IllegalStateException("the averaging tree returned " + top.size() + " partial sums, expected "
                    + remaining);
        }
        WeightedStateSum total = WeightedStateSum.combine(top);
        if (total.first() != 0 || total.last() != partitions - 1) {
            throw new IllegalStateException("the averaging tree covered partitions " + total.first() + "-"
                    + total.last() + " of 0-" + (partitions - 1));
        }
        return total;
    }
}
