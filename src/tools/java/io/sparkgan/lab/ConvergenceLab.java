package io.sparkgan.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.GanConfig;
import io.sparkgan.config.Loss;
import io.sparkgan.config.Update;
import io.sparkgan.io.RunDirectory;
import io.sparkgan.run.LocalEngine;
import io.sparkgan.train.DivergenceException;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The convergence lab: conf/dirac-gan.conf (plain gradient descent, step 0.1, start (1, 1)) trained by the
 * single-JVM engine for every loss family of the theory, both update orders and the regularisers of
 * Mescheder et al. 2018; one {@link LabOutcome} per combination. Batch 64 keeps instance noise's sampling noise
 * small; the other rows do not depend on the batch (every data point is 0 and G(z) = theta for every z).
 */
public final class ConvergenceLab {
    static final List<Loss> LOSSES = List.of(Loss.MINIMAX, Loss.NON_SATURATING, Loss.MAXIMUM_LIKELIHOOD,
            Loss.WASSERSTEIN);
    static final List<Update> UPDATES = List.of(Update.SIMULTANEOUS, Update.ALTERNATING);
    /** Name and overrides of each regulariser. */
    static final Map<String, List<String>> REGULARISERS = new LinkedHashMap<>();

    static {
        REGULARISERS.put("none", List.of());
        REGULARISERS.put("R1 gamma 1", List.of("loss.r1-gamma=1"));
        REGULARISERS.put("instance noise 0.7", List.of("train.instance-noise.std=0.7",
                "train.instance-noise.anneal-epochs=1000"));
        REGULARISERS.put("gradient penalty 10", List.of("loss.lipschitz=gradient-penalty"));
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path config;
    private final Path work;
    private final int epochs;

    /**
     * @param config conf/dirac-gan.conf or a variant of it
     * @param work   scratch folder for the runs
     * @param epochs 100 steps each
     */
    public ConvergenceLab(Path config, Path work, int epochs) {
        this.config = config;
        this.work = work;
        this.epochs = epochs;
    }

    /** Every combination; the gradient penalty only with the Wasserstein critic it was made for. */
    public List<LabOutcome> run(PrintStream progress) {
        List<LabOutcome> outcomes = new ArrayList<>();
        for (Loss loss : LOSSES) {
            for (Update update : UPDATES) {
                for (Map.Entry<String, List<String>> r : REGULARISERS.entrySet()) {
                    if (r.getKey().startsWith("gradient penalty") && loss != Loss.WASSERSTEIN) {
                        continue;
                    }
                    LabOutcome o = one(loss, update, r.getKey(), r.getValue());
                    progress.printf("%-18s %-12s %-20s %s (end %.3g of the start)%n", loss, update, r.getKey(),
                            o.verdict(), o.endDistance());
                    outcomes.add(o);
                }
            }
        }
        return outcomes;
    }

    private LabOutcome one(Loss loss, Update update, String regulariser, List<String> extra) {
        List<String> overrides = new ArrayList<>(List.of("engine=local", "loss.family=" + loss, "train.update=" + update,
                "train.epochs=" + epochs, "train.batch-size=64", "data.size=6400", "output.log-every-steps=100000"));
        overrides.addAll(extra);
        GanConfig c = ConfigLoader.load(config, overrides);
        Path run = work.resolve(loss + "-" + update + "-" + regulariser.replace(' ', '-'));
        String diverged = null;
        try {
            new LocalEngine(c, RunDirectory.create(run), new PrintStream(PrintStream.nullOutputStream())).train(false);
        } catch (DivergenceException e) {
            diverged = e.getMessage();
        }
        List<double[]> path = trajectory(run.resolve("metrics.jsonl"));
        double start = Math.hypot(path.get(0)[0], path.get(0)[1]);
        double min = Double.POSITIVE_INFINITY;
        int firstWithin1 = -1;
        for (int s = 0; s < path.size(); s++) {
            double d = Math.hypot(path.get(s)[0], path.get(s)[1]) / start;
            min = Math.min(min, d);
            if (firstWithin1 < 0 && d < 0.01) {
                firstWithin1 = s;
            }
        }
        double[] last = path.get(path.size() - 1);
        double[] before = path.get(path.size() - 2);
        double end = Math.hypot(last[0], last[1]) / start;
        double lastStep = Math.hypot(last[0] - before[0], last[1] - before[1]);
        String verdict = diverged != null ? "diverges after step " + (path.size() - 1)
                : LabOutcome.verdict(end, min, lastStep);
        return new LabOutcome(loss.toString(), update.toString(), regulariser, path.size() - 1, end, min, firstWithin1,
                Math.abs(last[0]), verdict);
    }

    /** (theta, psi) of every "trajectory" line of a run's metrics.jsonl, in order. */
    public static List<double[]> trajectory(Path metrics) {
        try {
            List<double[]> path = new ArrayList<>();
            for (String line : Files.readAllLines(metrics)) {
                JsonNode n = JSON.readTree(line);
                if (n.path("kind").asText().equals("trajectory")) {
                    path.add(new double[] {n.path("theta").asDouble(), n.path("psi").asDouble()});
                }
            }
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + metrics + ": " + e.getMessage(), e);
        }
    }

    /** The outcomes as a Markdown table (README's and the site's). */
    public static String markdown(List<LabOutcome> outcomes) {
        StringBuilder md = new StringBuilder();
        md.append("| loss | update | regulariser | outcome | distance at the end / start | smallest / start "
                + "| first step within 1% | abs(theta) at the end |\n");
        md.append("| --- | --- | --- | --- | ---: | ---: | ---: | ---: |\n");
        for (LabOutcome o : outcomes) {
            md.append(String.format(java.util.Locale.ROOT, "| %s | %s | %s | %s | %.3g | %.3g | %s | %.3g |%n",
                    o.loss(), o.update(), o.regulariser(), o.verdict(), o.endDistance(), o.minDistance(),
                    o.firstWithin1() < 0 ? "-" : Integer.toString(o.firstWithin1()), o.endTheta()));
        }
        return md.toString();
    }
}
