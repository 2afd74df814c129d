package io.sparkgan.platform;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ND4J's reachability flags reach every JVM that trains: scripts, Spark properties, Surefire. */
class Nd4jJvmFlagsTest {

    @Nested
    class EveryLauncherPassesTheSameFlags {
        @Test
        void theScriptsFlagsAreTheList() throws IOException {
            Matcher m = Pattern.compile("(?m)^ND4J_OPTS=\"([^\"]*)\"$").matcher(Files.readString(Path.of("jobs/java-flags.sh")));
            assertTrue(m.find(), "jobs/java-flags.sh defines ND4J_OPTS");
            assertEquals(Nd4jJvmFlags.joined(), m.group(1));
            for (String script : new String[]{"jobs/launch.sh", "jobs/submit.sh"}) {
                assertTrue(Files.readString(Path.of(script)).contains("$ND4J_OPTS"), script + " passes $ND4J_OPTS to java");
            }
        }

        @Test
        void thePomGivesThemToSurefire() throws IOException {
            String pom = Files.readString(Path.of("pom.xml"));
            assertTrue(pom.contains("<nd4j.jvm.flags>" + Nd4jJvmFlags.joined() + "</nd4j.jvm.flags>"), "pom property");
            assertTrue(pom.contains("${nd4j.jvm.flags}"), "the argLine uses it");
            assertTrue(Nd4jJvmFlags.activeInThisJvm(), "this Surefire JVM runs with " + Nd4jJvmFlags.KEEP_OPS_REACHABLE);
        }

        @Test
        void everySparkPropertiesFileGivesThemToDriverAndExecutors() throws IOException {
            try (var files = Files.list(Path.of("conf/spark"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".properties")).toList()) {
                    Properties p = new Properties();
                    try (Reader r = Files.newBufferedReader(file)) {
                        p.load(r);
                    }
                    if (p.stringPropertyNames().stream().noneMatch(k -> k.startsWith("spark."))
                            || file.getFileName().toString().equals("gpu.properties")) {
                        continue; // log4j2.properties; the CUDA backend's, whose classes the flags do not name
                    }
                    for (String key : new String[]{"spark.executor.extraJavaOptions", "spark.driver.extraJavaOptions"}) {
                        String value = p.getProperty(key);
                        if (value != null || key.contains("executor")) {
                            assertTrue(value != null && value.contains(Nd4jJvmFlags.joined()), file + " " + key + " = " + value);
                        }
                    }
                }
            }
        }
    }
}
