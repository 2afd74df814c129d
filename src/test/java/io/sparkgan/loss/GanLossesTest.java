package io.sparkgan.loss;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each loss against values computed by hand (logits 0 and ln 3 give sigmoid 1/2 and 3/4), and each
 * gradient against a central finite difference of the loss itself. The losses are ND4J operations in their
 * inputs' data type: these tests give them float64 logits.
 */
class GanLossesTest {
    private static final double LN3 = Math.log(3);
    private static final double TOL = 1e-12;

    /** Logits as a float64 vector [B]. */
    private static INDArray v(double... logits) {
        return Nd4j.createFromArray(logits);
    }

    @Test
    void theInputsAreNotModified() {
        INDArray real = v(0.3, -1.2);
        INDArray fake = v(2.0, -0.5);
        for (LossFamily f : LossFamily.values()) {
            f.discriminatorLoss(real, fake, 0.1);
            f.generatorLoss(fake);
            f.meanReportedOutput(real);
        }
        assertArrayEquals(new double[]{0.3, -1.2}, real.toDoubleVector(), 0);
        assertArrayEquals(new double[]{2.0, -0.5}, fake.toDoubleVector(), 0);
    }

    @Test
    void softplusIsStableForLargeLogits() {
        // log(1 + e^x) overflows e^x in float32 at x = 89; the stable form gives x + log1p(e^-x)
        INDArray large = Nd4j.createFromArray(100f, -100f);
        assertArrayEquals(new double[]{100, Math.exp(-100)}, GanLosses.softplus(large).toDoubleVector(), 1e-6);
    }

    @Nested
    class Minimax {
        @Test
        void discriminatorLossIsTheBinaryCrossEntropyOfRealAsOneAndFakeAsZero() {
            // real logit ln3: D = 3/4, -log(3/4); fake logit 0: D = 1/2, -log(1 - 1/2)
            DiscriminatorLoss l = GanLosses.minimaxDiscriminatorLoss(v(LN3), v(0), 0);
            assertEquals(-Math.log(0.75) - Math.log(0.5), l.value().getDouble(0), TOL);
            assertArrayEquals(new double[]{0.75 - 1}, l.dReal().toDoubleVector(), TOL);
            assertArrayEquals(new double[]{0.5}, l.dFake().toDoubleVector(), TOL);
        }

        @Test
        void oneSidedLabelSmoothingMovesOnlyTheRealTarget() {
            // target 0.9 for real: BCE = -(0.9 log 3/4 + 0.1 log 1/4); fakes keep target 0
            DiscriminatorLoss l = GanLosses.minimaxDiscriminatorLoss(v(LN3), v(0), 0.1);
            assertEquals(-(0.9 * Math.log(0.75) + 0.1 * Math.log(0.25)) - Math.log(0.5), l.value().getDouble(0), TOL);
            assertArrayEquals(new double[]{0.75 - 0.9}, l.dReal().toDoubleVector(), TOL);
            assertArrayEquals(new double[]{0.5}, l.dFake().toDoubleVector(), TOL);
        }

        @Test
        void generatorLossIsLogOfOneMinusDOfFake() {
            // mean of log(1 - 3/4) and log(1 - 1/2)
            GeneratorLoss l = GanLosses.minimaxGeneratorLoss(v(LN3, 0));
            assertEquals((Math.log(0.25) + Math.log(0.5)) / 2, l.value().getDouble(0), TOL);
            assertArrayEquals(new double[]{-0.75 / 2, -0.5 / 2}, l.dFake().toDoubleVector(), TOL);
        }
    }

    @Nested
    class NonSaturating {
        @Test
        void generatorLossIsMinusLogDOfFake() {
            GeneratorLoss l = GanLosses.nonSaturatingGeneratorLoss(v(LN3, 0));
            assertEquals(-(Math.log(0.75) + Math.log(0.5)) / 2, l.value().getDouble(0), TOL);
            assertArrayEquals(new double[]{(0.75 - 1) / 2, (0.5 - 1) / 2}, l.dFake().toDoubleVector(), TOL);
        }

        @Test
        void gradientStaysLargeWhereTheMinimaxGradientVanishes() {
            // D rejects the fake with confidence: logit -10, D = 4.5e-5
            INDArray rejected = v(-10);
            double sigmoid = 1 / (1 + Math.exp(10));
            assertEquals(-sigmoid, GanLosses.minimaxGeneratorLoss(rejected).dFake().getDouble(0), TOL);
            assertEquals(sigmoid - 1, GanLosses.nonSaturatingGeneratorLoss(rejected).dFake().getDouble(0), TOL);
        }

        @Test
        void discriminatorIsTheMinimaxOne() {
            DiscriminatorLoss a = GanLosses.nonSaturatingDiscriminatorLoss(v(1, -2), v(0.5, 3), 0);
            DiscriminatorLoss b = GanLosses.minimaxDiscriminatorLoss(v(1, -2), v(0.5, 3), 0);
            assertEquals(b.value().getDouble(0), a.value().getDouble(0), TOL);
        }
    }

    @Nested
    class MaximumLikelihood {
        @Test
        void generatorLossIsMinusHalfTheMeanOfExpOfTheLogit() {
            // logits ln3 and 0: exp(l) = D / (1 - D) = 3 and 1; J = -1/2 (3 + 1) / 2
            GeneratorLoss l = GanLosses.maximumLikelihoodGeneratorLoss(v(LN3, 0));
            assertEquals(-1.0, l.value().getDouble(0), TOL);
            assertArrayEquals(new double[]{-0.75, -0.25}, l.dFake().toDoubleVector(), TOL);
        }

        @Test
        void discriminatorIsTheMinimaxOne() {
            double[] real = {0.3, -1.2};
            double[] fake = {2.0, -0.5};
            DiscriminatorLoss ml = LossFamily.MAXIMUM_LIKELIHOOD.discriminatorLoss(v(real), v(fake), 0.1);
            DiscriminatorLoss mm = LossFamily.MINIMAX.discriminatorLoss(v(real), v(fake), 0.1);
            assertEquals(mm.value().getDouble(0), ml.value().getDouble(0), 0);
            assertArrayEquals(mm.dReal().toDoubleVector(), ml.dReal().toDoubleVector(), 0);
            assertArrayEquals(mm.dFake().toDoubleVector(), ml.dFake().toDoubleVector(), 0);
        }
    }

    @Nested
    class Wasserstein {
        @Test
        void criticLossIsMeanFakeMinusMeanReal() {
            DiscriminatorLoss l = GanLosses.wassersteinDiscriminatorLoss(v(2, 4), v(1, -1));
            assertEquals(0 - 3, l.value().getDouble(0), TOL);
            assertArrayEquals(new double[]{-0.5, -0.5}, l.dReal().toDoubleVector(), TOL);
            assertArrayEquals(new double[]{0.5, 0.5}, l.dFake().toDoubleVector(), TOL);
        }

        @Test
        void generatorLossIsMinusMeanCriticOfFake() {
            GeneratorLoss l = GanLosses.wassersteinGeneratorLoss(v(1, 3));
            assertEquals(-2, l.value().getDouble(0), TOL);
            assertArrayEquals(new double[]{-0.5, -0.5}, l.dFake().toDoubleVector(), TOL);
        }
    }

    @Nested
    class Hinge {
        @Test
        void discriminatorPenalisesOnlyInsideTheMargin() {
            // real 0.5 -> 0.5; real 2 -> 0; fake -0.5 -> 0.5; fake -3 -> 0
            DiscriminatorLoss l = GanLosses.hingeDiscriminatorLoss(v(0.5, 2), v(-0.5, -3));
            assertEquals((0.5 + 0) / 2 + (0.5 + 0) / 2, l.value().getDouble(0), TOL);
            assertArrayEquals(new double[]{-0.5, 0}, l.dReal().toDoubleVector(), TOL);
            assertArrayEquals(new double[]{0.5, 0}, l.dFake().toDoubleVector(), TOL);
        }

        @Test
        void generatorLossIsMinusMeanScore() {
            assertEquals(-1.5, GanLosses.hingeGeneratorLoss(v(1, 2)).value().getDouble(0), TOL);
        }
    }

    @Nested
    class LeastSquares {
        @Test
        void discriminatorPullsRealToOneAndFakeToZero() {
            // 1/2 (0.5 - 1)^2 + 1/2 (0.5)^2
            DiscriminatorLoss l = GanLosses.leastSquaresDiscriminatorLoss(v(0.5), v(0.5), 0);
            assertEquals(0.125 + 0.125, l.value().getDouble(0), TOL);
            assertArrayEquals(new double[]{-0.5}, l.dReal().toDoubleVector(), TOL);
            assertArrayEquals(new double[]{0.5}, l.dFake().toDoubleVector(), TOL);
        }

        @Test
        void generatorPullsFakeToOne() {
            GeneratorLoss l = GanLosses.leastSquaresGeneratorLoss(v(0, 2));
            assertEquals((0.5 + 0.5) / 2, l.value().getDouble(0), TOL);
            assertArrayEquals(new double[]{-0.5, 0.5}, l.dFake().toDoubleVector(), TOL);
        }
    }

    @Nested
    class ValueFunction {
        @Test
        void jsdEstimateIsZeroWhenDCannotTellRealFromFake() {
            // D = 1/2 everywhere: V = 2 log 1/2 = -log 4, so (V + log 4) / 2 = 0
            assertEquals(0, GanLosses.jsdEstimate(v(0, 0), v(0)).getDouble(0), TOL);
        }

        @Test
        void jsdEstimateApproachesLog2ForAPerfectDiscriminator() {
            assertEquals(Math.log(2), GanLosses.jsdEstimate(v(40), v(-40)).getDouble(0), 1e-12);
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
                DiscriminatorLoss d = f.discriminatorLoss(v(real), v(fake), smoothing);
                GeneratorLoss g = f.generatorLoss(v(fake));
                for (int i = 0; i < 3; i++) {
                    int at = i;
                    assertEquals(numeric(x -> f.discriminatorLoss(v(with(real, at, x)), v(fake), smoothing).value().getDouble(0), real[i]),
                            d.dReal().toDoubleVector()[i], 1e-6, f + " dReal");
                    assertEquals(numeric(x -> f.discriminatorLoss(v(real), v(with(fake, at, x)), smoothing).value().getDouble(0), fake[i]),
                            d.dFake().toDoubleVector()[i], 1e-6, f + " dFake");
                    assertEquals(numeric(x -> f.generatorLoss(v(with(fake, at, x))).value().getDouble(0), fake[i]),
                            g.dFake().toDoubleVector()[i], 1e-6, f + " generator");
                }
            }
        }

        @Test
        void everyDiscriminatorLossSeparatesIntoARealAndAFakeTerm() {
            // The D step backpropagates the real pass before it has the fake scores: dReal must not depend on them.
            double[] real = {0.3, -1.2};
            for (LossFamily f : LossFamily.values()) {
                double[] a = f.discriminatorLoss(v(real), v(-3, 5), 0).dReal().toDoubleVector();
                double[] b = f.discriminatorLoss(v(real), v(real), 0).dReal().toDoubleVector();
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
