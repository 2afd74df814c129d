package io.sparkgan.spark;

import io.sparkgan.data.TrainingSet;

import java.io.Serializable;
import java.util.Iterator;

/** Turns the rows of one partition into the shard that partition trains on; runs on executors. */
public interface ShardDecoder extends Serializable {
    TrainingSet shard(int partition, Iterator<Object> rows);
}
