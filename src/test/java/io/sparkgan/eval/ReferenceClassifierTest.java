package io.sparkgan.eval;

import io.sparkgan.data.ImageSet;
import io.sparkgan.data.InvalidDataException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reference classifier: deterministic for a seed, accurate on the synthetic classes, cached by data and settings. */
class ReferenceClassifierTest {
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());
    private static final ClassifierSettings SETTINGS = new ClassifierSettings(2, 32, 1e-3, 7);

    @TempDir
    Path dir;

    @Nested
    class Training {
        @Test
        void theSameSeedGivesIdenticalParametersAndAnotherSeedOthers() {
            ImageSet train = SyntheticImages.draw(200, 1, -1);
            ReferenceClassifier a = new ClassifierTrainer(new ClassifierSettings(1, 32, 1e-3, 7)).train(train, QUIET);
            ReferenceClassifier b = new ClassifierTrainer(new ClassifierSettings(1, 32, 1e-3, 7)).train(train, QUIET);
            ReferenceClassifier c = new ClassifierTrainer(new ClassifierSettings(1, 32, 1e-3, 8)).train(train, QUIET);
            assertEquals(a.network().params(), b.network().params());
            assertNotEquals(a.network().params(), c.network().params());
        }

        @Test
        void itLearnsTheSyntheticClassesAndGivesFeaturesAndProbabilities() {
            ReferenceClassifier classifier = new ClassifierTrainer(SETTINGS).train(SyntheticImages.draw(600, 1, -1), QUIET);
            ImageSet test = SyntheticImages.draw(200, 2, -1);
            double accuracy = classifier.accuracy(test);
            System.out.printf("reference classifier on the synthetic fixture (600 train, 2 epochs): test accuracy %.4f%n",
                    accuracy);
            assertTrue(accuracy >= 0.9, "test accuracy " + accuracy);
            ReferenceClassifier.Outputs out = classifier.embed(ImageSamples.of(test, new int[]{0, 1, 2}));
            assertEquals(3, out.features().rows());
            assertEquals(128, out.features().cols());
            assertEquals(128, classifier.featureDim());
            assertEquals(10, out.probabilities().cols());
            double sum = 0;
            for (int y = 0; y < 10; y++) {
                sum += out.probabilities().get(1, y);
            }
            assertEquals(1, sum, 1e-5);
        }

        @Test
        void itNeedsLabelsAndTwoClasses() {
            assertThrows(InvalidDataException.class, () -> new ClassifierTrainer(SETTINGS)
                    .train(SyntheticImages.noise(10, 1), QUIET));
            InvalidDataException e = assertThrows(InvalidDataException.class, () -> new ClassifierTrainer(SETTINGS)
                    .train(SyntheticImages.draw(10, 1, 3), QUIET));
            assertThat(e.getMessage()).contains("at least 2 classes");
        }
    }

    @Nested
    class TheCache {
        @Test
        void trainsOnceThenLoadsTheSameNetworkAndANewSeedTrainsAnother() throws IOException {
            Path files = Files.createDirectory(dir.resolve("data"));
            Path images = SyntheticImages.writeIdx(files, 300, 100, 1);
            RealData data = RealData.load(images, RealData.labelsBeside(images), 0, null, null);
            ClassifierCache cache = new ClassifierCache(dir.resolve("cache"));
            ClassifierCache.Entry first = cache.loadOrTrain(data, SETTINGS, QUIET);
            ClassifierCache.Entry again = cache.loadOrTrain(data, SETTINGS, QUIET);
            assertTrue(first.trainedNow());
            assertFalse(again.trainedNow());
            assertEquals(first.model(), again.model());
            assertEquals(first.classifier().network().params(), again.classifier().network().params());
            assertEquals(first.classifier().accuracy(data.test()), again.classifier().accuracy(data.test()));
            assertThat(first.model().parent().resolve(first.model().name().replace(".zip", ".json")).readString()).contains("\"classes\" : [ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 ]");

            ClassifierCache.Entry other = cache.loadOrTrain(data, new ClassifierSettings(2, 32, 1e-3, 8), QUIET);
            assertTrue(other.trainedNow());
            assertNotEquals(first.model(), other.model());
        }

        @Test
        void theDefaultFolderIsUnderTheUsersCache() {
            assertEquals(io.sparkgan.platform.Location.local(Path.of(System.getProperty("user.home"), ".cache", "spark-gan",
                    "classifiers")), ClassifierCache.at("").dir());
            assertEquals("/tmp/c", ClassifierCache.at("/tmp/c").dir().toString());
        }
    }

    @Nested
    class TheAutomaticMinibatch {
        private final ClassifierSettings auto = new ClassifierSettings(2, ClassifierSettings.AUTO, 1e-3, 7);

        @Test
        void isTheLargestOf64To256ThatLeavesTwoHundredStepsWithTheRateScaledBySqrt() {
            assertEquals(new ClassifierSettings(2, 64, 1e-3, 7), auto.forTrainingImages(600));
            assertEquals(new ClassifierSettings(2, 64, 1e-3, 7), auto.forTrainingImages(25_599));
            assertEquals(new ClassifierSettings(2, 128, 1e-3 * Math.sqrt(2), 7), auto.forTrainingImages(25_600));
            assertEquals(new ClassifierSettings(2, 128, 1e-3 * Math.sqrt(2), 7), auto.forTrainingImages(51_199));
            ClassifierSettings fashion = auto.forTrainingImages(60_000);
            assertEquals(256, fashion.batchSize());
            assertEquals(2e-3, fashion.learningRate(), 1e-15);
            assertEquals(256, auto.forTrainingImages(10_000_000).batchSize());
            assertEquals(SETTINGS, SETTINGS.forTrainingImages(60_000), "a batch size that is set stays");
        }

        @Test
        void trainsWhatTheSettingsItChoosesTrainAndSharesTheirCacheEntry() throws IOException {
            Path files = Files.createDirectory(dir.resolve("data"));
            Path images = SyntheticImages.writeIdx(files, 300, 100, 1);
            RealData data = RealData.load(images, RealData.labelsBeside(images), 0, null, null);
            ClassifierSettings chosen = new ClassifierSettings(2, 64, 1e-3, 7);
            assertEquals(new ClassifierTrainer(chosen).train(data.train(), QUIET).network().params(),
                    new ClassifierTrainer(auto).train(data.train(), QUIET).network().params());
            ClassifierCache cache = new ClassifierCache(dir.resolve("cache"));
            assertTrue(cache.loadOrTrain(data, chosen, QUIET).trainedNow());
            assertFalse(cache.loadOrTrain(data, auto, QUIET).trainedNow());
        }
    }

    @Nested
    class TheRealData {
        @Test
        void findsTheT10kFilesBesideTheTrainFilesElseHoldsOutASixth() throws IOException {
            Path withTest = Files.createDirectory(dir.resolve("with"));
            RealData data = RealData.load(SyntheticImages.writeIdx(withTest, 120, 60, 1),
                    withTest.resolve("train-labels-idx1-ubyte.gz"), 0, null, null);
            assertEquals(120, data.train().size());
            assertEquals(60, data.test().size());
            assertThat(data.testSource()).contains("t10k-images-idx3-ubyte.gz");

            Path without = Files.createDirectory(dir.resolve("without"));
            RealData heldOut = RealData.load(SyntheticImages.writeIdx(without, 120, 0, 1),
                    without.resolve("train-labels-idx1-ubyte.gz"), 0, null, null);
            assertEquals(100, heldOut.train().size());
            assertEquals(20, heldOut.test().size());
            assertThat(heldOut.testSource()).contains("held out");
            // The held-out sixth is images 100..119 of the file.
            ImageSet all = io.sparkgan.source.IdxReader.readImages(without.resolve("train-images-idx3-ubyte.gz"), null, 0);
            assertEquals(all.batch(new int[]{100}), heldOut.test().batch(new int[]{0}));
            assertEquals(all.batch(new int[]{99}), heldOut.train().batch(new int[]{99}));
        }
    }
}
