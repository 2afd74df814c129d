package io.sparkgan.train;

import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.GanConfig;
import io.sparkgan.data.MixtureMetrics;
import io.sparkgan.io.RunDirectory;
import io.sparkgan.run.LocalEngine;
import io.sparkgan.run.RunSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * conf/ring8.conf, trained by the single-JVM engine at its fixed seed, learns the ring: all 8 modes covered
 * and at least 90% of 2,500 samples within 3 std of a mode (the best published figure, PacGAN4, is 7.8 modes
 * and 95.9%). With the file's G (3 x 256) and the narrower D of {@link #CHEAPER_D} (2 x 128): the committed D
 * 2 x 256 took this test from 403 s to 729 s on the slower test machine. With the G of {@link #CHEAPER_G} (2 x 256)
 * this seed's run ended with one mode under-weighted (reverse KL 0.14) once the step's noise came from ND4J's
 * generator, while seed 1 went from 94.4% to 98.1% (src/site/markdown/measurements.md). About 5-8 minutes on
 * 2 cores.
 */
public class Ring8QualityTest {
    /** The narrower discriminator the quality tests train, to keep the suite near 20 minutes. */
    public static final String CHEAPER_D = "model.mlp.discriminator-widths=[128,128]";
    /** The file's generator before its third layer (2026-12-02): cheaper, for the Spark engine's quality test. */
    public static final String CHEAPER_G = "model.mlp.generator-widths=[256,256]";

    @TempDir
    Path dir;

    @Test
    void ring8CoversAllEightModesWithHighQualitySamples() {
        GanConfig config = ConfigLoader.load(Path.of("conf/ring8.conf"), List.of(CHEAPER_D));
        RunSummary summary = new LocalEngine(config, RunDirectory.create(dir), new PrintStream(PrintStream.nullOutputStream()))
                .train(false);
        MixtureMetrics m = summary.mixtureMetrics().orElseThrow();
        System.out.printf("ring8 at seed %d: %d/%d modes, %.1f%% high quality, reverse KL %.4f, %.0f points/s%n",
                config.seed(), m.modesCovered(), m.modesTotal(), 100 * m.highQualityFraction(), m.reverseKl(),
                summary.samplesPerSecond());
        assertEquals(8, m.modesCovered(), "modes covered: " + m);
        assertTrue(m.highQualityFraction() >= 0.90, "high-quality share: " + m);
        assertTrue(m.reverseKl() <= 0.05, "reverse KL: " + m);
    }
}
