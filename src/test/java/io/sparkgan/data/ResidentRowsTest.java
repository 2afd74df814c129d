package io.sparkgan.data;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The device path of the minibatches (a GPU backend's), run on the CPU backend by forcing it: gathered from the
 * shard's copy on ND4J's backend, the minibatches must be bit for bit the host path's, for images in several
 * blocks (every byte value 0-255, rows from many blocks in random order, repeats) and for points.
 */
class ResidentRowsTest {
    @AfterEach
    void unforce() {
        ResidentRows.forced = false;
    }

    private static INDArray batch(TrainingSet set, int[] rows, boolean onDevice) {
        ResidentRows.forced = onDevice;
        try {
            return set.batch(rows);
        } finally {
            ResidentRows.forced = false;
        }
    }

    @Test
    void imagesGatheredOnTheBackendEqualTheHostBatches() {
        int n = 41;
        int per = 3 * 4 * 4;
        ImageSet.Builder builder = new ImageSet.Builder(3, 4, 4, 6 * per);    // 6 images a block, 7 blocks
        for (int i = 0; i < n; i++) {
            byte[] image = new byte[per];
            for (int p = 0; p < per; p++) {
                image[p] = (byte) (i * 37 + p * 5);      // all 256 byte values occur
            }
            builder.add(image);
        }
        ImageSet set = builder.build();
        assertThat(set.blocks()).isEqualTo(7);
        SplittableRandom random = new SplittableRandom(3);
        int[][] batches = {
                {0, 1, 2, 3},                               // one block
                {40, 36, 37},                               // the short last block
                random.ints(64, 0, n).toArray(),            // many blocks, repeats
                {40, 0, 20, 5, 6, 11, 12, 35, 29}};
        for (int[] rows : batches) {
            INDArray host = batch(set, rows, false);
            INDArray device = batch(set, rows, true);
            assertThat(device.dataType()).isEqualTo(DataType.FLOAT);
            assertThat(device.shape()).containsExactly(host.shape());
            assertThat(device.data().asFloat()).containsExactly(host.data().asFloat());
        }
        float[] values = batch(set, batches[2], true).data().asFloat();
        assertThat(values).contains(-1f, 1f);       // bytes 0 and 255 both reach their ends of [-1, 1]
    }

    @Test
    void pointsGatheredOnTheBackendEqualTheHostBatches() {
        SplittableRandom random = new SplittableRandom(5);
        float[] values = new float[2 * 100];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        PointSet set = new PointSet(values, 2);
        int[] rows = random.ints(32, 0, 100).toArray();
        assertThat(batch(set, rows, true).data().asFloat()).containsExactly(batch(set, rows, false).data().asFloat());
    }
}
