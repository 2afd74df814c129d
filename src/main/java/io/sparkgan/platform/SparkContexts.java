package io.sparkgan.platform;

import io.sparkgan.config.GanConfig;
import io.sparkgan.config.InvalidConfigException;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Spark context a run uses: the active one when there is one (spark-submit, a notebook, a test), else
 * an embedded one on spark.master (local[*] by default), which the run stops at its end. Settings a
 * launcher gave win; the defaults here are Kryo with ND4J's registrator and no web UI (key spark.ui).
 */
public final class SparkContexts {
    private static final Logger LOG = LoggerFactory.getLogger(SparkContexts.class);
    /** spark.task.maxDirectResultSize unless the launcher sets it (below spark.rpc.message.maxSize, 128 MB). */
    static final String DIRECT_RESULT_SIZE = "16m";

    private SparkContexts() {
    }

    /** A context and whether this run created it (and so must stop it). */
    public record Handle(JavaSparkContext context, boolean owned) implements AutoCloseable {
        @Override
        public void close() {
            if (owned) {
                context.stop();
            }
        }
    }

    /**
     * Outside YARN and Kubernetes, spark.authenticate needs the shared secret in the driver's conf; reading it
     * from a file (SPARK_GAN_SECRET_FILE, as jobs/local-cluster.sh writes it) keeps it off command lines.
     */
    private static String readSecret(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Spark secret file SPARK_GAN_SECRET_FILE = " + file
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * In local mode the task threads run ND4J in this JVM: without {@link Nd4jJvmFlags} a garbage collection
     * started by one of them can free a buffer another's native op still reads, and the JVM dies.
     */
    private static void warnWithoutReachabilityFlags(String master) {
        boolean localThreads = master.startsWith("local[") && !master.equals("local[1]");
        if (localThreads && !Nd4jJvmFlags.activeInThisJvm()) {
            LOG.warn("this JVM runs {} without the JVM flags {}: concurrent ND4J tasks may crash it "
                    + "(start it with jobs/train.sh, jobs/submit.sh or the flags of jobs/java-flags.sh)",
                    master, Nd4jJvmFlags.joined());
        }
    }

    public static Handle open(GanConfig config) {
        SparkContext active = org.apache.spark.SparkContext$.MODULE$.getActive().getOrElse(() -> null);
        if (active != null && active.isStopped()) {
            MasterConnection.awaitStopped();   // one that is still being stopped is not to be used
            active = org.apache.spark.SparkContext$.MODULE$.getActive().getOrElse(() -> null);
        }
        if (active != null && !active.isStopped()) {
            return new Handle(JavaSparkContext.fromSparkContext(active), false);
        }
        SparkConf conf = conf(config, System.getenv());
        String master = conf.get("spark.master");
        warnWithoutReachabilityFlags(master);
        MasterConnection.checkReachable(master);
        SparkContext context;
        try {
            context = SparkContext.getOrCreate(conf);
        } catch (RuntimeException e) {
            throw MasterConnection.failure(master, e);
        }
        MasterConnection.checkRegistered(master, context);
        return new Handle(new JavaSparkContext(context), true);
    }

    /**
     * The settings of a context this run creates: the launcher's (system properties) first, then spark-gan's
     * defaults. {@code env}'s SPARK_GAN_SECRET_FILE, when set, supplies spark.authenticate.secret and turns
     * spark.authenticate on (unless the launcher set either); its SPARK_LOCAL_IP, where Spark binds the web UI,
     * must be set when spark.ui turns the UI on.
     */
    static SparkConf conf(GanConfig config, java.util.Map<String, String> env) {
        SparkConf conf = new SparkConf(true)
                .setAppName("spark-gan " + config.name())
                .setIfMissing("spark.master", config.spark().master())
                .setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .setIfMissing("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator")
                .setIfMissing("spark.ui.showConsoleProgress", "false")
                // a round's results (one state per partition, 1.9 MB for ring8, 8 MB for dcgan28) come back with the
                // task's status message instead of through the block manager: 58 rather than 66-68 ms a ring8 round
                // with H = 1 on local[2] (src/site/markdown/cluster-scale.md); Spark's default is 1 MB
                .setIfMissing("spark.task.maxDirectResultSize", DIRECT_RESULT_SIZE)
                // executors that Spark starts (standalone, YARN, local-cluster) get ND4J's reachability flags;
                // spark.executor.extraJavaOptions stays the user's
                .setIfMissing("spark.executor.defaultJavaOptions", Nd4jJvmFlags.joined());
        // no web UI unless asked for: Spark binds it to SPARK_LOCAL_IP, or to every interface without it
        conf.setIfMissing("spark.ui.enabled", Boolean.toString(config.spark().ui()));
        String localIp = env.get("SPARK_LOCAL_IP");
        if (config.spark().ui() && conf.getBoolean("spark.ui.enabled", false)
                && (localIp == null || localIp.isBlank())) {
            throw new InvalidConfigException("key 'spark.ui' = true turns on Spark's web UI, which Spark binds to the "
                    + "address in SPARK_LOCAL_IP and, with SPARK_LOCAL_IP unset as it is here, to every network "
                    + "interface; set SPARK_LOCAL_IP=127.0.0.1 to serve it on loopback only (or the address to serve "
                    + "it on), or spark.ui = false");
        }
        String secretFile = env.get("SPARK_GAN_SECRET_FILE");
        if (secretFile != null && !secretFile.isBlank()) {
            if (!conf.contains("spark.authenticate.secret")) {
                conf.set("spark.authenticate.secret", readSecret(Path.of(secretFile)));
            }
            conf.setIfMissing("spark.authenticate", "true");
        }
        return conf;
    }
}
