package io.sparkgan.spark;

import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.GanConfig;
import io.sparkgan.data.MixtureMetrics;
import io.sparkgan.io.RunDirectory;
import io.sparkgan.run.RunSummary;
import io.sparkgan.train.Ring8QualityTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * conf/ring8.conf (with the single-JVM test's cheaper D and G, {@link Ring8QualityTest#CHEAPER_D}) on the Spark engine, local[2]: two partitions, each running H = 8
 * iterations between averagings, reach the figures the single-JVM test holds (8/8 modes, at least 90%
 * high quality). The global batch of 256 gives each partition 128 rows a step, so an averaged step sees the
 * single-JVM run's 256 samples and an epoch has its 390 steps. H = 8 rather than the file's H = 1 keeps the
 * test to minutes (the file's own figures with H = 1 are in src/site/markdown/measurements.md).
 */
class SparkRing8QualityTest {
    @TempDir
    Path dir;

    @Test
    void twoAveragedPartitionsCoverAllEightModesWithHighQualitySamples() {
        GanConfig config = ConfigLoader.load(Path.of("conf/ring8.conf"),
                List.of("engine=spark", "spark.master=\"local[2]\"", "spark.partitions=2",
                        "spark.averaging-period=8", Ring8QualityTest.CHEAPER_D, Ring8QualityTest.CHEAPER_G));
        RunSummary summary = new SparkEngine(config, RunDirectory.create(dir),
                new PrintStream(PrintStream.nullOutputStream())).train(false);
        MixtureMetrics m = summary.mixtureMetrics().orElseThrow();
        System.out.printf("ring8 on Spark local[2] at seed %d: %d/%d modes, %.1f%% high quality, reverse KL %.4f, "
                        + "%.0f points/s%n", config.seed(), m.modesCovered(), m.modesTotal(), 100 * m.highQualityFraction(),
                m.reverseKl(), summary.samplesPerSecond());
        assertEquals(8, m.modesCovered(), "modes covered: " + m);
        assertTrue(m.highQualityFraction() >= 0.90, "high-quality share: " + m);
        assertTrue(m.reverseKl() <= 0.05, "reverse KL: " + m);
    }
}
