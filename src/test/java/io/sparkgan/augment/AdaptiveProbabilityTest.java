package io.sparkgan.augment;

import io.sparkgan.config.AugmentConfig;
import io.sparkgan.config.AugmentTransform;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** ADA's controller: p moves by sign(r - target) * interval * B / speed every interval D steps, clipped to [0, 1]. */
class AdaptiveProbabilityTest {
    /** interval 2, B = 100, speed 1000: a move of 0.2. */
    private final AdaptiveProbability controller = new AdaptiveProbability(
            new AugmentConfig(List.of(AugmentTransform.CUTOUT), true, 0.6, 2, 1000), 100);

    @Test
    void anOverfittingDiscriminatorRaisesPAndAnUnsureOneLowersIt() {
        INDArray state = AdaptiveProbability.initialState();
        INDArray confident = Nd4j.createFromArray(3f, 2f, 1f, 0.5f, -1f);     // r = (4 - 1) / 5 = 0.6, the target
        INDArray sure = Nd4j.createFromArray(3f, 2f, 1f, 0.5f, 0.1f);         // r = 1
        AdaptiveProbability.observe(state, sure, 0);
        controller.afterStep(state, 1);                                        // not yet a whole interval
        assertThat(AdaptiveProbability.probability(state)).isEqualTo(0.0);
        AdaptiveProbability.observe(state, sure, 0);
        controller.afterStep(state, 2);
        assertThat(AdaptiveProbability.probability(state)).isCloseTo(0.2, within(1e-6));
        assertThat(state.getDouble(1)).isEqualTo(0.0);                         // the tally starts again
        assertThat(state.getDouble(2)).isEqualTo(0.0);
        // r exactly at the target leaves p where it is
        AdaptiveProbability.observe(state, confident, 0);
        controller.afterStep(state, 4);
        assertThat(AdaptiveProbability.probability(state)).isCloseTo(0.2, within(1e-6));
        // D unsure of the reals (r = -1): p falls, and stops at 0
        for (int step = 6; step <= 12; step += 2) {
            AdaptiveProbability.observe(state, Nd4j.createFromArray(-1f, -2f), 0);
            controller.afterStep(state, step);
        }
        assertThat(AdaptiveProbability.probability(state)).isEqualTo(0.0);
    }

    @Test
    void pStopsAtOne() {
        INDArray state = AdaptiveProbability.initialState();
        for (int step = 2; step <= 20; step += 2) {
            AdaptiveProbability.observe(state, Nd4j.createFromArray(1f, 1f), 0);
            controller.afterStep(state, step);
        }
        assertThat(AdaptiveProbability.probability(state)).isEqualTo(1.0);
    }

    @Test
    void leastSquaresScoresTurnAtOneHalf() {
        INDArray state = AdaptiveProbability.initialState();
        AdaptiveProbability.observe(state, Nd4j.createFromArray(0.4f, 0.45f, 0.9f), 0.5);
        assertThat(state.getDouble(1)).isEqualTo(-1.0);                        // -1 - 1 + 1
        assertThat(state.getDouble(2)).isEqualTo(3.0);
    }
}
