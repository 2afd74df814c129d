package io.sparkgan.hadoop;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Real Hadoop in the test JVM: a MiniDFSCluster (one NameNode, one DataNode) and, on demand, a MiniYARNCluster
 * (one ResourceManager, one NodeManager) on 127.0.0.1, under {@code target/mini-hadoop/} (YARN's NodeManager folders
 * and container logs under {@code target/test/data/mini-yarn/}, where MiniYARNCluster puts them). One instance per JVM,
 * started by the first test that asks ({@link #get()}, then {@link #yarn()}), shared by every later test class in
 * the same Surefire fork, and stopped by a JVM shutdown hook; so HDFS and YARN cost their start once.
 *
 * <p>HDFS tests: {@code MiniHadoop.get().hdfsUri()} (hdfs://127.0.0.1:PORT), {@link #conf()} (a fresh client
 * configuration with fs.defaultFS on the cluster), {@link #fileSystem()}, {@link #path(String)}. Paths are shared
 * across test classes: put each test's files under a folder of its own.
 *
 * <p>YARN tests: {@code MiniHadoop.get().yarn()} gives the RM's configuration, a HADOOP_CONF_DIR folder (core-site.xml
 * and yarn-site.xml) for spark-submit, an application's final report and the tails of its containers' logs.
 * Set up as Spark's own BaseYarnClusterSuite does (DESIGN §8): hadoop-client-minicluster has no
 * capacity-scheduler.xml, so the root queue is configured here; the disk health checker accepts full disks.
 */
public final class MiniHadoop {
    /** Everything the clusters write: name and data directories, the NodeManager's local and log folders. */
    public static final Path BASE = Path.of("target", "mini-hadoop").toAbsolutePath();
    /** NodeManager memory: a 512 MiB driver (the AM in cluster mode) and one 512 MiB executor, each with 384 MiB
     * overhead, rounded up to the scheduler's 256 MiB steps, take 1792 MiB; room for a second attempt as well. */
    public static final int NODE_MANAGER_MB = 4096;

    /** Jersey (shaded in the minicluster) logs every resource class of the RM's and NM's web apps through JUL. */
    private static final java.util.logging.Logger JERSEY = java.util.logging.Logger.getLogger("org.apache.hadoop.shaded.com.sun.jersey");

    private static MiniHadoop instance;

    private final MiniDFSCluster dfs;
    private final String hdfsUri;
    private Yarn yarn;

    private MiniHadoop(MiniDFSCluster dfs) {
        this.dfs = dfs;
        this.hdfsUri = "hdfs://127.0.0.1:" + dfs.getNameNodePort();
    }

    /**
     * Client settings for this cluster. A MiniDFSCluster's DataNode reports a finished block a moment after the
     * client closes the file, so the client's first wait before asking the NameNode again (400 ms by default) made
     * every file written cost about 0.4 s here (220 ms a file against 25 ms with 10 ms, measured): 10 ms.
     */
    public static final java.util.Map<String, String> CLIENT =
            java.util.Map.of("dfs.client.block.write.locateFollowingBlock.initial.delay.ms", "10");

    /** {@link #CLIENT} as the JVM flags of a child JVM (spark.hadoop.*, which the run's Hadoop configuration applies). */
    public static java.util.List<String> clientJvmFlags() {
        return CLIENT.entrySet().stream().map(e -> "-Dspark.hadoop." + e.getKey() + "=" + e.getValue()).toList();
    }

    /** The JVM's HDFS cluster, started on the first call (about 5-10 s). */
    public static synchronized MiniHadoop get() {
        if (instance == null) {
            // for the clients that this JVM's code makes from Hadoop's defaults (the run's Location)
            CLIENT.forEach((k, v) -> System.setProperty("spark.hadoop." + k, v));
            instance = startDfs();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "mini-hadoop stop"));
        }
        return instance;
    }

    private static MiniHadoop startDfs() {
        try {
            deleteRecursively(BASE);
            Files.createDirectories(BASE);
            Configuration conf = new Configuration();
            // one DataNode: a replication of 1 (MiniDFSCluster binds the NameNode and DataNode to 127.0.0.1)
            conf.setInt("dfs.replication", 1);
            CLIENT.forEach(conf::set);
            MiniDFSCluster dfs = new MiniDFSCluster.Builder(conf, BASE.resolve("dfs").toFile())
                    .numDataNodes(1).format(true).build();
            dfs.waitActive();
            return new MiniHadoop(dfs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the MiniDFSCluster under " + BASE, e);
        }
    }

    /** hdfs://127.0.0.1:PORT, the cluster's file system (no trailing slash). */
    public String hdfsUri() {
        return hdfsUri;
    }

    /** A Hadoop path on the cluster: {@code path("/runs/x")} is hdfs://127.0.0.1:PORT/runs/x. */
    public org.apache.hadoop.fs.Path path(String absolute) {
        return new org.apache.hadoop.fs.Path(URI.create(hdfsUri + absolute));
    }

    /** A new client configuration: the cluster's own, fs.defaultFS on it; callers may change their copy. */
    public Configuration conf() {
        Configuration conf = new Configuration(dfs.getConfiguration(0));
        conf.set("fs.defaultFS", hdfsUri);
        return conf;
    }

    /** A client of the cluster's file system (cached by Hadoop: do not close it). */
    public FileSystem fileSystem() {
        try {
            return FileSystem.get(URI.create(hdfsUri), conf());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The in-process cluster itself, for tests that need more (restarting the DataNode, say). */
    public MiniDFSCluster dfs() {
        return dfs;
    }

    /** The JVM's YARN cluster on top of this HDFS, started on the first call (about 10-20 s). */
    public synchronized Yarn yarn() {
        if (yarn == null) {
            JERSEY.setLevel(java.util.logging.Level.WARNING);
            yarn = Yarn.start(conf());
        }
        return yarn;
    }

    private synchronized void stop() {
        if (yarn != null) {
            yarn.cluster.stop();
        }
        dfs.shutdown();
    }

    /** The MiniYARNCluster: its configuration as a client needs it and its logs. */
    public static final class Yarn {
        private final MiniYARNCluster cluster;
        private final YarnConfiguration conf;
        private final Path confDir;

        private Yarn(MiniYARNCluster cluster, YarnConfiguration conf, Path confDir) {
            this.cluster = cluster;
            this.conf = conf;
            this.confDir = confDir;
        }

        static Yarn start(Configuration hdfsClient) {
            YarnConfiguration conf = new YarnConfiguration(hdfsClient);
            // capacity-scheduler.xml is missing from hadoop-client-minicluster: the root queue by hand
            conf.set("yarn.scheduler.capacity.root.queues", "default");
            conf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
            conf.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
            conf.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
            conf.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
            conf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
            conf.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "*");
            conf.setInt("yarn.scheduler.capacity.node-locality-delay", -1);
            // the AM (a cluster-mode driver, 896 MiB) may take more than the default 10% of the NodeManager
            conf.setFloat("yarn.scheduler.capacity.maximum-am-resource-percent", 0.5f);
            // a nearly full disk must not mark the NodeManager's folders bad (no containers then)
            conf.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "100.0");
            conf.set("yarn.resourcemanager.hostname", "127.0.0.1");
            conf.setInt(YarnConfiguration.YARN_MC_PREFIX + YarnConfiguration.NM_PMEM_MB, NODE_MANAGER_MB);
            conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 256);
            // JVMs with ND4J's native libraries mapped exceed their heap + overhead in virtual and, briefly, in
            // resident memory; the tests are about submission, not about YARN's memory enforcement
            conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
            conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
            // keep finished containers' folders (and logs) a while for diagnosis; finished apps stay listed
            conf.setInt(YarnConfiguration.DEBUG_NM_DELETE_DELAY_SEC, 600);
            // MiniYARNCluster works in test.build.data/mini-yarn/yarn-RANDOM (target/test/data/...): drop earlier runs
            Path work = Path.of(System.getProperty("test.build.data", "target/test/data"), "mini-yarn");
            try {
                deleteRecursively(work);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            MiniYARNCluster cluster = new MiniYARNCluster("mini-yarn", 1, 1, 1);
            cluster.init(conf);
            cluster.start();
            // start() may return before the RM has written its real port into the configuration
            Configuration started = cluster.getConfig();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (started.get(YarnConfiguration.RM_ADDRESS, ":0").endsWith(":0")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the MiniYARNCluster's RM address still ends with port 0: "
                            + started.get(YarnConfiguration.RM_ADDRESS));
                }
                sleep(100);
            }
            try {
                if (!cluster.waitForNodeManagersToConnect(30_000)) {
                    throw new IllegalStateException("the MiniYARNCluster's NodeManager did not register within 30 s");
                }
            } catch (org.apache.hadoop.yarn.exceptions.YarnException | InterruptedException e) {
                throw new IllegalStateException("waiting for the MiniYARNCluster's NodeManager", e);
            }
            YarnConfiguration client = new YarnConfiguration(started);
            Path confDir = BASE.resolve("yarn-conf");
            try {
                deleteRecursively(confDir);
                Files.createDirectories(confDir);
                Configuration core = new Configuration(false);
                core.set("fs.defaultFS", hdfsClient.get("fs.defaultFS"));
                write(core, confDir.resolve("core-site.xml"));
                write(client, confDir.resolve("yarn-site.xml"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Yarn(cluster, client, confDir);
        }

        private static void write(Configuration conf, Path file) throws IOException {
            try (OutputStream out = Files.newOutputStream(file)) {
                conf.writeXml(out);
            }
        }

        /** The started cluster's configuration (RM address with its real port, fs.defaultFS on the HDFS). */
        public YarnConfiguration conf() {
            return new YarnConfiguration(conf);
        }

        /** A HADOOP_CONF_DIR (or YARN_CONF_DIR) for a client in another JVM: core-site.xml and yarn-site.xml. */
        public Path confDir() {
            return confDir;
        }

        /** The same settings as spark.hadoop.* properties (for a SparkConf rather than HADOOP_CONF_DIR). */
        public Map<String, String> sparkHadoopProperties() {
            Map<String, String> properties = new TreeMap<>();
            conf.forEach(e -> properties.put("spark.hadoop." + e.getKey(), e.getValue()));
            return properties;
        }

        /** The folder of the cluster's NodeManager local and log folders. */
        public Path workDir() {
            return cluster.getTestWorkDir().toPath().toAbsolutePath();
        }

        /** The applications the RM knows (finished ones included), newest last. */
        public List<ApplicationReport> applications() {
            try (YarnClient client = YarnClient.createYarnClient()) {
                client.init(conf);
                client.start();
                List<ApplicationReport> reports = new ArrayList<>(client.getApplications());
                reports.sort(Comparator.comparing(ApplicationReport::getApplicationId));
                return reports;
            } catch (IOException | org.apache.hadoop.yarn.exceptions.YarnException e) {
                throw new IllegalStateException("cannot list the MiniYARNCluster's applications", e);
            }
        }

        /**
         * The last {@code lines} lines of every log file (stderr, stdout, ...) of {@code applicationId}'s containers,
         * each headed by its path: for assertion messages, so that a failure on CI says what the containers said.
         */
        public String containerLogs(String applicationId, int lines) {
            StringBuilder text = new StringBuilder();
            try (Stream<Path> files = Files.walk(workDir())) {
                for (Path log : files.filter(Files::isRegularFile)
                        .filter(p -> p.toString().contains("-logDir-") && p.toString().contains(applicationId))
                        .sorted().toList()) {
                    List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
                    text.append("\n==> ").append(workDir().relativize(log)).append(" (last ")
                            .append(Math.min(lines, all.size())).append(" of ").append(all.size()).append(" lines) <==\n");
                    all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> text.append(l).append('\n'));
                }
            } catch (IOException | UncheckedIOException e) {
                text.append("\n(cannot read the container logs under ").append(workDir()).append(": ").append(e).append(')');
            }
            return text.length() == 0 ? "(no container logs of " + applicationId + " under " + workDir() + ")"
                    : text.toString();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Deletes a local folder and everything in it (nothing when it does not exist). */
    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
