package io.sparkgan.checkpoint;

/**
 * Where training stands: the next iteration to run is {@code iteration} (per shard) of {@code epoch}.
 * (epoch, 0) is the start of an epoch; (epochs, 0) a finished run. Every random draw of the run derives
 * from (seed, epoch, iteration, partition), so this position is the whole RNG state.
 */
public record TrainingPosition(int epoch, int iteration) implements Comparable<TrainingPosition> {
    public static final TrainingPosition START = new TrainingPosition(0, 0);

    /** The checkpoint folder's name; names sort in training order. */
    public String checkpointName() {
        return String.format("ckpt-e%05d-i%08d", epoch, iteration);
    }

    @Override
    public int compareTo(TrainingPosition o) {
        return epoch != o.epoch ? Integer.compare(epoch, o.epoch) : Integer.compare(iteration, o.iteration);
    }

    @Override
    public String toString() {
        return "epoch " + epoch + ", iteration " + iteration;
    }
}
