package io.sparkgan.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/**
 * CycleGAN's history of generated images (Shrivastava et al. 2017; Zhu et al. 2017): a discriminator is shown a
 * mix of new fakes and fakes of earlier steps, which damps oscillation. Slots of 1 + S floats, S the image size:
 * a flag (1 = filled) and the image. For each new fake: while a slot is empty the fake is stored there and shown;
 * once full, with probability 1/2 a random slot's image is shown and the fake takes its place, otherwise the fake
 * is shown. Every draw comes from the iteration's seeded random stream.
 * <p>
 * The slots are a view into the state's pool array, so they are checkpointed and broadcast with it. On the Spark
 * engine each partition runs its own pool for a round; afterwards slot i holds partition (i mod P)'s slot i
 * ({@link #keepOwnedSlots}: the other partitions zero it, and the sums of the average add it back unchanged).
 */
public final class HistoryPool {
    private final INDArray slots;
    private final int capacity;
    private final int imageSize;

    /** @param slots a view of capacity x (1 + imageSize) floats */
    public HistoryPool(INDArray slots, int capacity, int imageSize) {
        if (slots.length() != (long) capacity * (1 + imageSize)) {
            throw new IllegalArgumentException("a pool of " + capacity + " images of " + imageSize + " values needs "
                    + (long) capacity * (1 + imageSize) + " floats, got " + slots.length());
        }
        this.slots = slots;
        this.capacity = capacity;
        this.imageSize = imageSize;
    }

    /** Floats of a pool of {@code capacity} images of {@code imageSize} values. */
    public static long length(int capacity, int imageSize) {
        return (long) capacity * (1 + imageSize);
    }

    /** The images to show D for the new fakes [N, ...]: same shape, a new array; the pool is updated in place. */
    public INDArray query(INDArray fakes, SplittableRandom random) {
        if (capacity == 0) {
            return fakes.dup();
        }
        float[] pool = slots.toFloatVector();
        float[] in = fakes.dup('c').data().asFloat();
        float[] out = new float[in.length];
        int n = (int) fakes.size(0);
        for (int i = 0; i < n; i++) {
            int empty = firstEmpty(pool);
            if (empty >= 0) {
                pool[empty * (1 + imageSize)] = 1f;
                System.arraycopy(in, i * imageSize, pool, empty * (1 + imageSize) + 1, imageSize);
                System.arraycopy(in, i * imageSize, out, i * imageSize, imageSize);
            } else if (random.nextBoolean()) {
                int j = random.nextInt(capacity);
                int at = j * (1 + imageSize) + 1;
                System.arraycopy(pool, at, out, i * imageSize, imageSize);
                System.arraycopy(in, i * imageSize, pool, at, imageSize);
            } else {
                System.arraycopy(in, i * imageSize, out, i * imageSize, imageSize);
            }
        }
        slots.assign(Nd4j.createFromArray(pool).reshape(slots.shape()));
        return Nd4j.create(out, fakes.shape(), 'c');
    }

    private int firstEmpty(float[] pool) {
        for (int s = 0; s < capacity; s++) {
            if (pool[s * (1 + imageSize)] == 0f) {
                return s;
            }
        }
        return -1;
    }

    /** Zeroes the slots that partition {@code p} of {@code partitions} does not own (slot i belongs to i mod P). */
    public static void keepOwnedSlots(float[] pools, int slotLength, int partition, int partitions) {
        for (int s = 0; s < pools.length / slotLength; s++) {
            if (s % partitions != partition) {
                java.util.Arrays.fill(pools, s * slotLength, (s + 1) * slotLength, 0f);
            }
        }
    }
}
