package io.sparkgan.run;

import io.sparkgan.train.StepFigures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkgan.config.ConfigLoader;
import io.sparkgan.io.RunDirectory;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TrainingLogTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    /** The interval line that TrainingLog writes for an interval whose penalty left out {@code dropped} samples. */
    private JsonNode intervalLine(long dropped, String... overrides) throws IOException {
        RunDirectory run = RunDirectory.create(dir.resolve("run"));
        TrainingLog log = new TrainingLog(ConfigLoader.load(Path.of("conf/ring8.conf"), List.of(overrides)), run,
                new PrintStream(console, true, StandardCharsets.UTF_8));
        log.interval(0, 3, 200, new StepFigures(1.2, 0.7, 0.6, 0.4, Double.NaN, dropped), 12800, 2.0,
                "round 25/50", 200, 600, 2.0);
        List<String> lines = run.metricsFile().readString().lines().toList();
        return new ObjectMapper().readTree(lines.get(lines.size() - 1));
    }

    private String console() {
        return console.toString(StandardCharsets.UTF_8);
    }

    @Nested
    class TheIntervalLine {
        @Test
        void countsTheSamplesAGradientPenaltyLeftOutAndTheConsoleWarns() throws IOException {
            JsonNode line = intervalLine(3, "loss.r1-gamma=0.1");
            assertThat(line.get("kind").asText()).isEqualTo("interval");
            assertThat(line.get("penalty_dropped").asLong()).isEqualTo(3);
            assertThat(console()).contains("WARN epoch 1/3 round 25/50: the gradient penalty left out 3 samples' terms",
                    "penalty_dropped");
        }

        @Test
        void saysZeroWithoutAWarningWhenNoneWasLeftOut() throws IOException {
            assertThat(intervalLine(0, "loss.r1-gamma=0.1").get("penalty_dropped").asLong()).isZero();
            assertThat(console()).doesNotContain("WARN");
        }

        @Test
        void hasNoPenaltyFieldWithoutAPenalty() throws IOException {
            assertThat(intervalLine(0).has("penalty_dropped")).isFalse();
        }
    }
}
