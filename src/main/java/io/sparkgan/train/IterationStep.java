package io.sparkgan.train;

import io.sparkgan.data.Minibatch;

import java.util.SplittableRandom;
import java.util.function.Supplier;

/** One training iteration on a shard: a GAN's k D steps and one G step, or CycleGAN's G step and D steps. */
public interface IterationStep {
    /**
     * @param realBatches supplies the next real minibatch for each D step
     * @param random      the iteration's random stream
     * @return the iteration's figures, not yet read from the backend
     */
    DeviceStepFigures iterate(GanState state, Supplier<Minibatch> realBatches, EpochSettings settings, SplittableRandom random);
}
