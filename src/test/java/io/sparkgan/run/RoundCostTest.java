package io.sparkgan.run;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RoundCostTest {
    @Test
    void withAsManySlotsAsPartitionsTheSlowestTaskIsTheCompute() {
        // P = 2 tasks of 0.9 s and 1.0 s on 2 slots in a round of 1.25 s: 0.25 s outside compute
        RoundCost round = RoundCost.ofRound(1.25, 1.0, 1.9, 2);
        assertThat(round.computeSeconds()).isEqualTo(1.0);
        assertThat(round.overheadShare()).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void morePartitionsThanSlotsRunInWavesThatAreCompute() {
        // P = 4 tasks of 1 s on 2 slots: two waves, 2 s of compute in a round of 2.5 s
        RoundCost round = RoundCost.ofRound(2.5, 1.0, 4.0, 2);
        assertThat(round.computeSeconds()).isEqualTo(2.0);
        assertThat(round.overheadShare()).isCloseTo(0.2, within(1e-12));
        // a slow straggler still bounds the round from below
        assertThat(RoundCost.ofRound(4.0, 3.0, 4.0, 2).computeSeconds()).isEqualTo(3.0);
    }

    @Test
    void roundsAddUpAndNoRoundsCostNothing() {
        RoundCost two = RoundCost.ofRound(1.0, 0.5, 0.5, 1).plus(RoundCost.ofRound(3.0, 2.5, 2.5, 1));
        assertThat(two.rounds()).isEqualTo(2);
        assertThat(two.overheadShare()).isCloseTo(0.25, within(1e-12));
        assertThat(RoundCost.NONE.overheadShare()).isZero();
        assertThat(RoundCost.ofRound(1.0, 0.0, 0.0, 0).overheadShare()).isEqualTo(1.0);
    }
}
