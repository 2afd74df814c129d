package io.sparkgan.spark;

import io.sparkgan.config.GanConfig;
import io.sparkgan.train.GanState;

import java.util.Arrays;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Per-JVM pool of G/D pairs: an executor builds each network once and reuses it across rounds (the round's
 * snapshot overwrites parameters and Adam states). Tasks running side by side in one JVM each borrow their
 * own pair.
 */
final class NetworkPool {
    private static final Map<String, Queue<GanState>> POOL = new ConcurrentHashMap<>();

    private NetworkPool() {
    }

    static GanState borrow(GanConfig config, long[] sampleShape, int classes) {
        GanState state = POOL.computeIfAbsent(key(config, sampleShape, classes), k -> new ConcurrentLinkedQueue<>())
                .poll();
        if (state != null) {
            return state;
        }
        return GanState.fresh(config, sampleShape, classes);
    }

    static void giveBack(GanConfig config, long[] sampleShape, int classes, GanState state) {
        POOL.computeIfAbsent(key(config, sampleShape, classes), k -> new ConcurrentLinkedQueue<>()).add(state);
    }

    private static String key(GanConfig config, long[] sampleShape, int classes) {
        // per device too: with the cuda profile a network's arrays live on the GPU of the task that made it
        return config.model() + "|" + config.train() + "|" + config.loss() + "|" + Arrays.toString(sampleShape) + "|"
                + classes + "|" + org.nd4j.linalg.factory.Nd4j.getAffinityManager().getDeviceForCurrentThread();
    }
}
