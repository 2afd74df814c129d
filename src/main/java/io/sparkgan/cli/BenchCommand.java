package io.sparkgan.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparkgan.bench.Bench;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code jobs/bench.sh [--out FILE] [--cores N]}: parses and delegates to {@link Bench}. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure images/s of the engines on dcgan28 and ring8, FLOPs per image and the matmul rate.")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "FILE", description = "JSON result file (default bench.json)")
    Path out = Path.of("bench.json");

    @Option(names = "--cores", description = "cores to use (default: all)")
    int cores = Runtime.getRuntime().availableProcessors();

    @Option(names = "--work", paramLabel = "DIR", description = "scratch directory for runs (default target/bench)")
    Path work = Path.of("target/bench");

    @Override
    public Integer call() throws Exception {
        Map<String, Object> result = new Bench(work, cores, System.out).run();
        Files.write(out, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(result));
        System.out.println("wrote " + out.toAbsolutePath());
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }
}
