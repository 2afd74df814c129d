package io.sparkgan.train;

import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.GanConfig;
import io.sparkgan.data.ImageSet;
import io.sparkgan.data.Minibatch;
import io.sparkgan.model.GanNetworks;
import io.sparkgan.model.NetworkFactory;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The G step must leave D exactly as it was (weights and batch-norm statistics), and the D step must leave
 * G exactly as it was: each player moves only on its own turn.
 */
class TrainingStepTest {
    private static final int BATCH = 8;

    private static GanConfig dcgan(String... overrides) {
        List<String> all = new java.util.ArrayList<>(List.of("data.source=idx", "data.idx.images=unused",
                "model.type=dcgan", "model.dcgan.base-width=8", "model.latent-dim=16", "train.batch-size=" + BATCH));
        all.addAll(List.of(overrides));
        return ConfigLoader.parse("", "step-test", all);
    }

    private static GanConfig mlp(String... overrides) {
        List<String> all = new java.util.ArrayList<>(List.of("model.mlp.generator-widths=[16]",
                "model.mlp.discriminator-widths=[16]", "model.latent-dim=4", "train.batch-size=" + BATCH));
        all.addAll(List.of(overrides));
        return ConfigLoader.parse("", "step-test", all);
    }

    private static INDArray realImages() {
        byte[] px = new byte[BATCH * 28 * 28];
        new SplittableRandom(1).nextBytes(px);
        return new ImageSet(px, BATCH, 1, 28, 28, null).batch(new int[]{0, 1, 2, 3, 4, 5, 6, 7});
    }

    private static GanState state(GanConfig c, long[] shape) {
        GanNetworks nets = NetworkFactory.create(c.model(), c.train(), shape, c.seed());
        return new GanState(nets, c.train().emaDecay() > 0);
    }

    private static final EpochSettings NOISY = new EpochSettings(1, 1e-3, 1e-3, 0.1, 1);

    @Nested
    class WithDifferentiableAugmentation {
        private GanState iterate(GanConfig c, int iterations) {
            GanState s = GanState.fresh(c, new long[]{1, 28, 28});
            TrainingStep step = new TrainingStep(c, BATCH, 0);
            for (int i = 0; i < iterations; i++) {
                SplittableRandom r = new SplittableRandom(Seeds.derive(3, Seeds.STEP, 0, i));
                step.iterate(s, () -> new Minibatch(realImages(), null), NOISY, r);
            }
            return s;
        }

        @Test
        void anAugmentedRunIsRepeatableAndDiffersFromThePlainOne() {
            String digest = ParamsDigest.of(iterate(dcgan("train.augment.policy=[translation, cutout]"), 3));
            org.assertj.core.api.Assertions.assertThat(ParamsDigest.of(iterate(dcgan(
                    "train.augment.policy=[translation, cutout]"), 3))).isEqualTo(digest);
            org.assertj.core.api.Assertions.assertThat(ParamsDigest.of(iterate(dcgan(), 3))).isNotEqualTo(digest);
        }

        @Test
        void adasProbabilityMovesByTheImagesSeenEveryInterval() {
            // every D step moves p by B / speed = 8 / 80 = 0.1, up while more than 5% of D's real scores are positive
            GanState s = iterate(dcgan("train.augment.policy=[translation]", "train.augment.adaptive=true",
                    "train.augment.target=-0.9", "train.augment.interval=1", "train.augment.speed-images=80"), 4);
            double p = io.sparkgan.augment.AdaptiveProbability.probability(s.augmentState());
            org.assertj.core.api.Assertions.assertThat(p).isGreaterThan(0.0);
            org.assertj.core.api.Assertions.assertThat(Math.abs(p * 10 - Math.round(p * 10))).isLessThan(1e-5);
            org.assertj.core.api.Assertions.assertThat(s.augmentState().getDouble(2)).isEqualTo(0.0);   // tally reset
        }
    }

    @Nested
    class OnDcgan28WithBatchNormInBothNetworks {
        @Test
        void aGeneratorStepLeavesTheDiscriminatorBitIdentical() {
            GanConfig c = dcgan("train.ema-decay=0.9");
            GanState s = state(c, new long[]{1, 28, 28});
            TrainingStep step = new TrainingStep(c);
            step.discriminatorStep(s, realImages(), NOISY, new SplittableRandom(1)); // D's BN stats move off init
            INDArray dBefore = s.discriminator().params().dup();
            INDArray dUpdaterBefore = s.discriminator().getUpdater().getStateViewArray().dup();
            INDArray gBefore = s.generator().params().dup();

            step.generatorStep(s, NOISY, new SplittableRandom(2));

            assertEquals(dBefore, s.discriminator().params());
            assertEquals(dUpdaterBefore, s.discriminator().getUpdater().getStateViewArray());
            assertNotEquals(gBefore, s.generator().params());
            assertEquals(1, s.generatorSteps());
        }

        @Test
        void aDiscriminatorStepLeavesTheGeneratorBitIdentical() {
            GanConfig c = dcgan();
            GanState s = state(c, new long[]{1, 28, 28});
            TrainingStep step = new TrainingStep(c);
            step.generatorStep(s, NOISY, new SplittableRandom(1)); // G's BN stats move off init
            INDArray gBefore = s.generator().params().dup();
            INDArray gUpdaterBefore = s.generator().getUpdater().getStateViewArray().dup();
            INDArray dBefore = s.discriminator().params().dup();

            step.discriminatorStep(s, realImages(), NOISY, new SplittableRandom(2));

            assertEquals(gBefore, s.generator().params());
            assertEquals(gUpdaterBefore, s.generator().getUpdater().getStateViewArray());
            assertNotEquals(dBefore, s.discriminator().params());
        }
    }

    /** train.workspaces: the step's arrays in one reused ND4J workspace change nothing but where they lie. */
    @Nested
    class InTheStepWorkspace {
        @Test
        void stepsInTheWorkspaceEndBitIdenticalToStepsOnFreshArrays() {
            sameWithAndWithoutWorkspace();
        }

        @Test
        void simultaneousStepsInTheWorkspaceEndBitIdenticalToo() {
            sameWithAndWithoutWorkspace("train.update=simultaneous", "train.d-steps=2");
        }

        @Test
        void penalisedCriticStepsInTheWorkspaceEndBitIdenticalToo() {
            sameWithAndWithoutWorkspace("model.dcgan.discriminator-norm=none", "loss.family=wasserstein",
                    "loss.lipschitz=gradient-penalty", "loss.r1-gamma=1");
        }

        @Test
        void aConditionalGanInTheWorkspaceEndsBitIdenticalToo() {
            sameWithAndWithoutWorkspace("data.idx.labels=unused", "model.conditional.enabled=true");
        }

        @Test
        void augmentedStepsInTheWorkspaceEndBitIdenticalToo() {
            sameWithAndWithoutWorkspace("train.augment.policy=[translation, cutout]", "train.update=simultaneous");
        }

        /**
         * Four iterations with train.workspaces on and off from the same seeds: the same parameters bit for bit,
         * and the same figures of every iteration, read after the last one (figures left in the workspace would
         * have been overwritten by the later steps). The workspace is used, and closed between steps.
         */
        private void sameWithAndWithoutWorkspace(String... overrides) {
            List<INDArray> parameters = new java.util.ArrayList<>();
            List<List<DeviceStepFigures>> figures = new java.util.ArrayList<>();
            for (boolean workspaces : new boolean[]{true, false}) {
                List<String> keys = new java.util.ArrayList<>(List.of(overrides));
                keys.add("train.workspaces=" + workspaces);
                GanConfig c = dcgan(keys.toArray(String[]::new));
                boolean conditional = c.model().conditional();
                GanState s = conditional ? GanState.fresh(c, new long[]{1, 28, 28}, 10) : state(c, new long[]{1, 28, 28});
                TrainingStep step = new TrainingStep(c, BATCH, conditional ? 10 : 0);
                int[] labels = conditional ? new int[]{0, 1, 2, 3, 4, 5, 6, 7} : null;
                List<DeviceStepFigures> run = new java.util.ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    SplittableRandom r = new SplittableRandom(Seeds.derive(3, Seeds.STEP, 0, i));
                    run.add(step.iterate(s, () -> new Minibatch(realImages(), labels), NOISY, r));
                    assertEquals(false, org.nd4j.linalg.factory.Nd4j.getWorkspaceManager()
                            .anyWorkspaceActiveForCurrentThread(), "a workspace was left open");
                }
                if (workspaces) {
                    assertEquals(true, org.nd4j.linalg.factory.Nd4j.getWorkspaceManager()
                            .checkIfWorkspaceExists(StepWorkspace.NAME), "the step never opened its workspace");
                }
                parameters.add(org.nd4j.linalg.factory.Nd4j.concat(0, s.generator().params(),
                        s.discriminator().params()));
                figures.add(run);
            }
            assertEquals(parameters.get(1), parameters.get(0));
            SameFigures.assertSame(figures.get(1), figures.get(0));
        }
    }

    @Nested
    class OnDcgan28WithAGradientPenalty {
        @Test
        void aPenalisedCriticStepMovesDAndLeavesGAlone() {
            GanConfig c = dcgan("model.dcgan.discriminator-norm=none", "loss.family=wasserstein",
                    "loss.lipschitz=gradient-penalty", "loss.r1-gamma=1");
            GanState s = state(c, new long[]{1, 28, 28});
            INDArray g0 = s.generator().params().dup();
            INDArray d0 = s.discriminator().params().dup();
            new TrainingStep(c).discriminatorStep(s, realImages(), NOISY, new SplittableRandom(1));
            assertEquals(g0, s.generator().params());
            assertNotEquals(d0, s.discriminator().params());
            assertEquals(null, s.firstNonFinite());
        }

        @Test
        void thePenaltyChangesDsStep() {
            INDArray[] after = new INDArray[2];
            String[] lipschitz = {"none", "gradient-penalty"};
            for (int i = 0; i < 2; i++) {
                GanConfig c = dcgan("model.dcgan.discriminator-norm=none", "loss.family=wasserstein",
                        "loss.lipschitz=" + lipschitz[i]);
                GanState s = state(c, new long[]{1, 28, 28});
                new TrainingStep(c).discriminatorStep(s, realImages(), NOISY, new SplittableRandom(1));
                after[i] = s.discriminator().params().dup();
            }
            assertNotEquals(after[0], after[1]);
        }
    }

    @Nested
    class ConditionalSteps {
        private void oneIterationMovesBothPlayers(String discriminator) {
            GanConfig c = dcgan("data.idx.labels=unused", "model.conditional.enabled=true",
                    "model.conditional.discriminator=" + discriminator);
            GanState s = GanState.fresh(c, new long[]{1, 28, 28}, 10);
            INDArray g0 = s.generator().params().dup();
            INDArray d0 = s.discriminator().params().dup();
            int[] labels = {0, 1, 2, 3, 4, 5, 6, 9};
            StepFigures r = new TrainingStep(c, BATCH, 10).iterate(s, () -> new Minibatch(realImages(), labels), NOISY,
                    new SplittableRandom(3)).read();
            assertNotEquals(g0, s.generator().params());
            assertNotEquals(d0, s.discriminator().params());
            assertEquals(null, s.firstNonFinite());
            assertEquals(true, r.finite());
        }

        @Test
        void withAProjectionDiscriminator() {
            oneIterationMovesBothPlayers("projection");
        }

        @Test
        void withAConcatenatingDiscriminator() {
            oneIterationMovesBothPlayers("concatenation");
        }

        @Test
        void aMinibatchWithoutLabelsIsRefused() {
            GanConfig c = dcgan("data.idx.labels=unused", "model.conditional.enabled=true");
            GanState s = GanState.fresh(c, new long[]{1, 28, 28}, 10);
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> new TrainingStep(c, BATCH, 10).iterate(s, () -> new Minibatch(realImages(), null), NOISY,
                            new SplittableRandom(3)));
            assertEquals("the conditional GAN got a minibatch without labels", e.getMessage());
        }
    }

    @Nested
    class SimultaneousUpdates {
        @Test
        void bothPlayersTakeTheirGradientAtTheSamePoint() {
            // simultaneous: G's step is the one it would take against the D from before D's step
            EpochSettings plain = new EpochSettings(1, 1e-3, 1e-3, 0, 1);
            INDArray real = LatentPrior.UNIFORM.sample(BATCH, 2, new SplittableRandom(1));
            GanConfig simultaneous = mlp("train.update=simultaneous");
            GanState s = state(simultaneous, new long[]{2});
            new TrainingStep(simultaneous).iterate(s, () -> new Minibatch(real, null), plain, new SplittableRandom(9));

            GanConfig alternating = mlp();
            GanState a = state(alternating, new long[]{2});
            TrainingStep step = new TrainingStep(alternating);
            SplittableRandom r = new SplittableRandom(9);
            // the same random draws in the same order: D's z, then G's z; G first here, against the old D
            LatentPrior.NORMAL.sample(BATCH, 4, r);
            step.generatorStep(a, plain, r);
            assertEquals(a.generator().params(), s.generator().params());
            assertNotEquals(a.discriminator().params(), s.discriminator().params());
            assertEquals(1, s.generatorSteps());
            assertEquals(1, s.discriminatorSteps());
        }
    }

    @Nested
    class OnTheMlp {
        @Test
        void eachPlayerMovesOnlyOnItsOwnTurn() {
            GanConfig c = mlp();
            GanState s = state(c, new long[]{2});
            TrainingStep step = new TrainingStep(c);
            INDArray real = org.nd4j.linalg.factory.Nd4j.rand(BATCH, 2);
            INDArray g0 = s.generator().params().dup();
            step.discriminatorStep(s, real, NOISY, new SplittableRandom(3));
            assertEquals(g0, s.generator().params());
            INDArray d1 = s.discriminator().params().dup();
            step.generatorStep(s, NOISY, new SplittableRandom(4));
            assertEquals(d1, s.discriminator().params());
        }

        @Test
        void theAverageOfGsWeightsMovesByOneMinusDecayTowardsG() {
            GanConfig c = mlp("train.ema-decay=0.9");
            GanState s = state(c, new long[]{2});
            INDArray before = s.generator().params().dup();
            assertEquals(before, s.generatorAverage());
            new TrainingStep(c).generatorStep(s, NOISY, new SplittableRandom(6));
            INDArray expected = before.mul(0.9).addi(s.generator().params().mul(0.1));
            assertEquals(0, expected.sub(s.generatorAverage()).amaxNumber().doubleValue(), 1e-6);
            assertEquals(s.generatorAverage(), s.samplingGenerator().params());
        }

        @Test
        void kDiscriminatorStepsPrecedeOneGeneratorStep() {
            GanConfig c = mlp();
            GanState s = state(c, new long[]{2});
            int[] served = {0};
            new TrainingStep(c).iterate(s, () -> {
                served[0]++;
                return new Minibatch(org.nd4j.linalg.factory.Nd4j.rand(BATCH, 2), null);
            }, new EpochSettings(3, 1e-3, 1e-3, 0, 1), new SplittableRandom(5));
            assertEquals(3, served[0]);
            assertEquals(3, s.discriminatorSteps());
            assertEquals(1, s.generatorSteps());
        }

        @Test
        void theSameSeedsGiveBitIdenticalParameters() {
            INDArray[] finals = new INDArray[2];
            for (int run = 0; run < 2; run++) {
                GanConfig c = mlp("train.instance-noise.std=0.1");
                GanState s = state(c, new long[]{2});
                TrainingStep step = new TrainingStep(c);
                for (int i = 0; i < 5; i++) {
                    SplittableRandom r = new SplittableRandom(Seeds.derive(1, Seeds.STEP, 0, i));
                    INDArray real = org.nd4j.linalg.factory.Nd4j.create(new float[BATCH * 2], new long[]{BATCH, 2}).addi(i);
                    step.iterate(s, () -> new Minibatch(real, null), NOISY, r);
                }
                finals[run] = org.nd4j.linalg.factory.Nd4j.concat(0, s.generator().params(), s.discriminator().params());
            }
            assertEquals(finals[0], finals[1]);
        }
    }
}
