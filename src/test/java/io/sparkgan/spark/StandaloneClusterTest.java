package io.sparkgan.spark;

import io.sparkgan.cli.TrainJob;
import io.sparkgan.io.ModelStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Trains on a real standalone cluster: jobs/local-cluster.sh starts a master and two workers on 127.0.0.1
 * as separate JVMs, with spark.authenticate on; this JVM is the driver. The run must give the very
 * parameters that the same run gives on local[2], and both workers must have run an executor.
 */
class StandaloneClusterTest {
    private static final Path STATE = Path.of("target/test-cluster").toAbsolutePath();
    private static final List<String> PROPERTIES = List.of("spark.master", "spark.authenticate",
            "spark.authenticate.secret", "spark.driver.host", "spark.driver.bindAddress", "spark.executor.memory",
            "spark.task.maxFailures");
    private static String master;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder("jobs/local-cluster.sh", "start", "2", "1", "1500m")
                .redirectErrorStream(true).redirectOutput(STATE.resolveSibling("test-cluster-start.log").toFile());
        pb.environment().put("SPARK_GAN_CLUSTER_DIR", STATE.toString());
        pb.environment().put("SPARK_GAN_MASTER_PORT", Integer.toString(port));
        Process p = pb.start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertEquals(0, p.exitValue(), () -> "local-cluster.sh start failed: " + read(STATE.resolveSibling("test-cluster-start.log")));
        master = "spark://127.0.0.1:" + port;
    }

    @AfterAll
    static void stopCluster() throws Exception {
        PROPERTIES.forEach(System::clearProperty);
        ProcessBuilder pb = new ProcessBuilder("jobs/local-cluster.sh", "stop").inheritIO();
        pb.environment().put("SPARK_GAN_CLUSTER_DIR", STATE.toString());
        pb.start().waitFor(1, TimeUnit.MINUTES);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private Path train(String name, List<String> overrides) {
        Path run = dir.resolve(name);
        List<String> all = new ArrayList<>(List.of("data.size=8192", "train.epochs=2", "train.max-steps-per-epoch=6",
                "train.ema-decay=0.9", "output.sample-points=200", "engine=spark", "spark.partitions=2",
                "spark.averaging-period=2"));
        all.addAll(overrides);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TrainJob.run(Path.of("conf/ring8.conf"), all, run, false,
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertEquals(0, code, () -> "run " + name + " failed: " + err);
        return run;
    }

    private static float[] params(Path run, String net) {
        return ModelStore.load(run.resolve("checkpoints/epoch-0001").resolve(net), true).params().toFloatVector();
    }

    @Test
    void twoExecutorJvmsTrainToTheParametersOfALocalRun() throws IOException {
        Path local = train("local", List.of("spark.master=\"local[2]\""));

        System.setProperty("spark.master", master);
        System.setProperty("spark.authenticate", "true");
        System.setProperty("spark.authenticate.secret", Files.readString(STATE.resolve("secret")).trim());
        System.setProperty("spark.driver.host", "127.0.0.1");
        System.setProperty("spark.driver.bindAddress", "127.0.0.1");
        System.setProperty("spark.executor.memory", "1g");
        Path cluster;
        try {
            cluster = train("cluster", List.of());
        } finally {
            PROPERTIES.forEach(System::clearProperty);
        }

        assertArrayEquals(params(local, "generator.zip"), params(cluster, "generator.zip"));
        assertArrayEquals(params(local, "discriminator.zip"), params(cluster, "discriminator.zip"));
        // Each worker launched an executor JVM for the application: work/worker-N/app-.../EXECUTOR_ID/
        for (String worker : List.of("worker-1", "worker-2")) {
            try (Stream<Path> apps = Files.list(STATE.resolve("work").resolve(worker))) {
                assertThat(apps.filter(p -> p.getFileName().toString().startsWith("app-")).count())
                        .as("applications run by " + worker).isPositive();
            }
        }
    }
}
