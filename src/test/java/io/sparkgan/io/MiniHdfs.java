package io.sparkgan.io;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * A real HDFS in this JVM: Hadoop's MiniDFSCluster (one NameNode, one DataNode on loopback), started once for all
 * the test classes of a JVM that ask for it and stopped when the JVM exits. Clients reach it by its
 * {@code hdfs://127.0.0.1:PORT} URIs with Hadoop's default configuration (as a run's driver and executors do).
 */
public final class MiniHdfs {
    private static MiniDFSCluster cluster;

    private MiniHdfs() {
    }

    /** The cluster, started on first use. */
    public static synchronized MiniDFSCluster cluster() {
        if (cluster == null) {
            try {
                java.nio.file.Path base = Files.createTempDirectory(java.nio.file.Path.of("target").toAbsolutePath(), "minidfs-");
                Configuration conf = new Configuration();
                conf.set("dfs.namenode.rpc-address", "127.0.0.1:0");
                conf.setBoolean("dfs.permissions.enabled", false);
                cluster = new MiniDFSCluster.Builder(conf, base.toFile()).numDataNodes(1).build();
                cluster.waitActive();
                MiniDFSCluster started = cluster;
                Runtime.getRuntime().addShutdownHook(new Thread(started::shutdown, "minidfs-shutdown"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the MiniDFSCluster: " + e.getMessage(), e);
            }
        }
        return cluster;
    }

    /** hdfs://127.0.0.1:PORT/path. */
    public static String uri(String path) {
        return "hdfs://127.0.0.1:" + cluster().getNameNodePort() + (path.startsWith("/") ? path : "/" + path);
    }

    public static FileSystem fileSystem() {
        try {
            return cluster().getFileSystem();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a local file or folder to {@code hdfsPath} (made absolute on the cluster); returns its URI. */
    public static String upload(java.nio.file.Path local, String hdfsPath) {
        try {
            fileSystem().copyFromLocalFile(false, true, new Path(local.toAbsolutePath().toUri()), new Path(uri(hdfsPath)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot upload " + local + " to " + hdfsPath + ": " + e.getMessage(), e);
        }
        return uri(hdfsPath);
    }

    /** Whether the file exists on the cluster. */
    public static boolean exists(String uri) {
        try {
            return fileSystem().exists(new Path(uri));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file's content as text ("" when absent). */
    public static String read(String uri) {
        try {
            Path p = new Path(uri);
            if (!fileSystem().exists(p)) {
                return "";
            }
            try (var in = fileSystem().open(p)) {
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        } catch (java.io.FileNotFoundException e) {
            return ""; // replaced between the check and the read (a LATEST pointer being rewritten)
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
