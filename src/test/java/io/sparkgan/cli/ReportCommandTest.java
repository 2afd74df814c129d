package io.sparkgan.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jobs/report.sh RUN_DIR}: exit code and messages. */
class ReportCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int report(String... args) {
        return new CommandLine(new ReportCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
    }

    @Test
    void writesTheReportOfARunDirectoryAndSaysWhere() throws IOException {
        Files.writeString(dir.resolve("config.conf"), "train.epochs = 1\n");
        assertEquals(0, report(dir.toString()), err.toString());
        assertTrue(Files.isRegularFile(dir.resolve("report.html")));
        assertThat(out.toString()).contains("wrote", "report.html", " ms");
    }

    @Test
    void aMissingDirectoryExitsNonZeroNamingIt() {
        assertEquals(1, report(dir.resolve("no-such-run").toString()));
        assertThat(err.toString()).contains("error: run directory not found", "no-such-run");
    }
}
