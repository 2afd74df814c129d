package io.sparkgan.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Debian's Chromium, headless, opening a local page with no network: the DOM after the page's scripts ran
 * (--dump-dom), or a screenshot. Missing Chromium is a failure, not a skip: {@code jobs/test.sh} installs it.
 * Each call gets a new empty profile under {@code work}.
 */
final class HeadlessChromium {
    /** Where Debian's package installs it; CHROMIUM names another. */
    private static final String DEFAULT = "/usr/bin/chromium";
    private static final long TIMEOUT_SECONDS = 120;

    private final Path executable;
    private final Path work;
    private int calls;

    HeadlessChromium(Path work) {
        String named = System.getenv().getOrDefault("CHROMIUM", DEFAULT);
        this.executable = Path.of(named);
        this.work = work;
        if (!Files.isExecutable(executable)) {
            fail("Chromium not found at " + executable + ": the report tests render report.html in it. Run the tests "
                    + "with jobs/test.sh, which installs Debian's chromium package, or apt-get install -y chromium "
                    + "(or set CHROMIUM to its path).");
        }
    }

    /** The page's DOM once loaded, its window load handlers run (virtual time lets them finish). */
    String dumpDom(Path html) throws IOException, InterruptedException {
        return run(html, List.of("--dump-dom"));
    }

    /** A PNG of the page's first {@code width} x {@code height} pixels. */
    void screenshot(Path html, Path png, int width, int height) throws IOException, InterruptedException {
        run(html, List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
                "--hide-scrollbars"));
        assertTrue(Files.size(png) > 0, "screenshot written to " + png);
    }

    private String run(Path html, List<String> action) throws IOException, InterruptedException {
        int call = ++calls;
        Path profile = Files.createDirectories(work.resolve("chromium-profile-" + call));
        Path stdout = work.resolve("chromium-" + call + ".out");
        Path stderr = work.resolve("chromium-" + call + ".err");
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless",
                // The sandbox needs user namespaces that containers (and root) do not have; the page is our own file.
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                // No network: without these Chromium tries connections that a closed machine refuses, and waits.
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile.toAbsolutePath(), "--virtual-time-budget=5000"));
        command.addAll(action);
        command.add(html.toAbsolutePath().toUri().toString());
        Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            fail("Chromium did not finish in " + TIMEOUT_SECONDS + " s: " + command + "\n" + tail(stderr));
        }
        assertEquals(0, p.exitValue(), "Chromium's exit code for " + command + "\n" + tail(stderr));
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    private static String tail(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }
}
