package io.sparkgan.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Bad input to jobs/bench.sh is named before anything runs; --tiny's defaults. */
class BenchCommandTest {

    @Test
    void aBareRoutesFlagMeansEveryRouteAndAListNamesSome() {
        BenchCommand bare = new BenchCommand();
        new CommandLine(bare).parseArgs("--routes", "--out", "x.json");
        assertEquals(java.util.List.of("all"), bare.routes);
        BenchCommand some = new BenchCommand();
        new CommandLine(some).parseArgs("--routes=batch-norm,activations");
        assertEquals(java.util.List.of("batch-norm", "activations"), some.routes);
    }

    @Test
    void noTimedIterationsOfTheBaselineIsRefusedBeforeAnythingRuns(@TempDir Path dir) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream was = System.err;
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = new CommandLine(new BenchCommand()).execute("--naive-iterations", "0",
                    "--work", dir.resolve("work").toString(), "--out", dir.resolve("bench.json").toString());
        } finally {
            System.setErr(was);
        }
        assertEquals(2, code);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--naive-iterations");
        assertFalse(Files.exists(dir.resolve("bench.json")));
        assertFalse(Files.exists(dir.resolve("work")));
    }

    @Test
    void tinyKeepsTheLargeDataEpochTinyUnlessItsSizesAreGiven() {
        BenchCommand tiny = new BenchCommand();
        new CommandLine(tiny).parseArgs("--tiny", "--large-max-steps", "5");
        assertThat(tiny.standalone().largeImages()).isEqualTo(1024);
        assertThat(tiny.standalone().largeMaxSteps()).isEqualTo(5);
        assertThat(tiny.standalone().largeBaseWidth()).isEqualTo(BenchSizes.TINY.baseWidth());
        BenchCommand full = new BenchCommand();
        new CommandLine(full).parseArgs();
        assertThat(full.standalone()).isEqualTo(new Bench.Standalone(true, "2g", "1536m", 300_000, 0, 64, false));
    }

    @Test
    void anUnknownRouteIsNamedWithTheKnownOnesAndNothingRuns(@TempDir Path dir) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream was = System.err;
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = new CommandLine(new BenchCommand()).execute("--routes=batch-norm,batchnorm",
                    "--work", dir.resolve("work").toString(), "--out", dir.resolve("bench.json").toString());
        } finally {
            System.setErr(was);
        }
        assertEquals(2, code);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("route 'batchnorm'").contains("batch-norm")
                .contains("activations");
        assertFalse(Files.exists(dir.resolve("bench.json")));
        assertFalse(Files.exists(dir.resolve("work")));
    }
}
