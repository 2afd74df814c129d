package io.sparkgan.spark;

import io.sparkgan.config.DataSource;
import io.sparkgan.data.TrainingSet;
import io.sparkgan.source.TrainingSets;
import io.sparkgan.train.Seeds;

import java.util.Iterator;

/**
 * Points (the 2-D mixtures, the Dirac set) are drawn where they are used: a partition's single row is its shard
 * size, and the points come from the partition's seed (for one partition, exactly the single-JVM engine's points).
 */
record PointShards(DataSource source, long seed) implements ShardDecoder {
    @Override
    public TrainingSet shard(int partition, Iterator<Object> rows) {
        int size = (Integer) rows.next();
        return TrainingSets.pointShard(source, size, Seeds.forPartition(seed, partition));
    }
}
