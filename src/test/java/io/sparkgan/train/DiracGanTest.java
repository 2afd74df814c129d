package io.sparkgan.train;

import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.GanConfig;
import io.sparkgan.io.RunDirectory;
import io.sparkgan.run.LocalEngine;
import io.sparkgan.run.RunSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The convergence lab (Mescheder, Geiger and Nowozin 2018) on conf/dirac-gan.conf: data at 0, G(z) = theta,
 * D(x) = psi x, start (1, 1), plain gradient descent with step h = 0.1. The known outcomes, from the trajectory
 * (theta, psi) per step that metrics.jsonl holds.
 */
class DiracGanTest {
    private static final double H = 0.1;

    @TempDir
    Path dir;

    /** (theta, psi) of step 0, 1, 2, ... of a single-JVM run of conf/dirac-gan.conf with {@code overrides}. */
    private List<double[]> trajectory(String name, String... overrides) throws IOException {
        List<String> all = new ArrayList<>(List.of("engine=local"));
        all.addAll(List.of(overrides));
        GanConfig config = ConfigLoader.load(Path.of("conf/dirac-gan.conf"), all);
        Path run = dir.resolve(name);
        RunSummary summary = new LocalEngine(config, RunDirectory.create(run), new PrintStream(PrintStream.nullOutputStream()))
                .train(false);
        List<double[]> path = io.sparkgan.lab.ConvergenceLab.trajectory(run.resolve("metrics.jsonl"));
        EquilibriumDistance e = summary.equilibrium().orElseThrow();
        assertThat(e.start()).isEqualTo(Math.sqrt(2));
        assertThat(e.end()).isCloseTo(distance(path.get(path.size() - 1)), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Files.readString(run.resolve("report.html"))).contains("id=\"phase-plane\"");
        return path;
    }

    private static double distance(double[] p) {
        return Math.hypot(p[0], p[1]);
    }

    @Test
    void alternatingGradientDescentOnTheBilinearGameCirclesTheEquilibrium() throws IOException {
        // WGAN: L_D = psi theta, L_G = -psi theta. D first: psi <- psi - h theta; then theta <- theta + h psi'.
        List<double[]> path = trajectory("alternating");
        assertThat(path).hasSize(501);
        double theta = 1;
        double psi = 1;
        for (int s = 1; s < path.size(); s++) {
            psi -= H * theta;
            theta += H * psi;
            assertThat(path.get(s)[0]).as("theta at step %d", s).isCloseTo(theta, org.assertj.core.data.Offset.offset(1e-4));
            assertThat(path.get(s)[1]).as("psi at step %d", s).isCloseTo(psi, org.assertj.core.data.Offset.offset(1e-4));
            // the map has determinant 1: its orbits are ellipses about (0, 0), neither nearer nor farther
            assertThat(distance(path.get(s)) / Math.sqrt(2)).isBetween(0.8, 1.25);
        }
    }

    @Test
    void simultaneousGradientDescentSpiralsAway() throws IOException {
        // both gradients at (theta, psi): the map's eigenvalues 1 +- i h have modulus sqrt(1 + h^2) > 1
        List<double[]> path = trajectory("simultaneous", "train.update=simultaneous");
        double theta = 1;
        double psi = 1;
        for (int s = 1; s < path.size(); s++) {
            double nextPsi = psi - H * theta;
            theta += H * psi;
            psi = nextPsi;
            assertThat(distance(path.get(s))).as("distance at step %d", s).isGreaterThan(distance(path.get(s - 1)));
        }
        assertThat(path.get(500)[0]).isCloseTo(theta, org.assertj.core.data.Percentage.withPercentage(0.01));
        assertThat(path.get(500)[1]).isCloseTo(psi, org.assertj.core.data.Percentage.withPercentage(0.01));
        assertThat(distance(path.get(500)) / Math.sqrt(2)).isGreaterThan(10);   // (1 + h^2)^250 = 12.0
    }

    @Test
    void r1RegularisationConverges() throws IOException {
        List<double[]> path = trajectory("r1", "loss.family=non-saturating", "loss.r1-gamma=1");
        assertThat(firstBelowOnePercent(path)).as("first step within 1% of the start's distance").isBetween(1, 200);
        assertThat(distance(path.get(path.size() - 1))).isLessThan(1e-6);
    }

    @Test
    void instanceNoiseConverges() throws IOException {
        // std 0.7 on D's inputs (real and fake) all along; batch 64 keeps the sampling noise of the gradient small
        List<double[]> path = trajectory("noise", "loss.family=non-saturating", "train.instance-noise.std=0.7",
                "train.instance-noise.anneal-epochs=1000", "train.batch-size=64", "data.size=6400");
        assertThat(firstBelowOnePercent(path)).as("first step within 1% of the start's distance").isBetween(1, 400);
    }

    private static int firstBelowOnePercent(List<double[]> path) {
        for (int s = 0; s < path.size(); s++) {
            if (distance(path.get(s)) < 0.01 * distance(path.get(0))) {
                return s;
            }
        }
        return -1;
    }
}
