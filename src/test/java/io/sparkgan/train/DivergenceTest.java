package io.sparkgan.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkgan.checkpoint.CheckpointStore;
import io.sparkgan.cli.TrainJob;
import io.sparkgan.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A NaN injected into D's parameters at (epoch 1, round 2): the run stops, or rolls back and goes on. */
class DivergenceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> RUN = List.of("engine=local", "threads=1", "data.size=2048", "train.batch-size=64", "train.epochs=3",
            "spark.averaging-period=4", "output.log-every-steps=8", "output.sample-points=200");
    /** D's parameters poisoned with NaN after round 2 of epoch 1. */
    private static final java.util.Map<String, String> NAN = java.util.Map.of("divergence.inject-nan.epoch", "1",
            "divergence.inject-nan.round", "2");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int train(Path run, String... more) {
        List<String> overrides = new ArrayList<>(RUN);
        overrides.addAll(List.of(more));
        return io.sparkgan.config.Drills.with(NAN, () -> TrainJob.run(Path.of("conf/ring8.conf"), overrides, run, false,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
    }

    @Test
    void stopNamesEpochRoundAndNetworkAndLeavesTheLastCheckpointIntact() throws IOException {
        Path run = dir.resolve("stop");
        assertEquals(1, train(run));
        assertThat(err.toString()).contains("training diverged at epoch 1, round 2 of 8",
                "discriminator parameters [0] = NaN", "ckpt-e00001-i00000000 is intact");
        assertTrue(Files.notExists(run.resolve("summary.json")));

        // The named checkpoint loads and is finite: a resume can start from it.
        var config = ConfigLoader.load(Path.of("conf/ring8.conf"), RUN);
        GanState state = GanState.fresh(config, new long[]{2});
        CheckpointStore store = CheckpointStore.open(config, run);
        assertEquals("ckpt-e00001-i00000000", store.latest().orElseThrow());
        store.restore("ckpt-e00001-i00000000", state, config);
        assertEquals(null, state.firstNonFinite());
    }

    @Test
    void rollbackReloadsTheCheckpointHalvesTheLearningRatesAndFinishes() throws IOException {
        Path run = dir.resolve("rollback");
        assertEquals(0, train(run, "divergence.action=rollback"), err.toString());

        List<JsonNode> rollbacks = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            JsonNode n = JSON.readTree(line);
            if (n.get("kind").asText().equals("rollback")) {
                rollbacks.add(n);
            }
        }
        assertEquals(1, rollbacks.size());
        assertEquals("ckpt-e00001-i00000000", rollbacks.get(0).get("checkpoint").asText());
        assertEquals(0.5, rollbacks.get(0).get("learning_rate_scale").asDouble());
        assertThat(out.toString()).contains("WARN training diverged at epoch 1, round 2", "rolled back");

        JsonNode summary = JSON.readTree(run.resolve("summary.json").toFile());
        assertEquals(3 * (2048 / 64), summary.get("generator_steps").asInt());
        assertEquals(8, summary.get("modes_total").asInt());
        String latest = Files.readString(run.resolve("checkpoints/LATEST")).trim();
        JsonNode state = JSON.readTree(run.resolve("checkpoints").resolve(latest).resolve("state.json").toFile());
        assertEquals(0.5, state.get("learning_rate_scale").asDouble());
        assertEquals(1, state.get("rollbacks").asInt());
    }
}
