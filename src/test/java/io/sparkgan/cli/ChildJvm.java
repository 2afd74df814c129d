package io.sparkgan.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a main class in a separate JVM with this test JVM's class path and flags (the Java 17
 * --add-opens set, the log configuration, the heap and ND4J's flags from Surefire's argLine), so a test can kill it for real.
 */
public final class ChildJvm {
    private ChildJvm() {
    }

    static Process start(Class<?> main, List<String> args, Path log) throws IOException {
        return start(main, List.of(), args, log);
    }

    /** As {@link #start(Class, List, Path)}, with {@code jvmFlags} after the inherited ones (the last -Xmn wins). */
    public static Process start(Class<?> main, List<String> jvmFlags, List<String> args, Path log) throws IOException {
        return start(main, jvmFlags, args, java.util.Map.of(), log);
    }

    /** As {@link #start(Class, List, List, Path)}, with {@code env} added to this JVM's environment. */
    public static Process start(Class<?> main, List<String> jvmFlags, List<String> args,
                                java.util.Map<String, String> env, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (flag.startsWith("--add-opens") || flag.startsWith("--add-exports") || flag.startsWith("-Dlog4j")
                    || flag.startsWith("-Xmx") || flag.startsWith("-Xmn") || flag.startsWith("-XX:+UseParallelGC")
                    || flag.startsWith("-XX:CompileCommand") || flag.startsWith("-Dorg.bytedeco")) {
                command.add(flag);
            }
        }
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

}
