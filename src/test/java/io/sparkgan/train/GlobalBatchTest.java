package io.sparkgan.train;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GlobalBatchTest {
    @Nested
    class SplittingTheGlobalBatch {
        @Test
        void givesEveryPartitionAnEqualShareWhenPDividesB() {
            GlobalBatch batch = new GlobalBatch(256, 4);
            assertThat(IntStream.range(0, 4).map(batch::rows).toArray()).containsExactly(64, 64, 64, 64);
        }

        @Test
        void givesTheFirstBModPPartitionsOneRowMoreAndTheRowsAddUpToB() {
            GlobalBatch batch = new GlobalBatch(64, 3);
            assertThat(IntStream.range(0, 3).map(batch::rows).toArray()).containsExactly(22, 21, 21);
            for (int p : new int[] {1, 2, 5, 7, 63, 64, 200}) {
                GlobalBatch b = new GlobalBatch(256 + 7, Math.min(p, 263));
                assertThat(IntStream.range(0, b.partitions()).map(b::rows).sum()).as("P = " + p).isEqualTo(263);
            }
        }

        @Test
        void refusesABatchSmallerThanThePartitionsNamingBoth() {
            assertThatThrownBy(() -> new GlobalBatch(16, 32))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("train.batch-size (16)")
                    .hasMessageContaining("partitions P (32)");
        }
    }

    @Nested
    class CountingIterations {
        @Test
        void givesAnEpochTheSameIterationsForAnyNumberOfPartitions() {
            int n = 100_000;
            int k = 1;
            int single = new GlobalBatch(256, 1).iterationsPerEpoch(new int[] {n}, k);
            for (int p : new int[] {2, 4, 8}) {
                int[] shards = IntStream.range(0, p).map(i -> n / p).toArray();
                assertThat(new GlobalBatch(256, p).iterationsPerEpoch(shards, k)).as("P = " + p).isEqualTo(single);
            }
            assertThat(single).isEqualTo(390);
        }

        @Test
        void takesTheFewestIterationsAnyShardCanServe() {
            // shard 0 takes 22 rows a step, the others 21: 440 / 22 = 20, 430 / 21 = 20, 400 / 21 = 19
            assertThat(new GlobalBatch(64, 3).iterationsPerEpoch(new int[] {440, 430, 400}, 1)).isEqualTo(19);
            assertThat(new GlobalBatch(64, 3).iterationsPerEpoch(new int[] {440, 430, 400}, 2)).isEqualTo(9);
        }

        @Test
        void refusesAShardTooSmallForOneIterationNamingIt() {
            assertThatThrownBy(() -> new GlobalBatch(64, 2).iterationsPerEpoch(new int[] {100, 20}, 1))
                    .hasMessageContaining("partition 1 of 2 holds 20 samples")
                    .hasMessageContaining("32 rows");
        }
    }
}
