package io.sparkgan.lab;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The lab's verdicts from a path's distances to the equilibrium, relative to the start. */
class LabOutcomeTest {
    @Test
    void aPathEndingWithinOnePercentConverges() {
        assertThat(LabOutcome.verdict(0.009, 0.009, 1e-3)).isEqualTo("converges");
    }

    @Test
    void aPathEndingFartherOutSpiralsOut() {
        assertThat(LabOutcome.verdict(1.3, 1.0, 0.1)).isEqualTo("spirals out");
    }

    @Test
    void aPathStayingNearItsStartCircles() {
        assertThat(LabOutcome.verdict(0.98, 0.95, 0.1)).isEqualTo("circles");
        assertThat(LabOutcome.verdict(0.98, 0.3, 0.1)).as("one that came nearer on the way").isEqualTo("spirals in");
    }

    @Test
    void aPathThatStopsAwayFromTheEquilibriumStalls() {
        assertThat(LabOutcome.verdict(0.5, 0.5, 1e-9)).isEqualTo("stalls off the equilibrium");
    }
}
