package io.sparkgan.loss;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each loss against values computed by hand (logits 0 and ln 3 give sigmoid 1/2 and 3/4), and each
 * gradient against a central finite difference of the loss itself.
 */
class GanLossesTest {
    private static final double LN3 = Math.log(3);
    private static final double TOL = 1e-12;

    @Nested
    class Minimax {
        @Test
        void discriminatorLossIsTheBinaryCrossEntropyOfRealAsOneAndFakeAsZero() {
            // real logit ln3: D = 3/4, -log(3/4); fake logit 0: D = 1/2, -log(1 - 1/2)
            DiscriminatorLoss l = GanLosses.minimaxDiscriminatorLoss(new double[]{LN3}, new double[]{0}, 0);
            assertEquals(-Math.log(0.75) - Math.log(0.5), l.value(), TOL);
            assertArrayEquals(new double[]{0.75 - 1}, l.dReal(), TOL);
            assertArrayEquals(new double[]{0.5}, l.dFake(), TOL);
        }

        @Test
        void oneSidedLabelSmoothingMovesOnlyTheRealTarget() {
            // target 0.9 for real: BCE = -(0.9 log 3/4 + 0.1 log 1/4); fakes keep target 0
            DiscriminatorLoss l = GanLosses.minimaxDiscriminatorLoss(new double[]{LN3}, new double[]{0}, 0.1);
            assertEquals(-(0.9 * Math.log(0.75) + 0.1 * Math.log(0.25)) - Math.log(0.5), l.value(), TOL);
            assertArrayEquals(new double[]{0.75 - 0.9}, l.dReal(), TOL);
            assertArrayEquals(new double[]{0.5}, l.dFake(), TOL);
        }

        @Test
        void generatorLossIsLogOfOneMinusDOfFake() {
            // mean of log(1 - 3/4) and log(1 - 1/2)
            GeneratorLoss l = GanLosses.minimaxGeneratorLoss(new double[]{LN3, 0});
            assertEquals((Math.log(0.25) + Math.log(0.5)) / 2, l.value(), TOL);
            assertArrayEquals(new double[]{-0.75 / 2, -0.5 / 2}, l.dFake(), TOL);
        }
    }

    @Nested
    class NonSaturating {
        @Test
        void generatorLossIsMinusLogDOfFake() {
            GeneratorLoss l = GanLosses.nonSaturatingGeneratorLoss(new double[]{LN3, 0});
            assertEquals(-(Math.log(0.75) + Math.log(0.5)) / 2, l.value(), TOL);
            assertArrayEquals(new double[]{(0.75 - 1) / 2, (0.5 - 1) / 2}, l.dFake(), TOL);
        }

        @Test
        void gradientStaysLargeWhereTheMinimaxGradientVanishes() {
            // D rejects the fake with confidence: logit -10, D = 4.5e-5
            double[] rejected = {-10};
            assertEquals(-GanLosses.sigmoid(-10), GanLosses.minimaxGeneratorLoss(rejected).dFake()[0], TOL);
            assertEquals(GanLosses.sigmoid(-10) - 1, GanLosses.nonSaturatingGeneratorLoss(rejected).dFake()[0], TOL);
        }

        @Test
        void discriminatorIsTheMinimaxOne() {
            DiscriminatorLoss a = GanLosses.nonSaturatingDiscriminatorLoss(new double[]{1, -2}, new double[]{0.5, 3}, 0);
            DiscriminatorLoss b = GanLosses.minimaxDiscriminatorLoss(new double[]{1, -2}, new double[]{0.5, 3}, 0);
            assertEquals(b.value(), a.value(), TOL);
        }
    }

    @Nested
    class MaximumLikelihood {
        @Test
        void generatorLossIsMinusHalfTheMeanOfExpOfTheLogit() {
            // logits ln3 and 0: exp(l) = D / (1 - D) = 3 and 1; J = -1/2 (3 + 1) / 2
            GeneratorLoss l = GanLosses.maximumLikelihoodGeneratorLoss(new double[]{LN3, 0});
            assertEquals(-1.0, l.value(), TOL);
            assertArrayEquals(new double[]{-0.75, -0.25}, l.dFake(), TOL);
        }

        @Test
        void discriminatorIsTheMinimaxOne() {
            double[] real = {0.3, -1.2};
            double[] fake = {2.0, -0.5};
            DiscriminatorLoss ml = LossFamily.MAXIMUM_LIKELIHOOD.discriminatorLoss(real, fake, 0.1);
            DiscriminatorLoss mm = LossFamily.MINIMAX.discriminatorLoss(real, fake, 0.1);
            assertEquals(mm.value(), ml.value(), 0);
            assertArrayEquals(mm.dReal(), ml.dReal(), 0);
            assertArrayEquals(mm.dFake(), ml.dFake(), 0);
        }
    }

    @Nested
    class Wasserstein {
        @Test
        void criticLossIsMeanFakeMinusMeanReal() {
            DiscriminatorLoss l = GanLosses.wassersteinDiscriminatorLoss(new double[]{2, 4}, new double[]{1, -1});
            assertEquals(0 - 3, l.value(), TOL);
            assertArrayEquals(new double[]{-0.5, -0.5}, l.dReal(), TOL);
            assertArrayEquals(new double[]{0.5, 0.5}, l.dFake(), TOL);
        }

        @Test
        void generatorLossIsMinusMeanCriticOfFake() {
            GeneratorLoss l = GanLosses.wassersteinGeneratorLoss(new double[]{1, 3});
            assertEquals(-2, l.value(), TOL);
            assertArrayEquals(new double[]{-0.5, -0.5}, l.dFake(), TOL);
        }
    }

    @Nested
    class Hinge {
        @Test
        void discriminatorPenalisesOnlyInsideTheMargin() {
            // real 0.5 -> 0.5; real 2 -> 0; fake -0.5 -> 0.5; fake -3 -> 0
            DiscriminatorLoss l = GanLosses.hingeDiscriminatorLoss(new double[]{0.5, 2}, new double[]{-0.5, -3});
            assertEquals((0.5 + 0) / 2 + (0.5 + 0) / 2, l.value(), TOL);
            assertArrayEquals(new double[]{-0.5, 0}, l.dReal(), TOL);
            assertArrayEquals(new double[]{0.5, 0}, l.dFake(), TOL);
        }

        @Test
        void generatorLossIsMinusMeanScore() {
            assertEquals(-1.5, GanLosses.hingeGeneratorLoss(new double[]{1, 2}).value(), TOL);
        }
    }

    @Nested
    class LeastSquares {
        @Test
        void discriminatorPullsRealToOneAndFakeToZero() {
            // 1/2 (0.5 - 1)^2 + 1/2 (0.5)^2
            DiscriminatorLoss l = GanLosses.leastSquaresDiscriminatorLoss(new double[]{0.5}, new double[]{0.5}, 0);
            assertEquals(0.125 + 0.125, l.value(), TOL);
            assertArrayEquals(new double[]{-0.5}, l.dReal(), TOL);
            assertArrayEquals(new double[]{0.5}, l.dFake(), TOL);
        }

        @Test
        void generatorPullsFakeToOne() {
            GeneratorLoss l = GanLosses.leastSquaresGeneratorLoss(new double[]{0, 2});
            assertEquals((0.5 + 0.5) / 2, l.value(), TOL);
            assertArrayEquals(new double[]{-0.5, 0.5}, l.dFake(), TOL);
        }
    }

    @Nested
    class ValueFunction {
        @Test
        void jsdEstimateIsZeroWhenDCannotTellRealFromFake() {
            // D = 1/2 everywhere: V = 2 log 1/2 = -log 4, so (V + log 4) / 2 = 0
            assertEquals(0, GanLosses.jsdEstimate(new double[]{0, 0}, new double[]{0}), TOL);
        }

        @Test
        void jsdEstimateApproachesLog2ForAPerfectDiscriminator() {
            assertEquals(Math.log(2), GanLosses.jsdEstimate(new double[]{40}, new double[]{-40}), 1e-12);
        }
    }

    @Nested
    class Gradients {
        @Test
        void everyFamilysGradientMatchesAFiniteDifference() {
            double[] real = {0.3, -1.2, 2.5};
            double[] fake = {-0.7, 0.9, -2.2};
            for (LossFamily f : LossFamily.values()) {
                double smoothing = f.probabilistic() || f == LossFamily.LEAST_SQUARES ? 0.1 : 0;
                DiscriminatorLoss d = f.discriminatorLoss(real, fake, smoothing);
                GeneratorLoss g = f.generatorLoss(fake);
                for (int i = 0; i < 3; i++) {
                    int at = i;
                    assertEquals(numeric(x -> f.discriminatorLoss(with(real, at, x), fake, smoothing).value(), real[i]),
                            d.dReal()[i], 1e-6, f + " dReal");
                    assertEquals(numeric(x -> f.discriminatorLoss(real, with(fake, at, x), smoothing).value(), fake[i]),
                            d.dFake()[i], 1e-6, f + " dFake");
                    assertEquals(numeric(x -> f.generatorLoss(with(fake, at, x)).value(), fake[i]),
                            g.dFake()[i], 1e-6, f + " generator");
                }
            }
        }

        @Test
        void everyDiscriminatorLossSeparatesIntoARealAndAFakeTerm() {
            // The D step backpropagates the real pass before it has the fake scores: dReal must not depend on them.
            double[] real = {0.3, -1.2};
            for (LossFamily f : LossFamily.values()) {
                double[] a = f.discriminatorLoss(real, new double[]{-3, 5}, 0).dReal();
                double[] b = f.discriminatorLoss(real, real, 0).dReal();
                assertArrayEquals(a, b, 0, f.name());
            }
        }

        private double[] with(double[] xs, int i, double v) {
            double[] copy = xs.clone();
            copy[i] = v;
            return copy;
        }

        private double numeric(java.util.function.DoubleUnaryOperator f, double x) {
            double h = 1e-6;
            return (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
        }
    }
}
