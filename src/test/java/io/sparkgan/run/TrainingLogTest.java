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

        /** The Spark engine's figure of merit: rounds per epoch and the share of the rounds outside task compute. */
        @Test
        void statesTheRoundsAndTheirShareOutsideTaskCompute() throws IOException {
            RunDirectory run = RunDirectory.create(dir.resolve("run"));
            TrainingLog log = new TrainingLog(ConfigLoader.load(Path.of("conf/ring8.conf"), List.of()), run,
                    new PrintStream(console, true, StandardCharsets.UTF_8));
            // 4 tasks of 1 s on 2 slots in rounds of 2.5 s: 2 s of compute each, 20% outside it
            log.rounds(13, RoundCost.ofRound(2.5, 1.0, 4.0, 2).plus(RoundCost.ofRound(2.5, 1.0, 4.0, 2)));
            log.interval(0, 3, 200, new StepFigures(1.2, 0.7, 0.6, 0.4, Double.NaN, 0), 12800, 2.0,
                    "round 2/13", 64, 600, 2.0);
            JsonNode line = new ObjectMapper().readTree(run.metricsFile().readString().lines().reduce((a, b) -> b)
                    .orElseThrow());
            assertThat(line.get("rounds_per_epoch").asInt()).isEqualTo(13);
            assertThat(line.get("round_overhead").asDouble()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(console()).contains("13 rounds/epoch, 20% outside task compute");
        }

        @Test
        void hasNoRoundFiguresForTheSingleJvm() throws IOException {
            JsonNode line = intervalLine(0);
            assertThat(line.has("rounds_per_epoch")).isFalse();
            assertThat(line.has("round_overhead")).isFalse();
            assertThat(console()).doesNotContain("rounds/epoch");
        }
    }
}
