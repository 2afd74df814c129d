package io.sparkgan.train;

import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.GanConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScheduleTest {
    private static Schedule schedule(String hocon) {
        GanConfig c = ConfigLoader.parse(hocon, "t", List.of());
        return new Schedule(c.train(), c.spark().averagingPeriod());
    }

    @Test
    void laterEntriesOverrideEarlierOnesFromTheirEpochOn() {
        Schedule s = schedule("""
                train { d-steps = 1, generator.learning-rate = 1e-3, discriminator.learning-rate = 2e-3
                  schedule = [ { from-epoch = 2, d-steps = 3, generator-learning-rate = 5e-4 },
                               { from-epoch = 4, discriminator-learning-rate = 1e-4, averaging-period = 2 } ] }
                spark.averaging-period = 16""");
        assertEquals(new EpochSettings(1, 1e-3, 2e-3, 0, 16), s.at(0));
        assertEquals(new EpochSettings(1, 1e-3, 2e-3, 0, 16), s.at(1));
        assertEquals(new EpochSettings(3, 5e-4, 2e-3, 0, 16), s.at(2));
        assertEquals(new EpochSettings(3, 5e-4, 1e-4, 0, 2), s.at(5));
    }

    @Test
    void instanceNoiseAnnealsLinearlyToZero() {
        Schedule s = schedule("train.instance-noise { std = 0.2, anneal-epochs = 4 }");
        assertEquals(0.2, s.at(0).instanceNoiseStd(), 1e-12);
        assertEquals(0.1, s.at(2).instanceNoiseStd(), 1e-12);
        assertEquals(0.0, s.at(4).instanceNoiseStd(), 1e-12);
        assertEquals(0.0, s.at(9).instanceNoiseStd(), 1e-12);
    }

    /** CycleGAN's decay: constant for the first half, then linearly towards 0, on top of the scheduled rates. */
    @Test
    void learningRatesDecayLinearlyOverTheSecondHalf() {
        Schedule s = schedule("train { epochs = 6, learning-rate-decay = linear-second-half, "
                + "generator.learning-rate = 1e-3, discriminator.learning-rate = 2e-3 }");
        double[] factors = {1, 1, 1, 3.0 / 4, 2.0 / 4, 1.0 / 4};   // h = 3: epochs 0-2 constant, then 3/4 ... 1/4
        for (int e = 0; e < 6; e++) {
            assertEquals(1e-3 * factors[e], s.at(e).generatorLearningRate(), 1e-15, "epoch " + e);
            assertEquals(2e-3 * factors[e], s.at(e).discriminatorLearningRate(), 1e-15, "epoch " + e);
        }
        Schedule two = schedule("train { epochs = 2, learning-rate-decay = linear-second-half, "
                + "generator.learning-rate = 1e-3 }");
        assertEquals(1e-3, two.at(0).generatorLearningRate(), 1e-15);
        assertEquals(5e-4, two.at(1).generatorLearningRate(), 1e-15);
        assertEquals(1e-3, schedule("train.generator.learning-rate = 1e-3").at(7).generatorLearningRate(), 1e-15);
    }

    @Test
    void batchOrderIsAPermutationFixedBySeedAndEpoch() {
        BatchOrder a = new BatchOrder(10, 3, 42, 1);
        BatchOrder b = new BatchOrder(10, 3, 42, 1);
        BatchOrder other = new BatchOrder(10, 3, 42, 2);
        assertEquals(3, a.remaining());
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        boolean differs = false;
        for (int i = 0; i < 3; i++) {
            int[] x = a.nextBatch();
            int[] y = b.nextBatch();
            int[] z = other.nextBatch();
            org.junit.jupiter.api.Assertions.assertArrayEquals(x, y);
            differs |= !java.util.Arrays.equals(x, z);
            for (int v : x) {
                seen.add(v);
            }
        }
        assertEquals(9, seen.size());
        assertEquals(0, a.remaining());
        org.junit.jupiter.api.Assertions.assertTrue(differs, "another epoch visits the data in another order");
    }
}
