package io.sparkgan.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A training shard's rows held by ND4J's backend (on a GPU: in device memory), copied there once, so that a
 * minibatch is gathered where the networks run: one pullRows per block touched and, when the rows come from
 * several blocks, one more to restore their order. Only the row indices cross from the host, not the samples.
 * <p>
 * Blocks are [k, d] arrays (d values a sample) of k rows each, the last possibly shorter; row i lies in block
 * i / k at row i mod k, as in {@link ImageSet}'s byte blocks.
 * <p>
 * Used when the backend is not the CPU one ({@link #onDevice()}): with nd4j-native the host arrays are already
 * where the ops run, and a second copy of a shard would only double its memory.
 */
final class ResidentRows {
    /**
     * Tests set this to run the device path on the CPU backend. A JVM-wide test switch, not run state: nothing in
     * the product sets it, and like {@link #GPU_BACKEND} it describes the JVM (where shards should live), so it
     * stays per JVM rather than in a run's scope.
     */
    static volatile boolean forced;
    /** Whether ND4J's backend is a GPU one: asked once, not per minibatch. */
    private static final boolean GPU_BACKEND = !Nd4j.getEnvironment().isCPU();
    private final List<INDArray> blocks;
    private final int rowsPerBlock;

    ResidentRows(List<INDArray> blocks, int rowsPerBlock) {
        this.blocks = blocks;
        this.rowsPerBlock = rowsPerBlock;
    }

    /** Whether shards should be resident on ND4J's backend: a GPU backend, or a test that forces it. */
    static boolean onDevice() {
        return forced || GPU_BACKEND;
    }

    /**
     * Unsigned bytes as ND4J UINT8 [k, d] (DL4J's createFromArray(byte[]) is INT8; the cast to UINT8 keeps the
     * bits, -1 becoming 255).
     */
    static INDArray unsignedBytes(byte[] block, int rows, int perRow) {
        INDArray signed = Nd4j.createFromArray(Arrays.copyOf(block, rows * perRow)).reshape(rows, perRow);
        return signed.castTo(DataType.UBYTE);
    }

    /** The rows at {@code rows}, in that order, as [rows.length, d] of the blocks' type. */
    INDArray gather(int[] rows) {
        int[] count = new int[blocks.size()];
        for (int r : rows) {
            count[r / rowsPerBlock]++;
        }
        int touched = 0;
        int only = -1;
        for (int b = 0; b < count.length; b++) {
            if (count[b] > 0) {
                touched++;
                only = b;
            }
        }
        if (touched == 1) {
            int[] local = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                local[i] = rows[i] - only * rowsPerBlock;
            }
            return Nd4j.pullRows(blocks.get(only), 1, local);
        }
        // rows grouped by block: block b's rows first, in their order; inverse[i] = where rows[i] went
        int[] start = new int[count.length];
        for (int b = 1; b < count.length; b++) {
            start[b] = start[b - 1] + count[b - 1];
        }
        int[][] local = new int[count.length][];
        for (int b = 0; b < count.length; b++) {
            local[b] = new int[count[b]];
        }
        int[] filled = new int[count.length];
        int[] inverse = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            int b = rows[i] / rowsPerBlock;
            local[b][filled[b]] = rows[i] - b * rowsPerBlock;
            inverse[i] = start[b] + filled[b];
            filled[b]++;
        }
        List<INDArray> parts = new ArrayList<>();
        for (int b = 0; b < count.length; b++) {
            if (count[b] > 0) {
                parts.add(Nd4j.pullRows(blocks.get(b), 1, local[b]));
            }
        }
        return Nd4j.pullRows(Nd4j.concat(0, parts.toArray(new INDArray[0])), 1, inverse);
    }
}
