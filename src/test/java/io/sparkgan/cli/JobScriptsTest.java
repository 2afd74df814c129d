package io.sparkgan.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
    void theAirflowDagSubmitsWhatSubmitShSubmits() throws IOException {
        String dag = Files.readString(Path.of("jobs/spark_gan_dag.py"));
        String submit = Files.readString(Path.of("jobs/submit.sh"));
        for (String name : List.of("JAVA_CLASS", "APPLICATION", "PROPERTIES_FILE", "YARN_PROPERTIES_FILE")) {
            String inDag = value(dag, "(?m)^" + name + " = \"([^\"]+)\"");
            String inScript = value(submit, "(?m)^" + name + "=\"([^\"]+)\"");
            assertEquals(inScript, inDag, name + " in the DAG and in submit.sh");
            if (name.endsWith("PROPERTIES_FILE")) {
                assertTrue(Files.isRegularFile(Path.of(inDag)), inDag + " exists");
            }
        }
        assertTrue(dag.contains("java_class=JAVA_CLASS") && dag.contains("properties_file = f\"{home}/{PROPERTIES_FILE}\"")
                        && dag.contains("properties_file=properties_file"), "the operator uses the shared values");
        // The DAG's application_args are CONFIG --resume DIR (a retry continues the run), which the main class accepts.
        assertDoesNotThrow(() -> new CommandLine(new TrainCommand()).parseArgs("conf/ring8.conf", "--resume", "runs/x"));
        assertTrue(dag.contains("application_args = [f\"{home}/{config}\", \"--resume\""));
        // On YARN (cluster mode) both ship the file and pass its base name, as YarnClusterModeTest submits it.
        assertTrue(dag.contains("properties_file = f\"{home}/{YARN_PROPERTIES_FILE}\"")
                && dag.contains("files = f\"{home}/{config}\"")
                && dag.contains("application_args = [os.path.basename(config), \"--resume\""), "the DAG's YARN branch");
        assertTrue(submit.contains("submit_options+=(--files \"$config\")")
                && submit.contains("set -- \"$(basename \"$config\")\" \"$@\""), "submit.sh's YARN branch");
    }

    /**
     * The DAG reads the cluster secret from a file outside the checkout by default (a file inside could be
     * committed with it), and the path it once used, like the local cluster's secret, is git-ignored.
     */
    @Test
    void theAirflowDagReadsTheSecretFromOutsideTheCheckout() throws IOException {
        String dag = Files.readString(Path.of("jobs/spark_gan_dag.py"));
        String secret = value(dag, "SECRET_FILE = \"([^\"]+)\"");
        Path expanded = Path.of(secret.replaceFirst("^~", System.getProperty("user.home"))).toAbsolutePath().normalize();
        assertTrue(secret.startsWith("~/") || secret.startsWith("/"), "an absolute default, not relative to home: " + secret);
        assertFalse(expanded.startsWith(Path.of("").toAbsolutePath()), expanded + " lies outside the checkout");
        assertTrue(dag.matches("(?s).*env_vars\\s*=\\s*\\{\"SPARK_GAN_SECRET_FILE\": secret_file\\}.*"),
                "the operator passes it (outside YARN, where YARN generates the secret)");
        assertFalse(dag.contains("{home}/conf/spark/secret"), "the old path inside the checkout is gone");
        List<String> ignored = Files.readAllLines(Path.of(".gitignore"));
        assertTrue(ignored.contains("conf/spark/secret"), ".gitignore names conf/spark/secret");
        // jobs/local-cluster.sh writes its secret under SPARK_GAN_CLUSTER_DIR, by default target/local-cluster
        assertTrue(Files.readString(Path.of("jobs/local-cluster.sh")).contains("state=\"${SPARK_GAN_CLUSTER_DIR:-$root/target/local-cluster}\""));
        assertTrue(ignored.contains("target/"), ".gitignore names target/");
    }

    private static String value(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "found " + regex);
        return m.group(1);
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
