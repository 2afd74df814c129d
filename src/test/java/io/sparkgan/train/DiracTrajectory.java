package io.sparkgan.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Dirac-GAN's path (theta, psi) of step 0, 1, 2, ... from a run's metrics.jsonl ("trajectory" lines). */
public final class DiracTrajectory {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DiracTrajectory() {
    }

    public static List<double[]> read(Path metrics) throws IOException {
        List<double[]> path = new ArrayList<>();
        for (String line : Files.readAllLines(metrics)) {
            JsonNode n = JSON.readTree(line);
            if (n.path("kind").asText().equals("trajectory")) {
                assertThat(n.path("step").asInt()).isEqualTo(path.size());
                path.add(new double[] {n.path("theta").asDouble(), n.path("psi").asDouble()});
            }
        }
        return path;
    }
}
