package io.sparkgan.spark;

import io.sparkgan.config.GanConfig;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Spark context a run uses: the active one when there is one (spark-submit, a notebook, a test), else
 * an embedded one on spark.master (local[*] by default), which the run stops at its end. Settings a
 * launcher gave win; the defaults here are Kryo with ND4J's registrator.
 */
public final class SparkContexts {
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

    public static Handle open(GanConfig config) {
        SparkContext active = org.apache.spark.SparkContext$.MODULE$.getActive().getOrElse(() -> null);
        if (active != null) {
            return new Handle(JavaSparkContext.fromSparkContext(active), false);
        }
        SparkConf conf = new SparkConf(true)
                .setAppName("spark-gan " + config.name())
                .setIfMissing("spark.master", config.spark().master())
                .setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .setIfMissing("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator")
                .setIfMissing("spark.ui.showConsoleProgress", "false");
        String secretFile = System.getenv("SPARK_GAN_SECRET_FILE");
        if (secretFile != null && !secretFile.isBlank() && !conf.contains("spark.authenticate.secret")) {
            conf.set("spark.authenticate.secret", readSecret(Path.of(secretFile)));
        }
        return new Handle(new JavaSparkContext(SparkContext.getOrCreate(conf)), true);
    }
}
