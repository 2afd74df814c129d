package io.sparkgan.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AveragingBenchTest {
    @Test
    void theDriverReceivesFloatStatesUpToTheFanInThenAtMostFanInDoubleSums() {
        long floats = 1000;
        assertThat(AveragingBench.driverBytes(2, 8, floats)).isEqualTo(2 * 4 * floats);
        assertThat(AveragingBench.driverBytes(8, 8, floats)).isEqualTo(8 * 4 * floats);
        assertThat(AveragingBench.driverBytes(32, 8, floats)).as("32 -> 4 sums").isEqualTo(4 * 8 * floats);
        assertThat(AveragingBench.driverBytes(65, 8, floats)).as("65 -> 9 -> 2 sums").isEqualTo(2 * 8 * floats);
        assertThat(AveragingBench.driverBytes(320, 2, floats)).as("320 -> 160 -> ... -> 2").isEqualTo(2 * 8 * floats);
    }
}
