package io.sparkgan.bench;

import org.apache.spark.SparkConf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A standalone Spark master and workers on 127.0.0.1, each a separate JVM, started and stopped by
 * jobs/local-cluster.sh (spark.authenticate and spark.network.crypto.enabled on, a secret generated per cluster)
 * on a free port. Drivers connect with {@link #driverConf}.
 */
public final class LoopbackCluster implements AutoCloseable {
    private final Path state;
    private final String master;

    private LoopbackCluster(Path state, String master) {
        this.state = state;
        this.master = master;
    }

    /** Starts {@code workers} workers of {@code cores} cores and {@code memory} (e.g. "2g") each; state under {@code state}. */
    public static LoopbackCluster start(Path state, int workers, int cores, String memory) {
        int port = freePort();
        Path log = state.resolveSibling(state.getFileName() + "-start.log");
        try {
            Files.createDirectories(state.toAbsolutePath().getParent());
            Process p = script(state, port, "start", Integer.toString(workers), Integer.toString(cores), memory)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("jobs/local-cluster.sh start failed: " + Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start jobs/local-cluster.sh: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the cluster started", e);
        }
        return new LoopbackCluster(state, "spark://127.0.0.1:" + port);
    }

    public String master() {
        return master;
    }

    /** The folder holding the workers' work directories (work/worker-N/app-.../EXECUTOR_ID). */
    public Path workDir() {
        return state.resolve("work");
    }

    /** A driver's settings: the master, authentication with the cluster's secret, encryption, loopback addresses. */
    public SparkConf driverConf(String appName) {
        try {
            return new SparkConf(false)
                    .setAppName(appName)
                    .setMaster(master)
                    .set("spark.authenticate", "true")
                    .set("spark.authenticate.secret", Files.readString(state.resolve("secret")).trim())
                    .set("spark.network.crypto.enabled", "true")
                    .set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1")
                    .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                    .set("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator")
                    .set("spark.ui.showConsoleProgress", "false");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cluster secret under " + state + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            script(state, 0, "stop").inheritIO().start().waitFor(1, TimeUnit.MINUTES);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop jobs/local-cluster.sh: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ProcessBuilder script(Path state, int port, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "jobs/local-cluster.sh";
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("SPARK_GAN_CLUSTER_DIR", state.toAbsolutePath().toString());
        if (port > 0) {
            pb.environment().put("SPARK_GAN_MASTER_PORT", Integer.toString(port));
        }
        return pb;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the Spark master: " + e.getMessage(), e);
        }
    }
}
