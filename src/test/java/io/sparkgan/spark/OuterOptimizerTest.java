package io.sparkgan.spark;

import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.GanConfig;
import io.sparkgan.config.OuterConfig;
import io.sparkgan.config.OuterMethod;
import io.sparkgan.train.GanState;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The outer step's arithmetic against the formulas, and which parameters it leaves to the mean. */
class OuterOptimizerTest {
    private static final GanConfig RING8 = ConfigLoader.load(Path.of("conf/ring8.conf"), List.of());

    private static OuterOptimizer optimizer(OuterMethod method, double eta, double mu) {
        return new OuterOptimizer(new OuterConfig(method, eta, mu, 0.9, 0.99, 1e-8), GanState.fresh(RING8,
                new long[]{2}));
    }

    @Test
    void nesterovFollowsDiLoCosOuterStepAcrossRounds() {
        OuterOptimizer nesterov = optimizer(OuterMethod.NESTEROV, 0.7, 0.9);
        float[] theta = {1f, -2f, 0.5f};
        float[][] u = {new float[3]};
        boolean[] none = new boolean[3];
        double[] expectedU = new double[3];
        float[] current = theta.clone();
        float[][] means = {{0.9f, -1.8f, 0.5f}, {0.8f, -1.9f, 0.45f}};
        for (int round = 0; round < means.length; round++) {
            float[] next = means[round].clone();
            float[] before = current.clone();
            nesterov.update(before, next, none, u, round + 1);
            for (int i = 0; i < 3; i++) {
                double delta = (double) before[i] - means[round][i];
                expectedU[i] = 0.9 * expectedU[i] + delta;
                double expected = before[i] - 0.7 * (0.9 * expectedU[i] + delta);
                assertThat((double) u[0][i]).isCloseTo(expectedU[i], within(1e-6));
                assertThat((double) next[i]).as("round %d, parameter %d", round, i).isCloseTo(expected, within(1e-6));
            }
            current = next;
        }
        // with momentum the second step goes further than the mean: Delta_1 = theta - theta_bar, u = 0.9 u + Delta
        assertThat(current[0]).isLessThan(0.8f);
    }

    @Test
    void adamStepsByAboutTheLearningRateAtFirstWhateverTheScaleOfTheChange() {
        OuterOptimizer adam = optimizer(OuterMethod.ADAM, 0.01, 0);
        float[] theta = {1f, 1f};
        float[] next = {0.999f, 0.5f};                  // changes of 1e-3 and 0.5
        float[][] mv = {new float[2], new float[2]};
        adam.update(theta, next, new boolean[2], mv, 1);
        // t = 1: m_hat = Delta, v_hat = Delta^2, so the step is eta * sign(Delta)
        assertThat((double) next[0]).isCloseTo(0.99, within(1e-6));
        assertThat((double) next[1]).isCloseTo(0.99, within(1e-6));
        assertThat((double) mv[0][1]).isCloseTo(0.1 * 0.5, within(1e-7));
        assertThat((double) mv[1][1]).isCloseTo(0.01 * 0.25, within(1e-7));
    }

    @Test
    void batchNormStatisticsTakeTheMeanAndKeepNoBuffer() {
        GanConfig dcgan = ConfigLoader.load(Path.of("conf/fashion-dcgan28.conf"), List.of("model.dcgan.base-width=8",
                "evaluation.every-epochs=0"));
        GanState state = GanState.fresh(dcgan, new long[]{1, 28, 28});
        MultiLayerNetwork g = state.generator();
        boolean[] mask = OuterOptimizer.runningStatistics(g);
        // the mask marks exactly the running means and variances, found by value through the parameter table
        long statistics = 0;
        for (Layer layer : g.getLayers()) {
            if (layer.conf().getLayer() instanceof BatchNormalization) {
                // DL4J keeps the running variance as "var", or as "log10stdev" with useLogStd (its default)
                String spread = layer.paramTable().containsKey("var") ? "var" : "log10stdev";
                statistics += layer.getParam("mean").length() + layer.getParam(spread).length();
                layer.getParam("mean").assign(7.5);
            }
        }
        assertThat(statistics).isPositive();
        float[] flat = g.params().toFloatVector();
        long marked = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                marked++;
            }
        }
        assertThat(marked).isEqualTo(statistics);
        for (int i = 0; i < flat.length; i++) {
            if (flat[i] == 7.5f) {
                assertThat(mask[i]).as("a running mean at %d", i).isTrue();
            }
        }
        OuterOptimizer nesterov = new OuterOptimizer(new OuterConfig(OuterMethod.NESTEROV, 0.7, 0.9, 0.9, 0.99, 1e-8),
                state);
        float[] theta = new float[mask.length];
        float[] next = new float[mask.length];
        java.util.Arrays.fill(next, 2f);
        float[][] u = {new float[mask.length]};
        nesterov.update(theta, next, mask, u, 1);
        for (int i = 0; i < mask.length; i++) {
            assertThat(next[i]).isEqualTo(mask[i] ? 2f : (float) (0 - 0.7 * (0.9 * -2 - 2)));
            assertThat(u[0][i]).isEqualTo(mask[i] ? 0f : -2f);
        }
    }
    /**
     * A whole round of 3 partitions with rows 1, 2, 1: their states through the averaging tree's sum (theta_bar =
     * sum_p r_p theta_p / 4), then the outer step, against the formulas in double; D took the same step.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = OuterMethod.class, names = {"NESTEROV", "ADAM"})
    void aThreePartitionRoundGoesThroughTheTreeAndTheOuterStep(OuterMethod method) {
        GanState state = GanState.fresh(RING8, new long[]{2});
        GanSnapshot before = GanSnapshot.of(state);
        int[] rows = {1, 2, 1};
        List<WeightedStateSum> terms = new java.util.ArrayList<>();
        float[][] thetas = new float[3][];
        for (int p = 0; p < 3; p++) {
            GanSnapshot partition = GanSnapshot.of(state);
            float[] g = partition.array(GanSnapshot.Part.GENERATOR_PARAMETERS);
            for (int j = 0; j < g.length; j++) {
                g[j] += (p + 1) * 0.01f * (j % 5 - 2);
            }
            thetas[p] = g;
            terms.add(WeightedStateSum.of(p, rows[p], partition, new io.sparkgan.train.IntervalStats(), null));
        }
        GanSnapshot mean = WeightedStateSum.combine(terms).mean();
        io.sparkgan.train.OuterState outer = new io.sparkgan.train.OuterState(state,
                OuterOptimizer.bufferRows(new OuterConfig(method, 0.5, 0.9, 0.9, 0.99, 1e-8)));
        OuterOptimizer optimizer = new OuterOptimizer(new OuterConfig(method, 0.5, 0.9, 0.9, 0.99, 1e-8), state);
        optimizer.step(outer, before, mean);
        float[] theta = before.array(GanSnapshot.Part.GENERATOR_PARAMETERS);
        float[] next = mean.array(GanSnapshot.Part.GENERATOR_PARAMETERS);
        for (int j = 0; j < theta.length; j++) {
            double bar = ((double) thetas[0][j] + 2.0 * thetas[1][j] + thetas[2][j]) / 4;
            double delta = theta[j] - bar;
            double expected = method == OuterMethod.NESTEROV
                    ? theta[j] - 0.5 * (0.9 * delta + delta)                        // u = Delta after one round
                    // Adam, t = 1: m_hat = Delta, v_hat = Delta^2
                    : theta[j] - 0.5 * delta / (Math.abs(delta) + 1e-8);
            assertThat((double) next[j]).as("generator parameter %d", j).isCloseTo(expected, within(2e-6));
        }
        assertThat(outer.stepCount()).isEqualTo(1);
    }
}
