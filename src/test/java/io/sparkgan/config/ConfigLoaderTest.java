package io.sparkgan.config;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConfigLoaderTest {

    private static InvalidConfigException rejected(String hocon, String... overrides) {
        return assertThrows(InvalidConfigException.class,
                () -> ConfigLoader.parse(hocon, "test", List.of(overrides)));
    }

    @Nested
    class GoodFiles {
        @Test
        void everyCommittedExperimentFileLoads() throws IOException {
            try (var files = Files.list(Path.of("conf"))) {
                List<Path> confs = files.filter(p -> p.toString().endsWith(".conf")).toList();
                assertThat(confs).extracting(p -> p.getFileName().toString())
                        .contains("ring8.conf", "grid25.conf", "fashion-dcgan28.conf");
                for (Path conf : confs) {
                    GanConfig c = ConfigLoader.load(conf, List.of());
                    assertEquals(conf.getFileName().toString().replace(".conf", ""), c.name());
                }
            }
        }

        @Test
        void defaultsComeFromReferenceConf() {
            GanConfig c = ConfigLoader.parse("", "empty", List.of());
            assertEquals(io.sparkgan.config.DataSource.RING8, c.data().source());
            assertEquals(Loss.NON_SATURATING, c.loss().family());
            assertEquals(64, c.train().batchSize());
            assertEquals(0.0, c.train().emaDecay());
            assertEquals("empty", c.name());
        }

        @Test
        void commandLineOverridesWinOverTheFile() {
            GanConfig c = ConfigLoader.parse("train.epochs = 3\ntrain.batch-size = 32", "x",
                    List.of("train.epochs=7", "model.mlp.generator-widths=[8, 16]", "output.dir=/tmp/a:b"));
            assertEquals(7, c.train().epochs());
            assertEquals(32, c.train().batchSize());
            assertEquals(List.of(8, 16), c.model().generatorWidths());
            assertEquals("/tmp/a:b", c.output().dir());
        }

        @Test
        void choicesAreReadAsEnumsAndTheResolvedTextKeepsTheirWords() {
            GanConfig c = ConfigLoader.parse("data { source = idx, idx.images = x.idx }\nmodel { type = dcgan, "
                    + "prior = uniform, dcgan { discriminator-norm = none, convolution = dl4j, batch-norm = onednn, "
                    + "activations = dl4j } }\nloss { family = wasserstein, lipschitz = gradient-penalty }\n"
                    + "train { update = simultaneous, learning-rate-decay = linear-second-half, "
                    + "discriminator.optimizer = sgd }\nengine = local\ndivergence.action = rollback", "x", List.of());
            assertEquals(ModelType.DCGAN, c.model().type());
            assertEquals(Prior.UNIFORM, c.model().prior());
            assertEquals(DiscriminatorNorm.NONE, c.model().dcganDiscriminatorNorm());
            assertEquals(LayerImplementation.DL4J, c.model().dcganConvolution());
            assertEquals(LayerImplementation.ONEDNN, c.model().dcganBatchNorm());
            assertEquals(ActivationImplementation.DL4J, c.model().dcganActivations());
            assertEquals(Loss.WASSERSTEIN, c.loss().family());
            assertEquals(Lipschitz.GRADIENT_PENALTY, c.loss().lipschitz());
            assertEquals(Update.SIMULTANEOUS, c.train().update());
            assertEquals(LearningRateDecay.LINEAR_SECOND_HALF, c.train().learningRateDecay());
            assertEquals(Optimizer.ADAM, c.train().generator().optimizer());
            assertEquals(Optimizer.SGD, c.train().discriminator().optimizer());
            assertEquals(Engine.LOCAL, c.engine());
            assertEquals(DivergenceAction.ROLLBACK, c.divergence().action());
            assertEquals(CycleKnownMap.NONE, c.cycle().knownMap());
            assertEquals(ConditionalDiscriminator.PROJECTION, c.model().conditionalDiscriminator());
            // config.conf in a run directory: the words as written
            assertThat(c.resolved()).contains("family=wasserstein", "lipschitz=gradient-penalty",
                    "learning-rate-decay=linear-second-half", "engine=local");
        }

        @Test
        void scheduleEntriesAreRead() {
            GanConfig c = ConfigLoader.parse("train.schedule = [{from-epoch = 2, d-steps = 3, "
                    + "generator-learning-rate = 1e-4}]", "x", List.of());
            ScheduleEntry e = c.train().schedule().get(0);
            assertEquals(2, e.fromEpoch());
            assertEquals(3, e.dSteps().getAsInt());
            assertEquals(1e-4, e.generatorLearningRate().getAsDouble());
            assertThat(e.discriminatorLearningRate()).isEmpty();
        }

        @Test
        void resnetDefaultsToHingeWithSpectralNormalisationUnlessTheFileOrCommandLineSaysOtherwise() {
            String images = "data.source = idx\ndata.idx.images = x\n";
            LossConfig resnet = ConfigLoader.parse(images + "model.type = resnet", "r", List.of()).loss();
            assertThat(resnet.family()).isEqualTo(Loss.HINGE);
            assertThat(resnet.lipschitz()).isEqualTo(Lipschitz.SPECTRAL);
            LossConfig fromCli = ConfigLoader.parse(images, "r", List.of("model.type=resnet")).loss();
            assertThat(fromCli.family()).isEqualTo(Loss.HINGE);
            LossConfig own = ConfigLoader.parse(images + "model.type = resnet\nloss.family = wasserstein", "r",
                    List.of("loss.lipschitz=none")).loss();
            assertThat(own.family()).isEqualTo(Loss.WASSERSTEIN);
            assertThat(own.lipschitz()).isEqualTo(Lipschitz.NONE);
            LossConfig dcgan = ConfigLoader.parse(images + "model.type = dcgan", "d", List.of()).loss();
            assertThat(dcgan.family()).isEqualTo(Loss.NON_SATURATING);
            assertThat(dcgan.lipschitz()).isEqualTo(Lipschitz.NONE);
            assertThat(ConfigLoader.parse(images + "model.type = resnet", "r", List.of("model.type=dcgan")).loss()
                    .family()).as("the command line's type decides").isEqualTo(Loss.NON_SATURATING);
        }
    }

    @Nested
    class BadFiles {
        @Test
        void resnetTakesAGradientPenaltyAndRefusesBadWidthsNamingTheKey() {
            String images = "data.source = idx\ndata.idx.images = x\nmodel.type = resnet\n";
            assertThat(ConfigLoader.parse(images + "loss.r1-gamma = 1", "r1", List.of()).loss().r1Gamma()).isEqualTo(1);
            assertThat(ConfigLoader.parse(images + "loss.lipschitz = gradient-penalty", "gp", List.of()).loss()
                    .lipschitz()).isEqualTo(Lipschitz.GRADIENT_PENALTY);
            assertThat(rejected(images + "model.resnet.generator-width = 0").getMessage())
                    .contains("model.resnet.generator-width", "0");
            assertThat(rejected(images, "model.resnet.discriminator-width=2000").getMessage())
                    .contains("model.resnet.discriminator-width", "2000");
            assertThat(rejected("model.type = resnet").getMessage()).contains("'model.type' = resnet needs images");
            assertThat(rejected(images.replace("resnet", "resnett")).getMessage()).contains("resnet");
        }

        @Test
        void aMisspelledKeyIsNamedWithASuggestion() {
            InvalidConfigException e = rejected("train.batchsize = 128");
            assertThat(e.getMessage()).contains("unknown config key 'train.batchsize'", "128",
                    "did you mean 'train.batch-size'");
        }

        @Test
        void aFaultDrillIsNoConfigKeyButATestOnlySystemProperty() {
            InvalidConfigException e = rejected("", "checkpoint.inject-stall.epoch=2");
            assertThat(e.getMessage()).contains("unknown config key 'checkpoint.inject-stall.epoch'");
            GanConfig drilled = Drills.with(java.util.Map.of("checkpoint.inject-stall.epoch", "2"),
                    () -> ConfigLoader.parse("", "drill", List.of()));
            assertThat(drilled.checkpoint().injectStallEpoch()).isEqualTo(2);
            assertThat(ConfigLoader.parse("", "plain", List.of()).checkpoint().injectStallEpoch()).isEqualTo(-1);
            InvalidConfigException bad = assertThrows(InvalidConfigException.class, () -> Drills.with(
                    java.util.Map.of("divergence.inject-nan.round", "two"), () -> ConfigLoader.parse("", "x", List.of())));
            assertThat(bad.getMessage()).contains("spark-gan.drill.divergence.inject-nan.round", "two");
        }

        @Test
        void anUnknownOverrideIsNamed() {
            InvalidConfigException e = rejected("", "trian.epochs=4");
            assertThat(e.getMessage()).contains("'trian.epochs'", "command line", "train.epochs");
        }

        @Test
        void aWrongTypeNamesKeyValueAndExpectedType() {
            InvalidConfigException e = rejected("train.epochs = ten");
            assertThat(e.getMessage()).contains("'train.epochs'", "an integer", "ten");
        }

        @Test
        void aValueOutOfRangeNamesTheRange() {
            InvalidConfigException e = rejected("train.batch-size = 0");
            assertThat(e.getMessage()).contains("'train.batch-size' = 0", "1 to 65536");
        }

        @Test
        void aNegativeThreadCountIsRefused() {
            InvalidConfigException e = rejected("threads = -1");
            assertThat(e.getMessage()).contains("'threads' = -1", "0 to 1024");
        }

        @Test
        void anUnknownChoiceListsTheAllowedOnes() {
            InvalidConfigException e = rejected("loss.family = wgan");
            assertThat(e.getMessage()).contains("'loss.family' = \"wgan\"", "wasserstein", "hinge", "least-squares");
        }

        @Test
        void labelSmoothingIsRefusedForTheWassersteinCritic() {
            InvalidConfigException e = rejected("loss { family = wasserstein, label-smoothing = 0.1 }");
            assertThat(e.getMessage()).contains("loss.label-smoothing", "wasserstein");
        }

        @Test
        void anUnknownKeyInsideAScheduleEntryIsNamed() {
            InvalidConfigException e = rejected("train.schedule = [{from-epoch = 1, dsteps = 2}]");
            assertThat(e.getMessage()).contains("'dsteps'", "train.schedule[0]", "d-steps");
        }

        @Test
        void aScheduleEntryWithoutFromEpochIsRefused() {
            InvalidConfigException e = rejected("train.schedule = [{d-steps = 2}]");
            assertThat(e.getMessage()).contains("train.schedule[0].from-epoch");
        }

        @Test
        void aScheduledDStepsIsRefusedForCycleGanNamingTheEntry() {
            InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(
                    Path.of("conf/fashion-cycle.conf"), List.of("train.schedule=[{from-epoch = 1, d-steps = 2}]")));
            assertThat(e.getMessage()).contains("'cycle.enabled' = true", "train.schedule[0].d-steps = 2",
                    "remove d-steps");
            assertThat(ConfigLoader.load(Path.of("conf/fashion-cycle.conf"),
                    List.of("train.schedule=[{from-epoch = 1, generator-learning-rate = 1e-4}]")).train().schedule())
                    .hasSize(1);
        }

        @Test
        void imagesWithAnMlpAreRefused() {
            InvalidConfigException e = rejected("data { source = idx, idx.images = x.idx }");
            assertThat(e.getMessage()).contains("model.type", "mlp", "dcgan");
        }

        @Test
        void aGradientPenaltyOnABatchNormalisedCriticIsRefusedWithTheReason() {
            InvalidConfigException e = rejected("data { source = idx, idx.images = x.idx }\nmodel.type = dcgan\n"
                    + "loss { family = wasserstein, lipschitz = gradient-penalty }");
            assertThat(e.getMessage()).contains("loss.lipschitz", "model.dcgan.discriminator-norm = batch",
                    "depends on the others of its batch", "discriminator-norm = none");
            assertThat(rejected("data { source = idx, idx.images = x.idx }\nmodel.type = dcgan\nloss.r1-gamma = 1")
                    .getMessage()).contains("'loss.r1-gamma' = 1.0");
        }

        @Test
        void theLinearModelAndTheDiracDataGoTogether() {
            assertThat(rejected("model.type = linear").getMessage())
                    .contains("'model.type' = linear", "data.source = dirac", "data.source = ring8");
            assertThat(rejected("data.source = dirac\nmodel.type = dcgan").getMessage()).contains("dcgan", "points");
            assertThat(rejected("data.source = dirac\nmodel.type = linear\nevaluation.every-epochs = 1").getMessage())
                    .contains("evaluation.every-epochs", "trajectory", "equilibrium");
        }

        @Test
        void optimiserAndUpdateOrderAreChoices() {
            assertThat(rejected("train.generator.optimizer = rmsprop").getMessage())
                    .contains("'train.generator.optimizer' = \"rmsprop\"", "adam, sgd");
            assertThat(rejected("train.update = together").getMessage())
                    .contains("'train.update'", "alternating, simultaneous");
        }

        @Test
        void aSyntaxErrorIsReportedAsUnparseable() {
            InvalidConfigException e = rejected("train { epochs = 3");
            assertThat(e.getMessage()).contains("cannot parse");
        }

        @Test
        void aMissingFileIsNamed(@TempDir Path dir) {
            Path missing = dir.resolve("nope.conf");
            InvalidConfigException e = assertThrows(InvalidConfigException.class,
                    () -> ConfigLoader.load(missing, List.of()));
            assertThat(e.getMessage()).contains("config file not found", "nope.conf");
        }

        @Test
        void anOverrideWithoutEqualsIsRefused() {
            InvalidConfigException e = rejected("", "train.epochs");
            assertThat(e.getMessage()).contains("'train.epochs'", "key=value");
        }
    }

    @Nested
    class TheEvaluationSection {
        private static final String IMAGES = "data { source = idx, idx.images = x.idx }\nmodel.type = dcgan\n";

        @Test
        void isOffByDefaultWithTheDocumentedDefaults() {
            EvaluationConfig e = ConfigLoader.parse("", "x", List.of()).evaluation();
            assertEquals(0, e.everyEpochs());
            assertEquals(2000, e.samples());
            assertEquals(3, e.precisionRecallK());
            assertEquals(0.1, e.starvedShare());
            assertEquals("", e.classifierCache());
            assertEquals(2, e.classifierEpochs());
        }

        @Test
        void isReadFromTheFileAndTheCommandLine() {
            EvaluationConfig e = ConfigLoader.parse(IMAGES + "data.idx.labels = y.idx\nevaluation { every-epochs = 2, "
                    + "min-classes-present = 9 }", "x", List.of("evaluation.classifier-cache=/tmp/c:d")).evaluation();
            assertEquals(2, e.everyEpochs());
            assertEquals(9, e.minClassesPresent());
            assertEquals("/tmp/c:d", e.classifierCache());
        }

        @Test
        void anUnknownKeyIsNamedWithASuggestion() {
            InvalidConfigException e = rejected("evaluation.every-epoch = 1");
            assertThat(e.getMessage()).contains("unknown config key 'evaluation.every-epoch'",
                    "did you mean 'evaluation.every-epochs'");
        }

        @Test
        void imageEvaluationNeedsLabelledImages() {
            assertThat(rejected(IMAGES + "evaluation.every-epochs = 1").getMessage())
                    .contains("evaluation.every-epochs", "data.idx.labels");
            assertThat(rejected("data { source = parquet, parquet.path = /x }\nmodel.type = dcgan\n"
                    + "evaluation.every-epochs = 1").getMessage()).contains("evaluation.every-epochs",
                    "data.parquet.label-column");
            // an image folder's labels are its class folders
            assertEquals(1, ConfigLoader.parse("data { source = folder, folder.path = /x }\nmodel.type = dcgan\n"
                    + "evaluation.every-epochs = 1", "x", List.of()).evaluation().everyEpochs());
            // 2-D mixtures need nothing more.
            assertEquals(1, ConfigLoader.parse("evaluation.every-epochs = 1", "x", List.of()).evaluation().everyEpochs());
        }

        @Test
        void valuesOutOfRangeAreNamed() {
            assertThat(rejected("evaluation.samples = 5").getMessage()).contains("'evaluation.samples' = 5", "10 to");
            assertThat(rejected("evaluation.starved-share = 2").getMessage()).contains("evaluation.starved-share", "0 to 1");
            assertThat(rejected("evaluation { samples = 10, precision-recall-k = 10 }").getMessage())
                    .contains("evaluation.precision-recall-k", "evaluation.samples = 10");
            assertThat(rejected("evaluation.test-labels = y.idx").getMessage()).contains("evaluation.test-images");
            assertThat(rejected("evaluation.classifier-learning-rate = 0").getMessage())
                    .contains("evaluation.classifier-learning-rate");
        }
    }
    @Nested
    class TheAugmentSection {
        private static final String IMAGES = "data { source = idx, idx.images = x.idx }\nmodel.type = dcgan\n";

        @Test
        void isOffByDefault() {
            AugmentConfig a = ConfigLoader.parse(IMAGES, "x", List.of()).train().augment();
            assertThat(a.enabled()).isFalse();
            assertThat(a.adaptive()).isFalse();
            assertEquals(0.6, a.target());
            assertEquals(4, a.interval());
            assertEquals(500_000, a.speedImages());
        }

        @Test
        void readsThePolicyInItsOrder() {
            AugmentConfig a = ConfigLoader.parse(IMAGES, "x",
                    List.of("train.augment.policy=[cutout, translation]", "train.augment.adaptive=true")).train().augment();
            assertEquals(List.of(AugmentTransform.CUTOUT, AugmentTransform.TRANSLATION), a.policy());
            assertThat(a.adaptive()).isTrue();
        }

        @Test
        void badValuesAreNamed() {
            assertThat(rejected(IMAGES + "train.augment.policy = [translaton]").getMessage())
                    .contains("'train.augment.policy[0]' = \"translaton\"", "did you mean translation?");
            assertThat(rejected(IMAGES + "train.augment.policy = [cutout, cutout]").getMessage())
                    .contains("train.augment.policy", "twice");
            assertThat(rejected("train.augment.policy = [translation]").getMessage())
                    .contains("train.augment.policy", "points");
            assertThat(rejected(IMAGES + "train.augment.adaptive = true").getMessage())
                    .contains("train.augment.adaptive", "policy is empty");
            assertThat(rejected(IMAGES + "train.augment { policy = [cutout], target = 1.5 }").getMessage())
                    .contains("'train.augment.target' = 1.5");
            assertThat(rejected(IMAGES + "train.augment { policy = [cutout], interval = 0 }").getMessage())
                    .contains("'train.augment.interval' = 0");
            assertThat(rejected(IMAGES + "train.augment { policy = [cutout], speed-images = 0 }").getMessage())
                    .contains("'train.augment.speed-images' = 0");
            assertThat(rejected(IMAGES + "train.augment.polic = [cutout]").getMessage())
                    .contains("did you mean 'train.augment.policy'");
        }
    }
    @Nested
    class TheOuterOptimizer {
        @Test
        void isThePlainMeanByDefault() {
            OuterConfig o = ConfigLoader.parse("", "x", List.of()).spark().outer();
            assertEquals(OuterMethod.AVERAGE, o.optimizer());
            assertThat(o.stepping()).isFalse();
        }

        @Test
        void badValuesStopTheRunNamingTheKey() {
            assertThat(rejected("spark.outer { optimizer = nesterov, learning-rate = -0.7 }").getMessage())
                    .contains("'spark.outer.learning-rate' = -0.7");
            assertThat(rejected("spark.outer { optimizer = nesterov, momentum = 1.0 }").getMessage())
                    .contains("'spark.outer.momentum' = 1.0", "0 <= value < 1");
            assertThat(rejected("spark.outer.momentum = -0.1").getMessage()).contains("'spark.outer.momentum' = -0.1");
            assertThat(rejected("spark.outer { optimizer = adam, beta2 = 1 }").getMessage())
                    .contains("'spark.outer.beta2'");
            assertThat(rejected("spark.outer.optimizer = nesterow").getMessage())
                    .contains("'spark.outer.optimizer' = \"nesterow\"", "did you mean nesterov?");
            assertThat(rejected("engine = local\nspark.outer.optimizer = adam").getMessage())
                    .contains("'spark.outer.optimizer' = adam", "engine = local");
        }
    }
}
