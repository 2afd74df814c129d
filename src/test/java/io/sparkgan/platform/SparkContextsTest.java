package io.sparkgan.platform;

import io.sparkgan.cli.TrainJob;
import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.GanConfig;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SparkContextsTest {
    @TempDir
    Path dir;

    private static GanConfig ring8(String... overrides) {
        return ConfigLoader.load(Path.of("conf/ring8.conf"), List.of(overrides));
    }

    @Nested
    class TheDefaults {
        @Test
        void sendRoundResultsUpTo16MbDirectlyUnlessTheLauncherSaysOtherwise() {
            assertThat(SparkContexts.conf(ring8(), Map.of()).get("spark.task.maxDirectResultSize")).isEqualTo("16m");
            System.setProperty("spark.task.maxDirectResultSize", "2m");
            try {
                assertThat(SparkContexts.conf(ring8(), Map.of()).get("spark.task.maxDirectResultSize")).isEqualTo("2m");
            } finally {
                System.clearProperty("spark.task.maxDirectResultSize");
            }
        }
    }

    @Nested
    class TheWebUi {
        @Test
        void isOffInAnEmbeddedContextByDefault() {
            assertThat(SparkContexts.conf(ring8(), Map.of()).get("spark.ui.enabled")).isEqualTo("false");
            try (SparkContexts.Handle spark = SparkContexts.open(ring8())) {
                assertThat(spark.owned()).isTrue();
                assertThat(spark.context().sc().uiWebUrl().isEmpty()).as("the context's web UI").isTrue();
            }
        }

        @Test
        void isRefusedWithoutSparkLocalIpWhichWouldServeItOnEveryInterface() {
            assertThatThrownBy(() -> SparkContexts.conf(ring8("spark.ui=true"), Map.of()))
                    .isInstanceOf(io.sparkgan.config.InvalidConfigException.class)
                    .hasMessageContaining("'spark.ui' = true").hasMessageContaining("SPARK_LOCAL_IP=127.0.0.1");
            assertThat(SparkContexts.conf(ring8("spark.ui=true"), Map.of("SPARK_LOCAL_IP", "127.0.0.1"))
                    .get("spark.ui.enabled")).isEqualTo("true");
        }

        @Test
        void followsTheLaunchersSetting() {
            System.setProperty("spark.ui.enabled", "true");
            try {
                assertThat(SparkContexts.conf(ring8(), Map.of()).get("spark.ui.enabled")).isEqualTo("true");
            } finally {
                System.clearProperty("spark.ui.enabled");
            }
        }

        /** In a driver JVM of its own, whose environment sets SPARK_LOCAL_IP as the key's documentation says. */
        @Test
        void isServedOnLoopbackOnlyWhenTheKeyIsOn() throws Exception {
            Path log = dir.resolve("probe.log");
            Process child = io.sparkgan.cli.ChildJvm.start(WebUiProbe.class, List.of(),
                    List.of("spark.ui=true", "spark.master=\"local[1]\""), Map.of("SPARK_LOCAL_IP", "127.0.0.1"), log);
            assertThat(child.waitFor(3, java.util.concurrent.TimeUnit.MINUTES)).as("the probe ended").isTrue();
            List<String> lines = Files.readAllLines(log);
            assertEquals(0, child.exitValue(), () -> String.join("\n", lines));
            assertThat(lines).anyMatch(l -> l.matches("ui http://(127\\.0\\.0\\.1|localhost):\\d+"));
            assertThat(lines).contains("loopback open");
            // every other address of this machine (none on a machine with loopback alone) refuses the UI's port
            assertThat(lines.stream().filter(l -> l.startsWith("other ")).toList()).allMatch(l -> l.endsWith(" refused"));
        }
    }

    @Nested
    class TheSecretFile {
        @Test
        void suppliesTheSecretAndTurnsAuthenticationOn() throws IOException {
            Path secret = Files.writeString(dir.resolve("secret"), "s3cr3t\n");
            SparkConf conf = SparkContexts.conf(ring8(), Map.of("SPARK_GAN_SECRET_FILE", secret.toString()));
            assertThat(conf.get("spark.authenticate")).isEqualTo("true");
            assertThat(conf.get("spark.authenticate.secret")).isEqualTo("s3cr3t");
        }

        @Test
        void isOptional() {
            SparkConf conf = SparkContexts.conf(ring8(), Map.of());
            assertThat(conf.contains("spark.authenticate")).isFalse();
            assertThat(conf.contains("spark.authenticate.secret")).isFalse();
        }

        @Test
        void thatCannotBeReadIsNamed() {
            Path missing = dir.resolve("no-secret");
            assertThatThrownBy(() -> SparkContexts.conf(ring8(), Map.of("SPARK_GAN_SECRET_FILE", missing.toString())))
                    .hasMessageContaining("SPARK_GAN_SECRET_FILE = " + missing);
        }
    }

    @Nested
    class AMasterThatCannotBeReached {
        private int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }

        @Test
        void endsTheRunWithOneLineNamingTheMasterAndTheCause() throws IOException {
            String master = "spark://127.0.0.1:" + freePort();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            long start = System.nanoTime();
            int code = TrainJob.run(Path.of("conf/ring8.conf"), List.of("spark.master=\"" + master + "\"",
                            "train.epochs=1"), dir.resolve("run"), false, new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(1, code);
            String message = err.toString(StandardCharsets.UTF_8);
            assertThat(message).startsWith("error: cannot reach the Spark master " + master).contains("refused");
            assertThat(message.lines().count()).isEqualTo(1);
            assertThat((System.nanoTime() - start) / 1e9).as("seconds").isLessThan(30);
            assertThat(dir.resolve("run")).doesNotExist();
        }
    }
}
