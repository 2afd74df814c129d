package io.sparkgan.spark;

import io.sparkgan.spark.GanSnapshot.Part;
import io.sparkgan.train.IntervalStats;
import io.sparkgan.train.StepFigures;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WeightedStateSumTest {
    private static GanSnapshot snapshot(float g, float d, boolean withEma) {
        float[][] arrays = java.util.Arrays.copyOf(new float[][]{{g, 2 * g}, {g / 10}, {d, -d, 3 * d}, {d / 10},
                withEma ? new float[] {g + 1} : null, withEma ? new float[] {d / 2, d} : null}, GanSnapshot.NAMES.length);
        return new GanSnapshot(arrays, 5, 9);
    }

    private static IntervalStats stats(double dLoss) {
        IntervalStats s = new IntervalStats();
        s.add(new StepFigures(dLoss, 1, 0.5, 0.5, 0.1, 0));
        return s;
    }

    @Test
    void theMeanWeightsEachPartitionByItsRows() {
        WeightedStateSum a = WeightedStateSum.of(0, 3, snapshot(1f, 10f, true), stats(1), null);
        WeightedStateSum b = WeightedStateSum.of(1, 1, snapshot(5f, 2f, true), stats(3), null);
        GanSnapshot mean = WeightedStateSum.combine(List.of(a, b)).mean();
        assertThat(mean.array(Part.GENERATOR_PARAMETERS)).containsExactly((3 * 1f + 5f) / 4, (3 * 2f + 10f) / 4);
        assertThat(mean.array(Part.DISCRIMINATOR_PARAMETERS))
                .containsExactly((3 * 10f + 2f) / 4, -(3 * 10f + 2f) / 4, 3 * (3 * 10f + 2f) / 4);
        assertThat(mean.array(Part.GENERATOR_EMA)).containsExactly((3 * 2f + 6f) / 4);
        assertThat(mean.generatorSteps()).isEqualTo(5);
        assertThat(mean.discriminatorSteps()).isEqualTo(9);
        assertThat(WeightedStateSum.combine(List.of(a, b)).stats().mean().discriminatorLoss()).isEqualTo(2.0);
    }

    /** CycleGAN's history pools: slot i after the round is partition (i mod P)'s slot i, not a mean of images. */
    @Test
    void historyPoolsMergeSlotBySlotAcrossPartitions() {
        List<WeightedStateSum> terms = new java.util.ArrayList<>();
        for (int p = 0; p < 3; p++) {
            GanSnapshot plain = snapshot(p, p, false);
            float[][] arrays = new float[GanSnapshot.NAMES.length][];
            for (int i = 0; i < arrays.length; i++) {
                arrays[i] = plain.array(i);
            }
            float[] pools = new float[5 * 2];          // 5 slots of (flag, one pixel)
            for (int slot = 0; slot < 5; slot++) {
                pools[2 * slot] = 1;
                pools[2 * slot + 1] = 100 * p + slot;   // partition p's image in this slot
            }
            arrays[GanSnapshot.POOLS] = pools;
            terms.add(WeightedStateSum.of(p, 3, 2, 1 + p, new GanSnapshot(arrays, 5, 9), stats(1), null));
        }
        float[] merged = WeightedStateSum.combine(terms).mean().array(Part.HISTORY_POOLS);
        assertThat(merged).containsExactly(1, 0, 1, 101, 1, 202, 1, 3, 1, 104);
        // the parameters are still the rows-weighted mean
        assertThat(WeightedStateSum.combine(terms).mean().array(Part.GENERATOR_PARAMETERS)[0])
                .isEqualTo((0 * 1f + 1 * 2f + 2 * 3f) / 6);
    }

    @Test
    void oneTermsMeanIsBitIdenticalToItsState() {
        GanSnapshot s = snapshot(0.1f, 1e-7f, false);
        GanSnapshot mean = WeightedStateSum.combine(List.of(WeightedStateSum.of(4, 21, s, stats(0), null))).mean();
        for (Part part : List.of(Part.GENERATOR_PARAMETERS, Part.GENERATOR_ADAM, Part.DISCRIMINATOR_PARAMETERS,
                Part.DISCRIMINATOR_ADAM)) {
            assertThat(mean.array(part)).as(part.description).containsExactly(s.array(part));
        }
        assertThat(mean.array(Part.GENERATOR_EMA)).isNull();
    }

    @Test
    void addsInPartitionOrderWhateverOrderThePartsComeIn() {
        // in double, (1e17 + 1) - 1e17 = 0 but (-1e17 + 1e17) + 1 = 1: the order shows in the result
        WeightedStateSum a = WeightedStateSum.of(0, 1, snapshot(1e17f, 1, false), stats(0), null);
        WeightedStateSum b = WeightedStateSum.of(1, 1, snapshot(1f, 1, false), stats(0), null);
        WeightedStateSum c = WeightedStateSum.of(2, 1, snapshot(-1e17f, 1, false), stats(0), "partition 2 diverged");
        GanSnapshot inOrder = WeightedStateSum.combine(List.of(a, b, c)).mean();
        GanSnapshot shuffled = WeightedStateSum.combine(List.of(c, a, b)).mean();
        assertThat(inOrder.array(Part.GENERATOR_PARAMETERS)[0]).isZero();
        assertThat(shuffled.array(Part.GENERATOR_PARAMETERS))
                .containsExactly(inOrder.array(Part.GENERATOR_PARAMETERS));
        WeightedStateSum left = WeightedStateSum.combine(List.of(b, a));
        WeightedStateSum whole = WeightedStateSum.combine(List.of(c, left));
        assertThat(whole.first()).isZero();
        assertThat(whole.last()).isEqualTo(2);
        assertThat(whole.rows()).isEqualTo(3);
        assertThat(whole.divergence()).isEqualTo("partition 2 diverged");
    }

    @Test
    void refusesPartsThatAreNotAdjacent() {
        WeightedStateSum a = WeightedStateSum.of(0, 1, snapshot(1, 1, false), stats(0), null);
        WeightedStateSum c = WeightedStateSum.of(2, 1, snapshot(1, 1, false), stats(0), null);
        assertThatThrownBy(() -> WeightedStateSum.combine(List.of(a, c))).hasMessageContaining("not adjacent");
        assertThatThrownBy(() -> WeightedStateSum.combine(List.of(a, a))).hasMessageContaining("not adjacent");
    }

    @Test
    void theRangeKeepsItsSlowestAndItsTotalTaskCompute() {
        WeightedStateSum a = WeightedStateSum.of(0, 1, snapshot(1f, 1f, false), stats(1), null);
        WeightedStateSum b = WeightedStateSum.of(1, 1, snapshot(1f, 1f, false), stats(1), null);
        WeightedStateSum c = WeightedStateSum.of(2, 1, snapshot(1f, 1f, false), stats(1), null);
        a.setComputeSeconds(0.5);
        b.setComputeSeconds(2.0);
        c.setComputeSeconds(1.0);
        WeightedStateSum whole = WeightedStateSum.combine(List.of(c, WeightedStateSum.combine(List.of(a, b))));
        assertThat(whole.computeSeconds()).isEqualTo(2.0);
        assertThat(whole.totalComputeSeconds()).isEqualTo(3.5);
    }
}
