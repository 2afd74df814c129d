package io.sparkgan.eval;

import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.EvaluationConfig;
import io.sparkgan.data.ImageSet;
import io.sparkgan.data.Mixture2D;
import io.sparkgan.data.MixtureMetrics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The image metrics on the synthetic fixture: real images from the same distribution score at the real-data
 * floor, while noise, pixel-shuffled and single-class ("collapsed") sets score far worse.
 */
class ImageEvaluatorTest {
    private static final int M = 200;
    private static ImageEvaluator evaluator;

    @BeforeAll
    static void prepare(@TempDir Path dir) throws IOException {
        Path images = SyntheticImages.writeIdx(dir, 600, M, 1);
        RealData data = RealData.load(images, RealData.labelsBeside(images), 0, null, null);
        EvaluationConfig settings = ConfigLoader.parse("", "test", List.of()).evaluation();
        ReferenceClassifier classifier = new ClassifierTrainer(ClassifierSettings.of(settings))
                .train(data.train(), new PrintStream(new ByteArrayOutputStream()));
        evaluator = ImageEvaluator.prepare(classifier, data, M, 42, settings);
    }

    private static ImageScores score(String what, ImageSet set) {
        int[] rows = new int[set.size()];
        java.util.Arrays.setAll(rows, i -> i);
        ImageScores e = evaluator.evaluate(ImageSamples.of(set, rows));
        System.out.printf("%-28s %s%n", what + ":", e.summary());
        return e;
    }

    @Nested
    class ConditionalScoring {
        @Test
        void realImagesAskedForTheirOwnClassesScoreTheClassifiersAccuracy() {
            ImageSet real = SyntheticImages.draw(M, 98, -1);
            int[] rows = new int[real.size()];
            java.util.Arrays.setAll(rows, i -> i);
            int[] own = real.labels().orElseThrow();
            ConditionalScores right = evaluator.evaluate(ImageSamples.of(real, rows), own).conditional().orElseThrow();
            System.out.println("asked for their own classes: " + right.summary());
            assertTrue(right.accuracy() >= 0.9, "conditional accuracy " + right.accuracy());
            assertEquals(10, right.perClassFd().size());
            // each class's images against that class's test images: near that class's floor
            for (String c : right.perClassFd().keySet()) {
                assertTrue(right.perClassFd().get(c) < 3 * right.perClassFdFloor().get(c) + 1,
                        c + ": " + right.perClassFd().get(c) + " vs " + right.perClassFdFloor().get(c));
            }
            int[] shifted = java.util.Arrays.stream(own).map(y -> (y + 1) % 10).toArray();
            ConditionalScores wrong = evaluator.evaluate(ImageSamples.of(real, rows), shifted).conditional().orElseThrow();
            System.out.println("asked for the next class:    " + wrong.summary());
            assertTrue(wrong.accuracy() <= 0.1, "conditional accuracy " + wrong.accuracy());
            double meanRight = right.perClassFd().values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            double meanWrong = wrong.perClassFd().values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            assertTrue(meanWrong > 3 * meanRight, meanWrong + " vs " + meanRight);
        }

        @Test
        void anUnconditionalEvaluationHasNoConditionalScores() {
            assertFalse(score("fresh real images", SyntheticImages.draw(M, 97, -1)).conditional().isPresent());
        }
    }

    @Nested
    class TheFloor {
        @Test
        void isSmallAndTheRealTestImagesLookLikeRealImages() {
            RealDataFloor floor = evaluator.floor();
            System.out.printf("floor: FD %.4f, classifier score %.3f, %d classes, precision %.3f recall %.3f, "
                            + "classifier test accuracy %.4f%n", floor.frechetDistance(), floor.classifierScore(),
                    floor.classesPresent(), floor.precisionRecall().precision(), floor.precisionRecall().recall(),
                    floor.classifierTestAccuracy());
            assertTrue(floor.classifierTestAccuracy() >= 0.9);
            assertEquals(10, floor.classesPresent());
            assertTrue(floor.classifierScore() > 8, "real classifier score " + floor.classifierScore());
            assertTrue(floor.precisionRecall().precision() > 0.7 && floor.precisionRecall().recall() > 0.7,
                    floor.precisionRecall().toString());
            assertEquals(M, floor.referenceSamples());
        }

        @Test
        void isWhatAFreshRealSampleScores() {
            ImageScores real = score("fresh real images", SyntheticImages.draw(M, 99, -1));
            RealDataFloor floor = real.floor();
            assertTrue(real.frechetDistance() < 3 * floor.frechetDistance() + 0.5,
                    real.frechetDistance() + " vs floor " + floor.frechetDistance());
            assertEquals(10, real.histogram().present());
            assertTrue(real.histogram().dropped().isEmpty() && real.histogram().starved().isEmpty());
            assertEquals(floor.classifierScore(), real.classifierScore(), 1.0);
            assertTrue(real.precisionRecall().precision() > 0.7 && real.precisionRecall().recall() > 0.7);
            assertFalse(real.collapsed(10, 0));
        }
    }

    @Nested
    class BadGenerators {
        @Test
        void noiseIsFarFromTheRealImages() {
            ImageScores noise = score("uniform noise", SyntheticImages.noise(M, 5));
            ImageScores real = score("fresh real images", SyntheticImages.draw(M, 99, -1));
            assertTrue(noise.frechetDistance() > 10 * real.frechetDistance() + 1,
                    "noise FD " + noise.frechetDistance() + " vs real " + real.frechetDistance());
            assertTrue(noise.classifierScore() < real.classifierScore() / 2 || noise.histogram().present() < 5,
                    noise.summary());
            assertTrue(noise.precisionRecall().precision() < 0.1, noise.summary());
        }

        @Test
        void shuffledPixelsAreFarFromTheRealImages() {
            ImageSet real = SyntheticImages.draw(M, 99, -1);
            ImageScores shuffled = score("pixel-shuffled real images", SyntheticImages.shuffledPixels(real, 3));
            ImageScores fresh = score("fresh real images", real);
            assertTrue(shuffled.frechetDistance() > 10 * fresh.frechetDistance() + 1, shuffled.summary());
            assertTrue(shuffled.precisionRecall().precision() < 0.1, shuffled.summary());
        }

        @Test
        void aCollapsedGeneratorShowsOneClassLowScoreLowRecallAndRaisesTheAlarm() {
            ImageScores collapsed = score("one class only", SyntheticImages.draw(M, 77, 3));
            assertEquals(1, collapsed.histogram().present(), collapsed.summary());
            assertEquals(9, collapsed.histogram().dropped().size());
            assertEquals(1, collapsed.classifierScore(), 0.1);
            assertTrue(collapsed.precisionRecall().precision() > 0.7, "its images are realistic: " + collapsed.summary());
            assertTrue(collapsed.precisionRecall().recall() < 0.2, "but cover a tenth of the data: " + collapsed.summary());
            assertTrue(collapsed.frechetDistance() > 10 * evaluator.floor().frechetDistance());
            assertTrue(collapsed.collapsed(8, 0));
            assertFalse(collapsed.collapsed(0, 0), "a floor of 0 is off");
            assertEquals(Boolean.TRUE, collapsed.toJson().containsKey("class_histogram"));
        }
    }

    @Nested
    class TwoDimensionalMixtures {
        @Test
        void belongToTheSameSuiteWithTheDesignMetrics() {
            Mixture2D ring = Mixture2D.of(io.sparkgan.config.DataSource.RING8);
            float[] xy = new float[16];
            for (int m = 0; m < 8; m++) {
                xy[2 * m] = (float) ring.means()[m][0];
                xy[2 * m + 1] = (float) ring.means()[m][1];
            }
            MixtureScores e = Evaluators.mixture(io.sparkgan.config.DataSource.RING8, xy);
            assertEquals(MixtureMetrics.of(ring, xy), e.metrics());
            assertEquals(8, e.toJson().get("modes_covered"));
            assertTrue(e.collapsed(0, 9));
            assertFalse(e.collapsed(0, 8));
        }
    }
}
