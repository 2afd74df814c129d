package io.sparkgan.platform;

import org.apache.spark.SparkContext;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an unusable standalone master into one line naming the master URL and the cause, instead of a
 * minute of retries ending in a stack trace: a master none of whose addresses accept a connection is
 * refused before Spark starts; one that does not register the application (a wrong or missing secret when
 * the cluster has spark.authenticate on, or not a Spark master) after Spark's own registration attempts.
 */
final class MasterConnection {
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private MasterConnection() {
    }

    /** For spark://host:port[,host:port...]: at least one address accepts a TCP connection. */
    static void checkReachable(String master) {
        if (!master.startsWith("spark://")) {
            return;
        }
        List<String> failures = new ArrayList<>();
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            URI uri = URI.create("spark://" + hostPort.trim());
            if (uri.getHost() == null || uri.getPort() < 0) {
                throw new SparkUnavailableException("the Spark master URL " + master + " is not spark://HOST:PORT");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), CONNECT_TIMEOUT_MILLIS);
                return;
            } catch (IOException e) {
                failures.add(uri.getHost() + ":" + uri.getPort() + ": " + e.getMessage());
            }
        }
        throw new SparkUnavailableException("cannot reach the Spark master " + master + " (" + String.join("; ", failures)
                + "); is it running? (jobs/local-cluster.sh status)");
    }

    /**
     * The master registered the application: Spark's standalone backend waits for the registration, and a
     * master that gave up leaves a context without a master-assigned id ("app-..."), which Spark then stops
     * in another thread.
     */
    static void checkRegistered(String master, SparkContext context) {
        if (!master.startsWith("spark://")) {
            return;
        }
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (!context.isStopped() && !context.applicationId().startsWith("app-") && System.nanoTime() < deadline) {
            sleep();
        }
        if (context.isStopped() || !context.applicationId().startsWith("app-")) {
            context.stop();   // returns at once when Spark's own thread is already stopping it
            awaitStopped();
            throw refused(master, "all masters unresponsive after Spark's registration attempts");
        }
    }

    /**
     * Waits (at most a minute) for Spark's own "stop-spark-context" thread to finish tearing down a context
     * that a master refused (it sets the JVM's SparkEnv to null at the end, which would break a context
     * started meanwhile), then forgets a stopped context still registered as the active one, so that the next
     * context this JVM opens is a new one.
     */
    static void awaitStopped() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("stop-spark-context")) {
                try {
                    t.join(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        SparkContext active = org.apache.spark.SparkContext$.MODULE$.getActive().getOrElse(() -> null);
        if (active != null && active.isStopped()) {
            org.apache.spark.SparkContext$.MODULE$.clearActiveContext();
        }
    }

    /** The exception to throw when creating a context failed. */
    static RuntimeException failure(String master, RuntimeException e) {
        if (!master.startsWith("spark://")) {
            return e;
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return refused(master, root.toString());
    }

    private static SparkUnavailableException refused(String master, String cause) {
        boolean secret = System.getenv("SPARK_GAN_SECRET_FILE") != null;
        return new SparkUnavailableException("the Spark master " + master + " did not register this application ("
                + cause + "): " + (secret
                ? "the secret of SPARK_GAN_SECRET_FILE may not be the cluster's, or the master refused for another "
                + "reason (see its log)"
                : "if the cluster has spark.authenticate on, set SPARK_GAN_SECRET_FILE to a file holding its secret"));
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SparkUnavailableException("interrupted while the Spark context started");
        }
    }
}
