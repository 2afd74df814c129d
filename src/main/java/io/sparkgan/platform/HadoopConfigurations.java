package io.sparkgan.platform;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkContext$;

/**
 * The Hadoop configuration for files a run writes or reads on the driver (checkpoints, models, evaluation
 * data): the running Spark context's, so that credentials, core-site.xml and spark.hadoop.* settings reach
 * them; without a context (the single-JVM engine, before Spark starts) Hadoop's defaults plus the
 * spark.hadoop.* system properties a launcher set, with the prefix removed, as Spark itself applies them.
 */
public final class HadoopConfigurations {
    private static final String PREFIX = "spark.hadoop.";

    private HadoopConfigurations() {
    }

    public static Configuration current() {
        SparkContext active = SparkContext$.MODULE$.getActive().getOrElse(() -> null);
        if (active != null) {
            return active.hadoopConfiguration();
        }
        Configuration conf = new Configuration();
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith(PREFIX)).sorted()
                .forEach(k -> conf.set(k.substring(PREFIX.length()), System.getProperty(k)));
        return conf;
    }
}
