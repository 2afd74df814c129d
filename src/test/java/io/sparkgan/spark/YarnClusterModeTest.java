package io.sparkgan.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkgan.cli.TrainJob;
import io.sparkgan.hadoop.MiniHadoop;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jobs/submit.sh} with conf/spark/yarn.properties ({@code spark-submit --master yarn --deploy-mode cluster})
 * onto a MiniYARNCluster over a MiniDFSCluster ({@link MiniHadoop}): the script ships the experiment file with
 * --files and passes its base name, the driver runs in a YARN container and writes its checkpoints to HDFS. The run
 * must succeed in YARN's eyes and end with the parameters of the same config trained on local[2] in this JVM.
 *
 * <p>No Spark distribution: SPARK_HOME is a stand-in whose bin/spark-submit runs SparkSubmit from the test class
 * path; the primary resource is a jar of target/classes built here (the cluster jar does not exist in Maven's test
 * phase), and the test class path's jars reach the containers as {@code local:} entries of spark.yarn.jars (the mini
 * cluster runs on this host), as {@code spark.yarn.jars=local:/opt/spark/jars/*} does on nodes with Spark installed.
 */
class YarnClusterModeTest {
    private static final Path WORK = Path.of("target", "yarn-cluster-mode").toAbsolutePath();
    private static final String CONFIG = "conf/ring8.conf";
    /** Two partitions, two epochs of four averaged steps (H = 2: two rounds an epoch), small evaluation. */
    private static final List<String> SHORT = List.of("data.size=4096", "train.epochs=2",
            "train.max-steps-per-epoch=4", "train.ema-decay=0.9", "output.sample-points=200", "engine=spark",
            "spark.partitions=2", "spark.averaging-period=2");
    /**
     * For the mini cluster: its NodeManager has 4 GiB, so a 512 MiB driver and one 512 MiB executor, 384 MiB overhead
     * each; one attempt (a failure is not retried at twice the cost); no web UI, as in Spark's own YARN suites: the
     * AM's UI filter (Hadoop's AmIpFilter) exists here only in hadoop-client-minicluster, compiled against its
     * relocated servlet API, and the UI fails to start with "AmIpFilter is not a javax.servlet.Filter". A real
     * cluster's NodeManagers put Hadoop's own web-proxy jar on the containers' class path.
     */
    private static final Map<String, String> MINI_CLUSTER = Map.of("spark.driver.memory", "512m",
            "spark.driver.memoryOverhead", "384m", "spark.executor.memory", "512m",
            "spark.executor.memoryOverhead", "384m", "spark.executor.instances", "1",
            "spark.yarn.maxAppAttempts", "1", "spark.ui.enabled", "false");
    private static final Pattern APPLICATION_ID = Pattern.compile("application_\\d+_\\d+");

    /** The YARN run's directory (--out), on HDFS: a cluster driver's local disk is a container's scratch space. */
    private static String runDirectory(MiniHadoop hadoop) {
        return hadoop.hdfsUri() + "/yarn-cluster-mode/run";
    }

    @Test
    void aClusterModeSubmissionTrainsInAYarnContainerToTheParametersOfALocalRun() throws Exception {
        long start = System.nanoTime();
        MiniHadoop hadoop = MiniHadoop.get();
        MiniHadoop.Yarn yarn = hadoop.yarn();
        long clusterUp = System.nanoTime();
        MiniHadoop.deleteRecursively(WORK);
        Files.createDirectories(WORK);

        // the reference: the same config on local[2] in this JVM, two partitions
        Path local = WORK.resolve("local");
        ByteArrayOutputStream localErr = new ByteArrayOutputStream();
        List<String> localSettings = new ArrayList<>(SHORT);
        localSettings.add("spark.master=\"local[2]\"");
        int localCode = TrainJob.run(Path.of(CONFIG), localSettings, local, false,
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(localErr));
        assertEquals(0, localCode, () -> "the local[2] run failed: " + localErr);
        long localDone = System.nanoTime();

        hadoop.fileSystem().delete(hadoop.path("/yarn-cluster-mode"), true);
        String out = runDirectory(hadoop);
        // jobs/submit.sh CONFIG key=value... --out DIR, as a user types it: the script ships CONFIG with --files
        List<String> args = new ArrayList<>(List.of(CONFIG));
        args.addAll(SHORT);
        args.addAll(List.of("--out", out));
        Path log = WORK.resolve("submit.log");
        Process submit = submitSh(yarn, properties(), appJar(), args, log);
        boolean ended = submit.waitFor(4, TimeUnit.MINUTES);
        if (!ended) {
            submit.destroyForcibly().waitFor();
        }
        String client = Files.readString(log);
        Matcher id = APPLICATION_ID.matcher(client);
        String app = id.find() ? id.group() : "(no application id in the spark-submit output)";
        String diagnosis = "\n--- jobs/submit.sh (" + log + "), last lines:\n" + tail(client, 40)
                + "\n--- containers of " + app + ":" + yarn.containerLogs(app, 60);
        assertTrue(ended, () -> "jobs/submit.sh did not end within 4 minutes" + diagnosis);
        assertEquals(0, submit.exitValue(), () -> "jobs/submit.sh's exit code" + diagnosis);

        ApplicationReport report = yarn.applications().stream()
                .filter(r -> r.getApplicationId().toString().equals(app)).findFirst()
                .orElseThrow(() -> new AssertionError("YARN does not know " + app + diagnosis));
        assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(),
                () -> "YARN's final status of " + app + " (" + report.getDiagnostics() + ")" + diagnosis);
        // the driver ran in the application master's container (cluster mode) on the master it was submitted with
        assertThat(yarn.containerLogs(app, Integer.MAX_VALUE)).as("the containers' logs")
                .contains("Spark master yarn, 2 partitions of ring8");
        // the run directory, its checkpoints included, went to HDFS from the driver's container
        FileSystem fs = hadoop.fileSystem();
        for (String file : List.of("checkpoints/LATEST", "metrics.jsonl", "samples/epoch-0001.png", "generator.zip",
                "report.html", "summary.json")) {
            assertTrue(fs.exists(new org.apache.hadoop.fs.Path(out + "/" + file)), () -> file + " on HDFS" + diagnosis);
        }

        assertEquals(paramsSha256(local), paramsSha256(hadoop, out),
                () -> "params_sha256 of the YARN run (" + out + ") and of the local[2] run" + diagnosis);
        long end = System.nanoTime();
        System.out.printf("YarnClusterModeTest: %.1f s (clusters up %.1f s, local[2] run %.1f s, YARN run %.1f s)%n",
                (end - start) / 1e9, (clusterUp - start) / 1e9, (localDone - clusterUp) / 1e9, (end - localDone) / 1e9);
    }

    /**
     * conf/spark/yarn.properties as it is, then the mini cluster's settings, the class path as local: jars and
     * JAVA_HOME for the containers (the later line of a key wins).
     */
    private static Path properties() throws IOException {
        Properties p = new Properties();
        MINI_CLUSTER.forEach(p::setProperty);
        MiniHadoop.CLIENT.forEach((k, v) -> p.setProperty("spark.hadoop." + k, v));
        List<String> jars = new ArrayList<>();
        for (String entry : classPath()) {
            if (entry.endsWith(".jar")) {
                jars.add("local:" + entry);
            }
        }
        p.setProperty("spark.yarn.jars", String.join(",", jars));
        String javaHome = System.getProperty("java.home");
        p.setProperty("spark.yarn.appMasterEnv.JAVA_HOME", javaHome);
        p.setProperty("spark.executorEnv.JAVA_HOME", javaHome);
        java.io.StringWriter overrides = new java.io.StringWriter();
        p.store(overrides, "YarnClusterModeTest: the MiniYARNCluster's settings");
        Path file = WORK.resolve("spark.properties");
        Files.writeString(file, Files.readString(Path.of("conf/spark/yarn.properties")) + "\n" + overrides);
        return file;
    }

    /**
     * jobs/submit.sh in a process of its own, with SPARK_HOME at a stand-in for a Spark installation whose
     * bin/spark-submit runs org.apache.spark.deploy.SparkSubmit from the test class path, as bin/spark-submit does:
     * HADOOP_CONF_DIR first on the class path (the client's YarnConfiguration reads yarn-site.xml from there; the
     * variable alone only ships the folder to the containers) and the Java 17 flags of the pom's java17.opens.
     */
    private static Process submitSh(MiniHadoop.Yarn yarn, Path properties, Path jar, List<String> args, Path log)
            throws IOException {
        String javaHome = System.getProperty("java.home");
        List<String> flags = new ArrayList<>();
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // the Java 17 set of the pom's java17.opens, as this JVM got it from Surefire's argLine
            if (flag.startsWith("--add-opens") || flag.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
                    || flag.startsWith("-Djdk.reflect.useDirectMethodHandle")) {
                flags.add("'" + flag + "'");
            }
        }
        Path sparkHome = WORK.resolve("spark-home");
        Path script = sparkHome.resolve("bin").resolve("spark-submit");
        Files.createDirectories(script.getParent());
        Files.writeString(script, "#!/usr/bin/env bash\n"
                + "# YarnClusterModeTest's stand-in for a Spark installation: SparkSubmit from the test class path\n"
                + "exec \"$JAVA_HOME/bin/java\" -Xmx512m " + String.join(" ", flags)
                + " -cp \"$HADOOP_CONF_DIR:" + String.join(File.pathSeparator, classPath())
                + "\" org.apache.spark.deploy.SparkSubmit \"$@\"\n");
        script.toFile().setExecutable(true);
        List<String> command = new ArrayList<>(List.of(Path.of("jobs", "submit.sh").toAbsolutePath().toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_GAN_PROPERTIES", properties.toString());
        env.put("SPARK_GAN_JAR", jar.toString());
        env.put("HADOOP_CONF_DIR", yarn.confDir().toString());
        env.put("JAVA_HOME", javaHome);
        env.remove("YARN_CONF_DIR");
        env.remove("SPARK_GAN_SECRET_FILE");
        return builder.start();
    }

    /** A jar of target/classes: the primary resource (what the shaded cluster jar holds of the project itself). */
    private static Path appJar() throws IOException {
        Path classes = Path.of("target", "classes").toAbsolutePath();
        Path jar = WORK.resolve("spark-gan-classes.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    /**
     * The test class path's entries without target/classes and target/test-classes (the app jar carries the
     * project): Surefire's manifest-only booter jar is opened into the entries its Class-Path names.
     */
    private static List<String> classPath() {
        // Surefire names the test class path in surefire.test.class.path when java.class.path is its booter jar
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> entries = new ArrayList<>();
        for (String entry : path.split(File.pathSeparator)) {
            entries.addAll(expand(entry));
        }
        Path classes = Path.of("target", "classes").toAbsolutePath();
        Path testClasses = Path.of("target", "test-classes").toAbsolutePath();
        return entries.stream().map(e -> Path.of(e).toAbsolutePath())
                .filter(p -> !p.equals(classes) && !p.equals(testClasses))
                .map(Path::toString).distinct().toList();
    }

    private static List<String> expand(String entry) {
        if (!entry.endsWith(".jar") || !Path.of(entry).getFileName().toString().startsWith("surefire")) {
            return List.of(entry);
        }
        try (JarFile jar = new JarFile(entry)) {
            Manifest manifest = jar.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (classPath == null) {
                return List.of(entry);
            }
            List<String> entries = new ArrayList<>();
            java.net.URI base = Path.of(entry).toAbsolutePath().getParent().toUri();
            for (String url : classPath.trim().split("\\s+")) {
                entries.add(Path.of(base.resolve(url)).toString());   // absolute, or relative to the booter jar
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String paramsSha256(Path run) throws IOException {
        return new ObjectMapper().readTree(run.resolve("summary.json").toFile()).get("params_sha256").asText();
    }

    /** The YARN run's summary.json, read from HDFS. */
    private static String paramsSha256(MiniHadoop hadoop, String runDirectory) throws IOException {
        org.apache.hadoop.fs.Path summary = new org.apache.hadoop.fs.Path(runDirectory + "/summary.json");
        assertTrue(hadoop.fileSystem().exists(summary), () -> "the YARN run wrote no " + summary);
        try (var in = hadoop.fileSystem().open(summary)) {
            return new ObjectMapper().readTree(in).get("params_sha256").asText();
        }
    }

    private static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
