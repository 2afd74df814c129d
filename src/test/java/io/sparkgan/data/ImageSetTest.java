package io.sparkgan.data;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageSetTest {
    private static byte[] image(int i) {
        byte[] px = new byte[2 * 3 * 3];
        for (int p = 0; p < px.length; p++) {
            px[p] = (byte) (i * 19 + p);
        }
        return px;
    }

    @Test
    void aSetBuiltInBlocksServesTheSameBatchesAsOneArray() {
        int n = 23;
        byte[] all = new byte[n * 18];
        ImageSet.Builder builder = new ImageSet.Builder(2, 3, 3, 5 * 18 + 7);   // 5 images a block
        for (int i = 0; i < n; i++) {
            System.arraycopy(image(i), 0, all, i * 18, 18);
            builder.add(image(i));
        }
        ImageSet blocked = builder.build();
        ImageSet whole = new ImageSet(all, n, 2, 3, 3, null);
        assertThat(blocked.blocks()).isEqualTo(5);
        assertThat(blocked.size()).isEqualTo(n);
        int[] rows = {22, 0, 4, 5, 9, 10, 21, 13};
        INDArray a = blocked.batch(rows);
        assertThat(a.shape()).containsExactly(8, 2, 3, 3);
        assertThat(a).isEqualTo(whole.batch(rows));
        assertThat(a.getFloat(0, 0, 0, 0)).isEqualTo(((22 * 19) & 0xff) / 127.5f - 1f);
    }

    @Test
    void refusesAnImageOfAnotherSize() {
        assertThatThrownBy(() -> new ImageSet.Builder(1, 28, 28).add(new byte[28 * 27]))
                .hasMessageContaining("756 bytes").hasMessageContaining("1x28x28");
    }
}
