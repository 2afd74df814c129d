package io.sparkgan.hadoop;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared MiniDFSCluster: one per JVM, reachable at hdfs://127.0.0.1:PORT, with HDFS's rename semantics. */
class MiniHadoopTest {
    private static final String DIR = "/mini-hadoop-test";

    @Test
    void oneClusterPerJvmWithAClientConfigurationOnIt() {
        MiniHadoop hadoop = MiniHadoop.get();
        assertSame(hadoop, MiniHadoop.get());
        assertThat(hadoop.hdfsUri()).matches("hdfs://127\\.0\\.0\\.1:\\d+");
        assertEquals(hadoop.hdfsUri(), hadoop.conf().get("fs.defaultFS"));
        assertEquals(hadoop.hdfsUri() + DIR + "/x", hadoop.path(DIR + "/x").toString());
    }

    @Test
    void writesReadsAndRenamesFilesAndFolders() throws IOException {
        MiniHadoop hadoop = MiniHadoop.get();
        FileSystem fs = hadoop.fileSystem();
        Path root = hadoop.path(DIR + "/rename");
        fs.delete(root, true);
        Path tmp = new Path(root, "_tmp-a/state.json");
        try (FSDataOutputStream out = fs.create(tmp)) {
            out.write("{}".getBytes(StandardCharsets.UTF_8));
        }
        // a folder renamed onto a new name moves as one; onto an existing folder it is nested inside it
        assertTrue(fs.rename(tmp.getParent(), new Path(root, "a")));
        assertFalse(fs.exists(tmp.getParent()));
        try (InputStream in = fs.open(new Path(root, "a/state.json"))) {
            assertEquals("{}", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        fs.mkdirs(new Path(root, "b"));
        assertTrue(fs.rename(new Path(root, "a"), new Path(root, "b")));
        assertTrue(fs.exists(new Path(root, "b/a/state.json")));
        // a file renamed onto an existing file: false, nothing moves
        fs.create(new Path(root, "c")).close();
        assertFalse(fs.rename(new Path(root, "b/a/state.json"), new Path(root, "c")));
        assertTrue(fs.exists(new Path(root, "b/a/state.json")));
    }
}
