package io.sparkgan.cli;

import org.apache.spark.SparkUserAppException;

import java.util.Properties;

/**
 * How a main method ends with its exit code, including as the driver of {@code spark-submit --master yarn
 * --deploy-mode cluster}. There Spark's ApplicationMaster calls main in a thread of its own and reports SUCCEEDED
 * only when main returns: a {@code System.exit(0)} before that reaches its shutdown hook first, which unregisters the
 * application as FAILED ("Shutdown hook called before final status was reported.", exit code 16), and spark-submit
 * exits 1 after a run that succeeded. So inside the ApplicationMaster success returns, and a failure throws Spark's
 * {@link SparkUserAppException}, which the ApplicationMaster reports as FAILED with that exit code ("User
 * application exited with status N"); everywhere else it is {@code System.exit(code)}.
 */
final class MainExit {
    private MainExit() {
    }

    static void exit(int code) throws SparkUserAppException {
        if (!inYarnClusterDriver(System.getProperties())) {
            System.exit(code);
        }
        if (code != 0) {
            throw new SparkUserAppException(code);
        }
    }

    /** Whether these system properties are those of a driver in YARN's ApplicationMaster (cluster mode sets both). */
    static boolean inYarnClusterDriver(Properties system) {
        return system.getProperty("spark.yarn.app.id") != null
                && "cluster".equals(system.getProperty("spark.submit.deployMode"));
    }
}
