package io.sparkgan.spark;

import io.sparkgan.config.GanConfig;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;

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
        return new Handle(new JavaSparkContext(SparkContext.getOrCreate(conf)), true);
    }
}
