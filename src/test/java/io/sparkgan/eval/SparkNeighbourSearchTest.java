package io.sparkgan.eval;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The k-NN work on Spark local[2] (Kryo, as the engine runs) gives what the same kernel gives in this JVM. */
class SparkNeighbourSearchTest {
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("SparkNeighbourSearchTest")
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator")
                .set("spark.ui.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    @Test
    void radiiAndBallMembershipEqualTheLocalOnesOverSeveralBlocks() {
        // 700 rows: 3 blocks of up to 256 query rows, one task each, on 2 cores.
        SplittableRandom random = new SplittableRandom(8);
        FeatureMatrix real = FrechetDistanceTest.randomRows(random, 700, 8);
        FeatureMatrix generated = FrechetDistanceTest.randomRows(random, 600, 8);
        NeighbourSearch spark = NeighbourSearch.spark(sc);
        NeighbourSearch local = NeighbourSearch.local();
        double[] radii = local.kthNeighbourDistances(real, 3);
        assertArrayEquals(radii, spark.kthNeighbourDistances(real, 3));
        assertArrayEquals(local.insideAnyBall(generated, real, radii), spark.insideAnyBall(generated, real, radii));
        PrecisionRecall onSpark = PrecisionRecall.of(real, generated, 3, spark);
        PrecisionRecall here = PrecisionRecall.of(real, generated, 3, local);
        assertEquals(here, onSpark);
    }

    /** 1,100 images: 3 blocks of up to 500 rows, one task each; a classifier trained for one epoch. */
    @Test
    void classifierFeaturesOnTheExecutorsEqualTheLocalOnes() {
        io.sparkgan.data.ImageSet train = SyntheticImages.draw(200, 1, -1);
        ReferenceClassifier classifier = new ClassifierTrainer(new ClassifierSettings(1, 32, 1e-3, 7))
                .train(train, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        io.sparkgan.data.ImageSet images = SyntheticImages.draw(1100, 2, -1);
        int[] all = new int[images.size()];
        java.util.Arrays.setAll(all, i -> i);
        ImageSamples samples = ImageSamples.of(images, all);
        ReferenceClassifier.Outputs here = classifier.embed(samples);
        ReferenceClassifier.Outputs onSpark = SparkEmbedding.embed(sc, classifier, samples);
        assertArrayEquals(here.features().values(), onSpark.features().values(), 1e-6);
        assertArrayEquals(here.probabilities().values(), onSpark.probabilities().values(), 1e-6);
        assertEquals(1100, onSpark.features().rows());
        // through the switch: at least sparkMinRows images go to the running context, and give the same
        assertArrayEquals(here.features().values(), classifier.embed(samples, 1000).features().values(), 1e-6);
    }

    @Test
    void largeSetsGoToTheRunningContextAndSmallOnesStayHere() {
        assertInstanceOf(SparkNeighbourSearch.class, NeighbourSearch.forRows(5000, 4096));
        assertInstanceOf(LocalNeighbourSearch.class, NeighbourSearch.forRows(100, 4096));
    }
}
