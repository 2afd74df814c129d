package io.sparkgan.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.api.ops.random.impl.UniformDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/**
 * Noise drawn by ND4J's native random generator where the arrays live (on the GPU with the cuda profile), so a
 * training step copies no noise from the host. Each draw takes one long from the caller's seeded stream and
 * reseeds this thread's generator with it, so a draw depends only on that stream (Seeds), never on what the
 * thread drew before: a retried Spark task draws the same noise. libnd4j's generator is counter based (element
 * i of a draw is a function of the seed and i), so the values do not depend on the number of native threads
 * (DeviceNoiseTest).
 */
public final class DeviceNoise {
    private static final ThreadLocal<Random> GENERATOR =
            ThreadLocal.withInitial(() -> Nd4j.getRandomFactory().getNewRandomInstance(0));

    private DeviceNoise() {
    }

    /** A float array of {@code shape} with N(0, std^2) entries. */
    public static INDArray normal(double std, SplittableRandom random, long... shape) {
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
        return Nd4j.getExecutioner().exec(new GaussianDistribution(out, 0.0, std), seeded(random));
    }

    /** A float array of {@code shape} with U[low, high) entries. */
    public static INDArray uniform(double low, double high, SplittableRandom random, long... shape) {
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
        return Nd4j.getExecutioner().exec(new UniformDistribution(out, low, high), seeded(random));
    }

    /** x <- x + N(0, std^2) in place (instance noise); nothing drawn when std = 0. */
    public static void addNormal(INDArray x, double std, SplittableRandom random) {
        if (std > 0) {
            x.addi(normal(std, random, x.shape()).castTo(x.dataType()));
        }
    }

    private static Random seeded(SplittableRandom random) {
        Random generator = GENERATOR.get();
        generator.setSeed(random.nextLong());
        return generator;
    }
}
