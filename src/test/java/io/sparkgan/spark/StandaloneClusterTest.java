package io.sparkgan.spark;

import io.sparkgan.bench.LoopbackCluster;
import io.sparkgan.cli.TrainJob;
import io.sparkgan.io.ModelStore;
import io.sparkgan.platform.SparkContexts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Trains on a real standalone cluster: jobs/local-cluster.sh starts a master and two workers on 127.0.0.1
 * as separate JVMs, with spark.authenticate and spark.network.crypto.enabled on; this JVM is the driver. The run
 * must give the very parameters that the same run gives on local[2], and both workers must have run an executor.
 */
class StandaloneClusterTest {
    private static final Path STATE = Path.of("target/test-cluster").toAbsolutePath();
    private static LoopbackCluster loopback;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() {
        loopback = LoopbackCluster.start(STATE, 2, 1, "1500m");
    }

    @AfterAll
    static void stopCluster() {
        clearProperties();
        loopback.close();
    }

    /** Makes this JVM's next Spark context a driver on the cluster (SparkContexts reads system properties). */
    private void useCluster() {
        for (Tuple2<String, String> setting : loopback.driverConf("spark-gan test").getAll()) {
            System.setProperty(setting._1(), setting._2());
        }
        System.setProperty("spark.executor.memory", "1g");
    }

    private static void clearProperties() {
        for (Tuple2<String, String> setting : loopback.driverConf("spark-gan test").getAll()) {
            System.clearProperty(setting._1());
        }
        System.clearProperty("spark.executor.memory");
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
        try {
            String latest = Files.readString(run.resolve("checkpoints/LATEST")).trim();
            return ModelStore.load(run.resolve("checkpoints").resolve(latest).resolve(net), true).params().toFloatVector();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void twoExecutorJvmsTrainToTheParametersOfALocalRun() throws IOException {
        Path local = train("local", List.of("spark.master=\"local[2]\""));

        useCluster();
        Path cluster;
        String app;
        try (SparkContexts.Handle spark = SparkContexts.open(io.sparkgan.config.ConfigLoader.load(
                Path.of("conf/ring8.conf"), List.of()))) {
            // the job's own settings: authenticated and encrypted (TrainJob runs on this active context)
            org.apache.spark.SparkConf job = spark.context().getConf();
            assertThat(job.get("spark.authenticate")).isEqualTo("true");
            assertThat(job.get("spark.network.crypto.enabled")).isEqualTo("true");
            app = spark.context().sc().applicationId();
            cluster = train("cluster", List.of());
        } finally {
            clearProperties();
        }

        assertArrayEquals(params(local, "generator.zip"), params(cluster, "generator.zip"));
        assertArrayEquals(params(local, "discriminator.zip"), params(cluster, "discriminator.zip"));
        // Each worker launched an executor JVM for the application: work/worker-N/app-.../EXECUTOR_ID/
        for (String worker : List.of("worker-1", "worker-2")) {
            try (Stream<Path> apps = Files.list(loopback.workDir().resolve(worker))) {
                assertThat(apps.filter(p -> p.getFileName().toString().startsWith("app-")).count())
                        .as("applications run by " + worker).isPositive();
            }
            // the worker started this run's executor JVMs with encryption on (ExecutorRunner writes the command
            // line at the top of the executor's stderr; the secret itself reaches it through the environment)
            try (Stream<Path> executors = Files.list(loopback.workDir().resolve(worker).resolve(app))) {
                for (Path executor : executors.toList()) {
                    assertThat(Files.readAllLines(executor.resolve("stderr")).get(0))
                            .startsWith("Spark Executor Command:")
                            .contains("-Dspark.network.crypto.enabled=true", "-Dspark.authenticate=true");
                }
            }
        }
    }

    /**
     * One executor JVM is killed (SIGKILL) the moment it starts a task of round 10 (epoch 2): the task is
     * lost with it, Spark re-runs it on the other executor (and the master starts a new one), recomputing
     * lost shards from their source. Every task's result depends only on (seed, epoch, iteration,
     * partition) and the snapshot, so the run completes with the parameters of an undisturbed run.
     */
    /** In a driver JVM of its own: Spark tears down a refused context in a thread of its own, after the run. */
    @Test
    void aDriverWithTheWrongSecretEndsWithOneLineNamingTheMaster() throws Exception {
        List<String> flags = new ArrayList<>();
        for (Tuple2<String, String> setting : loopback.driverConf("spark-gan test").getAll()) {
            if (!setting._1().equals("spark.authenticate.secret")) {
                flags.add("-D" + setting._1() + "=" + setting._2());
            }
        }
        flags.add("-Dspark.authenticate.secret=not-the-cluster-secret");
        Path log = dir.resolve("refused.log");
        Process child = io.sparkgan.cli.ChildJvm.start(io.sparkgan.cli.TrainCommand.class, flags,
                List.of("conf/ring8.conf", "data.size=8192", "train.epochs=1", "engine=spark", "spark.partitions=2",
                        "--out", dir.resolve("refused").toString()), log);
        assertThat(child.waitFor(3, java.util.concurrent.TimeUnit.MINUTES)).as("the driver ended").isTrue();
        assertEquals(1, child.exitValue());
        List<String> errors = Files.readAllLines(log).stream().filter(l -> l.startsWith("error: ")).toList();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).startsWith("error: the Spark master " + loopback.master()
                + " did not register this application");
    }

    @Test
    void aKilledExecutorJvmChangesNothing() throws Exception {
        List<String> settings = List.of("data.size=8192", "train.ema-decay=0.9", "output.sample-points=200",
                "engine=spark", "spark.partitions=2", "spark.averaging-period=2", "train.epochs=4",
                "train.max-steps-per-epoch=12");
        Path undisturbed = train("undisturbed", concat(settings, "spark.master=\"local[2]\""));

        useCluster();
        Path run = dir.resolve("executor-killed");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        java.util.concurrent.atomic.AtomicLong killed = new java.util.concurrent.atomic.AtomicLong(-1);
        java.util.concurrent.atomic.AtomicBoolean taskLost = new java.util.concurrent.atomic.AtomicBoolean();
        int code;
        try (SparkContexts.Handle spark = SparkContexts.open(io.sparkgan.config.ConfigLoader.load(
                Path.of("conf/ring8.conf"), settings))) {
            String app = spark.context().sc().applicationId();
            spark.context().sc().addSparkListener(new org.apache.spark.scheduler.SparkListener() {
                private int started;

                @Override
                public synchronized void onTaskStart(org.apache.spark.scheduler.SparkListenerTaskStart task) {
                    if (++started == 20 && killed.get() < 0) {
                        String id = task.taskInfo().executorId();
                        ProcessHandle executor = ProcessHandle.allProcesses()
                                .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend")
                                        && p.info().commandLine().orElse("").contains(app)
                                        && p.info().commandLine().orElse("").contains("--executor-id " + id + " "))
                                .findFirst().orElseThrow();
                        killed.set(executor.pid());
                        executor.destroyForcibly();
                    }
                }

                @Override
                public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd task) {
                    if (task.reason() instanceof org.apache.spark.ExecutorLostFailure) {
                        taskLost.set(true);
                    }
                }
            });
            code = TrainJob.run(Path.of("conf/ring8.conf"), settings, run, false,
                    new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        } finally {
            clearProperties();
        }
        assertEquals(0, code, () -> "the run failed after executor " + killed + " was killed: " + err);
        assertThat(killed.get()).as("an executor JVM was killed").isPositive();
        assertThat(taskLost.get()).as("a running task was lost with it").isTrue();
        assertEquals(digest(undisturbed), digest(run));
    }

    private static List<String> concat(List<String> a, String b) {
        List<String> all = new ArrayList<>(a);
        all.add(b);
        return all;
    }

    private static String digest(Path run) throws IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.resolve("summary.json").toFile())
                .get("params_sha256").asText();
    }
}
