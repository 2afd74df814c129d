package io.sparkgan.spark;

import io.sparkgan.config.GanConfig;
import io.sparkgan.train.GanState;

import java.util.Arrays;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One run's pool of G/D pairs in one executor JVM ({@link ExecutorCache}'s part): an executor builds each
 * network once per run and reuses it across rounds (the round's snapshot overwrites parameters and Adam
 * states, so a pooled pair and a fresh one compute the same). Tasks running side by side in one JVM each
 * borrow their own pair.
 */
final class NetworkPool {
    private final Map<String, Queue<GanState>> pool = new ConcurrentHashMap<>();

    NetworkPool() {
    }

    GanState borrow(GanConfig config, long[] sampleShape, int classes) {
        GanState state = pool.computeIfAbsent(key(config, sampleShape, classes), k -> new ConcurrentLinkedQueue<>())
                .poll();
        if (state != null) {
            return state;
        }
        return GanState.fresh(config, sampleShape, classes);
    }

    void giveBack(GanConfig config, long[] sampleShape, int classes, GanState state) {
        pool.computeIfAbsent(key(config, sampleShape, classes), k -> new ConcurrentLinkedQueue<>()).add(state);
    }

    /** The pairs waiting in the pool (those borrowed by running tasks not counted). */
    int size() {
        int n = 0;
        for (Queue<GanState> q : pool.values()) {
            n += q.size();
        }
        return n;
    }

    private static String key(GanConfig config, long[] sampleShape, int classes) {
        // per device too: with the cuda profile a network's arrays live on the GPU of the task that made it
        return config.model() + "|" + config.train() + "|" + config.loss() + "|" + Arrays.toString(sampleShape) + "|"
                + classes + "|" + org.nd4j.linalg.factory.Nd4j.getAffinityManager().getDeviceForCurrentThread();
    }
}
