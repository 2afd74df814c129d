package io.sparkgan.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every main class that a script in jobs/ names must exist and have a main method. */
class JobScriptsTest {
    private static final Pattern CLASS_NAME = Pattern.compile("io\\.sparkgan\\.[a-z]+\\.[A-Z][A-Za-z0-9]*");

    @Test
    void everyClassNamedInJobsExistsWithAMainMethod() throws IOException {
        List<String> named = new ArrayList<>();
        try (var scripts = Files.list(Path.of("jobs"))) {
            for (Path script : scripts.toList()) {
                Matcher m = CLASS_NAME.matcher(Files.readString(script));
                while (m.find()) {
                    named.add(m.group());
                }
            }
        }
        assertFalse(named.isEmpty(), "jobs/ names at least one main class");
        for (String name : named) {
            assertDoesNotThrow(() -> Class.forName(name).getMethod("main", String[].class), name);
        }
    }

    @Test
    void everyScriptIsExecutable() throws IOException {
        try (var scripts = Files.list(Path.of("jobs"))) {
            for (Path script : scripts.filter(p -> p.toString().endsWith(".sh")).toList()) {
                if (!script.getFileName().toString().equals("java-flags.sh")) {
                    assertTrue(Files.isExecutable(script), script + " is executable");
                }
            }
        }
    }
}
