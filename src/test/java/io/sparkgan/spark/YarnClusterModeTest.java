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
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * {@code spark-submit --master yarn --deploy-mode cluster} of the project onto a MiniYARNCluster over a
 * MiniDFSCluster ({@link MiniHadoop}): SparkSubmit in a JVM of its own, with conf/spark/yarn.properties (what
 * jobs/submit.sh uses for YARN), the experiment file shipped with --files and named by its base name, the
 * driver in a YARN container, its checkpoints on HDFS. The run must succeed in YARN's eyes and end with the
 * parameters of the same config trained on local[2] in this JVM.
 *
 * <p>No Spark distribution: the primary resource is a jar of target/classes built here (the cluster jar does not
 * exist in Maven's test phase), and the test class path's jars reach the containers as {@code local:} entries of
 * spark.yarn.jars (the mini cluster runs on this host), as {@code spark.yarn.jars=local:/opt/spark/jars/*} would on
 * nodes with Spark installed.
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

    /**
     * THE ONE PLACE where the YARN run's directory (--out) is chosen. A local absolute path for now: the mini
     * cluster's containers run on this host, so the driver's container can write it. When the run directory takes
     * any Hadoop path, return {@code hadoop.hdfsUri() + "/yarn-cluster-mode/run"} here (and read summary.json
     * through the cluster's FileSystem in {@link #paramsSha256(MiniHadoop, String)}).
     */
    private static String runDirectory(MiniHadoop hadoop) {
        return WORK.resolve("run").toString();
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

        String checkpoints = hadoop.hdfsUri() + "/yarn-cluster-mode/checkpoints";
        hadoop.fileSystem().delete(hadoop.path("/yarn-cluster-mode"), true);
        String out = runDirectory(hadoop);
        List<String> args = new ArrayList<>(List.of("--files", Path.of(CONFIG).toAbsolutePath().toString(),
                "--class", "io.sparkgan.cli.TrainCommand", appJar().toString(),
                Path.of(CONFIG).getFileName().toString()));   // the driver reads the shipped file by its bare name
        args.addAll(SHORT);
        args.add("checkpoint.dir=\"" + checkpoints + "\"");
        args.addAll(List.of("--out", out));
        Path log = WORK.resolve("spark-submit.log");
        Process submit = sparkSubmit(yarn, properties(), args, log);
        boolean ended = submit.waitFor(4, TimeUnit.MINUTES);
        if (!ended) {
            submit.destroyForcibly().waitFor();
        }
        String client = Files.readString(log);
        Matcher id = APPLICATION_ID.matcher(client);
        String app = id.find() ? id.group() : "(no application id in the spark-submit output)";
        String diagnosis = "\n--- spark-submit (" + log + "), last lines:\n" + tail(client, 40)
                + "\n--- containers of " + app + ":" + yarn.containerLogs(app, 60);
        assertTrue(ended, () -> "spark-submit did not end within 4 minutes" + diagnosis);
        assertEquals(0, submit.exitValue(), () -> "spark-submit's exit code" + diagnosis);

        ApplicationReport report = yarn.applications().stream()
                .filter(r -> r.getApplicationId().toString().equals(app)).findFirst()
                .orElseThrow(() -> new AssertionError("YARN does not know " + app + diagnosis));
        assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(),
                () -> "YARN's final status of " + app + " (" + report.getDiagnostics() + ")" + diagnosis);
        // the driver ran in the application master's container (cluster mode), not in the spark-submit JVM
        assertThat(yarn.containerLogs(app, Integer.MAX_VALUE)).as("the driver's container log")
                .contains("io.sparkgan.cli.TrainCommand");
        // the checkpoints went to HDFS from the driver's container
        FileSystem fs = hadoop.fileSystem();
        assertTrue(fs.exists(new org.apache.hadoop.fs.Path(checkpoints + "/LATEST")), () -> "LATEST on HDFS" + diagnosis);

        assertEquals(paramsSha256(local), paramsSha256(hadoop, out),
                () -> "params_sha256 of the YARN run (" + out + ") and of the local[2] run" + diagnosis);
        long end = System.nanoTime();
        System.out.printf("YarnClusterModeTest: %.1f s (clusters up %.1f s, local[2] run %.1f s, YARN run %.1f s)%n",
                (end - start) / 1e9, (clusterUp - start) / 1e9, (localDone - clusterUp) / 1e9, (end - localDone) / 1e9);
    }

    /** conf/spark/yarn.properties, with the mini cluster's memory, the class path as local: jars and JAVA_HOME. */
    private static Path properties() throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("conf/spark/yarn.properties"))) {
            p.load(in);
        }
        MINI_CLUSTER.forEach(p::setProperty);
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
        Path file = WORK.resolve("spark.properties");
        try (OutputStream o = Files.newOutputStream(file)) {
            p.store(o, "conf/spark/yarn.properties for the MiniYARNCluster");
        }
        return file;
    }

    /** org.apache.spark.deploy.SparkSubmit --master yarn --deploy-mode cluster in a JVM of its own. */
    private static Process sparkSubmit(MiniHadoop.Yarn yarn, Path properties, List<String> args, Path log)
            throws IOException {
        String javaHome = System.getProperty("java.home");
        List<String> command = new ArrayList<>();
        command.add(Path.of(javaHome, "bin", "java").toString());
        command.add("-Xmx512m");
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // the Java 17 set of the pom's java17.opens, as this JVM got it from Surefire's argLine
            if (flag.startsWith("--add-opens") || flag.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
                    || flag.startsWith("-Djdk.reflect.useDirectMethodHandle")) {
                command.add(flag);
            }
        }
        // HADOOP_CONF_DIR on the class path as well, as bin/spark-submit puts it: the client's YarnConfiguration
        // reads yarn-site.xml from there (the variable alone only ships the folder to the containers)
        List<String> cp = new ArrayList<>(List.of(yarn.confDir().toString()));
        cp.addAll(classPath());
        command.addAll(List.of("-cp", String.join(File.pathSeparator, cp),
                "org.apache.spark.deploy.SparkSubmit", "--master", "yarn", "--deploy-mode", "cluster",
                "--properties-file", properties.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("HADOOP_CONF_DIR", yarn.confDir().toString());
        env.put("JAVA_HOME", javaHome);
        env.remove("SPARK_HOME");
        env.remove("YARN_CONF_DIR");
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

    /** The YARN run's summary.json, read where {@link #runDirectory(MiniHadoop)} put it. */
    private static String paramsSha256(MiniHadoop hadoop, String runDirectory) throws IOException {
        Path summary = Path.of(runDirectory, "summary.json");
        assertTrue(Files.isRegularFile(summary), () -> "the YARN run wrote no " + summary);
        return paramsSha256(Path.of(runDirectory));
    }

    private static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
