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

    @Test
    void largeSetsGoToTheRunningContextAndSmallOnesStayHere() {
        assertInstanceOf(SparkNeighbourSearch.class, NeighbourSearch.forRows(5000, 4096));
        assertInstanceOf(LocalNeighbourSearch.class, NeighbourSearch.forRows(100, 4096));
    }
}
