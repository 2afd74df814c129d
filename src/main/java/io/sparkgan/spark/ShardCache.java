package io.sparkgan.spark;

import io.sparkgan.data.TrainingSet;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One run's decoded shards in one executor JVM ({@link ExecutorCache}'s part), so that an executor reads its
 * partition from Spark's persisted storage once per run rather than once per round. Each executor holds only
 * the shards of the partitions it ran; a task that lands on another executor (a retry, a lost executor)
 * rebuilds the shard from the persisted rows. Only one data set per run is kept.
 */
public final class ShardCache {
    private final Map<String, TrainingSet> shards = new ConcurrentHashMap<>();

    ShardCache() {
    }

    TrainingSet get(String dataId, int partition, Supplier<TrainingSet> build) {
        String key = dataId + "#" + partition;
        TrainingSet cached = shards.get(key);
        if (cached != null) {
            return cached;
        }
        shards.keySet().removeIf(k -> !k.startsWith(dataId + "#"));
        TrainingSet shard = build.get();
        shards.put(key, shard);
        return shard;
    }

    int size() {
        return shards.size();
    }
}
