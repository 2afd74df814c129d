package io.sparkgan.spark;

import io.sparkgan.data.TrainingSet;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Per-JVM cache of decoded shards, so that an executor reads its partition from Spark's persisted storage
 * once per run rather than once per round. Each executor holds only the shards of the partitions it ran;
 * a task that lands on another executor (a retry, a lost executor) rebuilds the shard from the persisted
 * rows. Only one data set (the newest run's) is kept.
 */
public final class ShardCache {
    private static final Map<String, TrainingSet> SHARDS = new ConcurrentHashMap<>();

    private ShardCache() {
    }

    static TrainingSet get(String dataId, int partition, Supplier<TrainingSet> build) {
        String key = dataId + "#" + partition;
        TrainingSet cached = SHARDS.get(key);
        if (cached != null) {
            return cached;
        }
        SHARDS.keySet().removeIf(k -> !k.startsWith(dataId + "#"));
        TrainingSet shard = build.get();
        SHARDS.put(key, shard);
        return shard;
    }

    /** Drops the shards of a finished run (the driver, which is also the executor in local mode). */
    public static void release(String dataId) {
        SHARDS.keySet().removeIf(k -> k.startsWith(dataId + "#"));
    }
}
