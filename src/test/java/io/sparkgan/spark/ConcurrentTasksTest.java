package io.sparkgan.spark;

import io.sparkgan.cli.ChildJvm;
import io.sparkgan.cli.TrainCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Four Spark task threads training side by side in one JVM with an 8 MB young generation (a collection
 * every few milliseconds, started by whichever thread allocates) survive: the JVM flags of
 * {@link io.sparkgan.platform.Nd4jJvmFlags}, which the child inherits from Surefire's argLine, keep ND4J's
 * broadcast ops reachable during their native calls. Without them this run died in 13 s (SIGSEGV in
 * sd::DataBuffer::primary() under execBroadcast). About 40 s on 2 cores.
 */
class ConcurrentTasksTest {
    @TempDir
    Path dir;

    @Test
    void fourTaskThreadsUnderConstantGarbageCollectionFinishTheRun() throws Exception {
        Path log = dir.resolve("train.log");
        Path run = dir.resolve("run");
        Process child = ChildJvm.start(TrainCommand.class,
                List.of("-Xmn8m", "-XX:ErrorFile=" + dir.resolve("hs_err_pid%p.log")),
                List.of("conf/ring8.conf", "engine=spark", "spark.master=\"local[4]\"", "spark.partitions=4",
                        "train.batch-size=512", "spark.averaging-period=8", "train.epochs=2", "--out",
                        run.toString()), log);
        assertTrue(child.waitFor(5, TimeUnit.MINUTES), () -> "the run did not end in 5 minutes: " + read(log));
        assertEquals(0, child.exitValue(), () -> "the training JVM failed: " + crashReport() + read(log));
        assertTrue(Files.isRegularFile(run.resolve("summary.json")), "summary.json written");
    }

    private String crashReport() {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("hs_err")).toList()) {
                List<String> lines = Files.readAllLines(f);
                return String.join("\n", lines.subList(0, Math.min(40, lines.size()))) + "\n";
            }
            return "";
        } catch (IOException e) {
            return "(cannot list " + dir + ": " + e.getMessage() + ")";
        }
    }

    private static String read(Path log) {
        try {
            String text = Files.readString(log);
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
