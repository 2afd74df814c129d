package io.sparkgan.train;

import io.sparkgan.platform.NativeThreads;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Noise drawn by ND4J's native generator: a function of the caller's stream only, with the right moments. */
class DeviceNoiseTest {

    @Test
    void theSameStreamDrawsTheSameNoiseWhateverWasDrawnBefore() {
        INDArray first = DeviceNoise.normal(1.0, new SplittableRandom(5), 64, 100);
        DeviceNoise.uniform(-1, 1, new SplittableRandom(9), 1000);     // another draw on this thread between
        INDArray again = DeviceNoise.normal(1.0, new SplittableRandom(5), 64, 100);
        assertThat(again).isEqualTo(first);
        assertThat(DeviceNoise.normal(1.0, new SplittableRandom(6), 64, 100)).isNotEqualTo(first);
    }

    @Test
    void eachDrawTakesOneLongFromTheStream() {
        SplittableRandom stream = new SplittableRandom(11);
        DeviceNoise.normal(1.0, stream, 256, 784);
        assertThat(stream.nextLong()).isEqualTo(afterLongs(11, 1));
    }

    @Test
    void theValuesDoNotDependOnTheNumberOfNativeThreads() throws Exception {
        int before = Nd4j.getEnvironment().maxMasterThreads();
        try {
            NativeThreads.limit(1);
            INDArray one = DeviceNoise.normal(0.1, new SplittableRandom(3), 256, 784);
            NativeThreads.limit(2);
            INDArray two = DeviceNoise.normal(0.1, new SplittableRandom(3), 256, 784);
            assertThat(two).isEqualTo(one);
        } finally {
            NativeThreads.limit(before);
        }
    }

    @Test
    void normalAndUniformHaveTheirMoments() {
        INDArray n = DeviceNoise.normal(0.5, new SplittableRandom(1), 200, 1000);
        assertThat(n.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(n.meanNumber().doubleValue()).isCloseTo(0, within(0.005));
        assertThat(n.stdNumber().doubleValue()).isCloseTo(0.5, within(0.005));
        INDArray u = LatentPrior.UNIFORM.sample(200, 1000, new SplittableRandom(2));
        assertThat(u.minNumber().doubleValue()).isGreaterThanOrEqualTo(-1);
        assertThat(u.maxNumber().doubleValue()).isLessThanOrEqualTo(1);
        assertThat(u.meanNumber().doubleValue()).isCloseTo(0, within(0.01));
        assertThat(u.varNumber().doubleValue()).isCloseTo(1.0 / 3, within(0.005));   // (b - a)^2 / 12
    }

    @Test
    void instanceNoiseOfZeroDrawsNothing() {
        INDArray x = Nd4j.ones(4, 2);
        SplittableRandom stream = new SplittableRandom(7);
        DeviceNoise.addNormal(x, 0, stream);
        assertThat(x).isEqualTo(Nd4j.ones(4, 2));
        assertThat(stream.nextLong()).isEqualTo(afterLongs(7, 0));
        DeviceNoise.addNormal(x, 1.0, stream);
        assertThat(x).isNotEqualTo(Nd4j.ones(4, 2));
    }

    private static long afterLongs(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            r.nextLong();
        }
        return r.nextLong();
    }
}
