package io.sparkgan.config;

/**
 * Where and how often the whole GAN is checkpointed.
 *
 * @param dir              any Hadoop path for this run's checkpoints; empty = &lt;run dir&gt;/checkpoints
 * @param keep             complete checkpoints kept (older ones are deleted once a newer one is in place)
 * @param everyRounds      also checkpoint every M rounds inside an epoch; 0 = only at epoch ends
 * @param injectStallEpoch fault drill: stall half-way through writing the checkpoint that ends this epoch; -1 = off
 */
public record CheckpointConfig(String dir, int keep, int everyRounds, int injectStallEpoch) {
}
