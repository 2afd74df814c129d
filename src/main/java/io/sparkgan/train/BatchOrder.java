package io.sparkgan.train;

import java.util.SplittableRandom;

/**
 * The order in which an epoch visits the training set: a Fisher-Yates permutation seeded from
 * (seed, epoch), cut into minibatches; the incomplete tail is dropped.
 */
final class BatchOrder {
    private final int[] permutation;
    private final int batchSize;
    private int next;

    BatchOrder(int size, int batchSize, long seed, int epoch) {
        this.batchSize = batchSize;
        this.permutation = new int[size];
        for (int i = 0; i < size; i++) {
            permutation[i] = i;
        }
        SplittableRandom random = new SplittableRandom(Seeds.derive(seed, Seeds.SHUFFLE, epoch));
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = permutation[i];
            permutation[i] = permutation[j];
            permutation[j] = t;
        }
    }

    /** Skips the first {@code batches} minibatches (a round that starts in the middle of the epoch). */
    BatchOrder skip(int batches) {
        if ((long) batches * batchSize > permutation.length - next) {
            throw new IllegalStateException("cannot skip " + batches + " minibatches, " + remaining() + " remain");
        }
        next += batches * batchSize;
        return this;
    }

    /** Minibatches left in this epoch. */
    int remaining() {
        return (permutation.length - next) / batchSize;
    }

    int[] nextBatch() {
        if (remaining() < 1) {
            throw new IllegalStateException("epoch exhausted");
        }
        int[] rows = new int[batchSize];
        System.arraycopy(permutation, next, rows, 0, batchSize);
        next += batchSize;
        return rows;
    }
}
