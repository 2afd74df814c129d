package io.sparkgan.run;

import io.sparkgan.cli.TrainJob;
import io.sparkgan.io.RunDirectory;
import io.sparkgan.platform.Location;
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
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Nothing a user can lose: --overwrite clears only a spark-gan run directory (its marker) or an empty folder, never
 * a folder of other files; runs that share a checkpoint.dir each keep their checkpoints in their own subfolder.
 */
class RunDirectoryPickerTest {
    private static final List<String> TINY = List.of("engine=local", "threads=1", "data.size=512", "train.epochs=1",
            "output.sample-points=100");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int train(List<String> overrides, TrainOptions options) {
        err.reset();
        out.reset();
        return TrainJob.run(Path.of("conf/ring8.conf"), overrides, options,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** Every file under {@code root} with its content (Base64). */
    private static Map<String, String> contents(Path root) throws IOException {
        Map<String, String> all = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                all.put(root.relativize(p).toString(), java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(p)));
            }
        }
        return all;
    }

    @Nested
    class AFolderThatIsNotARun {
        private Path notes() throws IOException {
            Path home = Files.createDirectories(dir.resolve("home"));
            Files.writeString(home.resolve("thesis.tex"), "\\chapter{Results}");
            Files.createDirectories(home.resolve("photos"));
            Files.writeString(home.resolve("photos").resolve("cat.jpg"), "not really a jpeg");
            Files.writeString(home.resolve("config.conf"), "name = mine");
            return home;
        }

        @Test
        void isNeverClearedByOverwrite() throws IOException {
            Path home = notes();
            Map<String, String> before = contents(home);
            assertEquals(1, train(TINY, new TrainOptions(home, null, true, false)));
            assertThat(err.toString()).contains("--overwrite refuses to clear " + home.toAbsolutePath(),
                    "not a spark-gan run directory", RunDirectory.MARKER, "3 files", "nothing was deleted");
            assertThat(contents(home)).isEqualTo(before);
        }

        @Test
        void isNeverResumedInto() throws IOException {
            Path home = notes();
            Map<String, String> before = contents(home);
            assertEquals(1, train(TINY, new TrainOptions(null, home, false, false)));
            assertThat(err.toString()).contains("--resume " + home.toAbsolutePath(), "not a spark-gan run directory");
            assertThat(contents(home)).isEqualTo(before);
        }
    }

    @Test
    void aRunDirectoryCarriesItsMarkerAndOverwriteClearsIt() throws IOException {
        Path run = dir.resolve("run");
        assertEquals(0, train(TINY, TrainOptions.fresh(run, false)), err::toString);
        String firstId = RunDirectory.runIdOf(Location.local(run)).orElseThrow();
        Files.writeString(run.resolve("scratch.txt"), "left by the user inside the run directory");

        assertEquals(0, train(TINY, new TrainOptions(run, null, true, false)), err::toString);
        assertThat(out.toString()).contains("--overwrite: deleting the run directory " + run.toAbsolutePath());
        assertThat(run.resolve("scratch.txt")).doesNotExist();
        assertThat(RunDirectory.runIdOf(Location.local(run)).orElseThrow()).as("a new run, a new id").isNotEqualTo(firstId);
        assertThat(run.resolve("summary.json")).isRegularFile();
    }

    @Test
    void aRunDirectoryOfAVersionBeforeTheMarkerIsResumedAndGetsOne() throws IOException {
        Path run = dir.resolve("earlier");
        assertEquals(0, train(TINY, TrainOptions.fresh(run, false)), err::toString);
        Files.delete(run.resolve(RunDirectory.MARKER));   // as an earlier version left it
        assertEquals(0, train(TINY, new TrainOptions(null, run, false, false)), err::toString);
        assertThat(out.toString()).contains("resuming from checkpoint");
        assertThat(run.resolve(RunDirectory.MARKER)).isRegularFile();
    }

    @Nested
    class ASharedCheckpointDir {
        @Test
        void holdsEachRunInItsOwnSubfolderAndOverwriteDeletesOnlyItsOwn() throws IOException {
            Path shared = Files.createDirectories(dir.resolve("shared-checkpoints"));
            Files.writeString(shared.resolve("README.txt"), "the team's checkpoints");
            List<String> sharing = Stream.concat(TINY.stream(),
                    Stream.of("checkpoint.dir=\"" + shared.toUri() + "\"")).toList();
            Path a = dir.resolve("a");
            Path b = dir.resolve("b");
            assertEquals(0, train(sharing, TrainOptions.fresh(a, false)), err::toString);
            assertEquals(0, train(sharing, TrainOptions.fresh(b, false)), err::toString);
            String idA = RunDirectory.runIdOf(Location.local(a)).orElseThrow();
            String idB = RunDirectory.runIdOf(Location.local(b)).orElseThrow();
            assertThat(idA).isNotEqualTo(idB);
            assertThat(shared.resolve(idA).resolve("LATEST")).isRegularFile();
            assertThat(shared.resolve(idB).resolve("LATEST")).isRegularFile();
            Map<String, String> ofB = contents(shared.resolve(idB));

            assertEquals(0, train(sharing, new TrainOptions(a, null, true, false)), err::toString);
            assertThat(shared.resolve(idA)).as("run a's old checkpoints").doesNotExist();
            assertThat(contents(shared.resolve(idB))).as("run b's checkpoints").isEqualTo(ofB);
            assertThat(shared.resolve("README.txt")).isRegularFile();

            // A new run (even one started with --resume, as a scheduler does) never resumes another run's checkpoints.
            assertEquals(0, train(sharing, new TrainOptions(null, dir.resolve("c"), false, false)), err::toString);
            assertThat(out.toString()).contains("no complete checkpoint in", "starting a new run")
                    .doesNotContain("resuming from checkpoint");
        }
    }
}
