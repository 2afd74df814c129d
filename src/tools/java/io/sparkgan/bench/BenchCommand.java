package io.sparkgan.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code jobs/bench.sh [--out FILE] [--cores N] [--no-standalone] [--large-images N] ...}: parses and delegates to {@link Bench}. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure images/s of the engines on dcgan28 and ring8, FLOPs per image and the matmul rate.")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "FILE", description = "JSON result file (default bench.json)")
    Path out = Path.of("bench.json");

    @Option(names = "--cores", description = "cores to use (default: all)")
    int cores = Runtime.getRuntime().availableProcessors();

    @Option(names = "--work", paramLabel = "DIR", description = "scratch directory for runs (default target/bench)")
    Path work = Path.of("target/bench");

    @Option(names = "--no-standalone", description = "skip the loopback standalone cluster (1 and 2 executors, large data)")
    boolean noStandalone;

    @Option(names = "--worker-memory", description = "memory of each of the 2 loopback workers (default ${DEFAULT-VALUE})")
    String workerMemory = "2g";

    @Option(names = "--executor-memory", description = "spark.executor.memory on the loopback cluster (default ${DEFAULT-VALUE})")
    String executorMemory = "1536m";

    @Option(names = "--large-images", paramLabel = "N",
            description = "synthetic 28x28 images written as Parquet for the large-data epoch; 0 = skip (default 300000; "
                    + "with --tiny 1024)")
    Integer largeImages;

    @Option(names = "--large-max-steps", paramLabel = "N",
            description = "cap on the large-data epoch's steps per partition; 0 = the whole epoch (default 0; with --tiny 2)")
    Integer largeMaxSteps;

    @Option(names = "--large-base-width", paramLabel = "N",
            description = "model.dcgan.base-width of the large-data epoch's dcgan28 (default 64; with --tiny 4); a narrower "
                    + "model makes the epoch bound by the data path rather than the arithmetic")
    Integer largeBaseWidth;

    @Option(names = "--tiny",
            description = "every section on toy sizes (small data sets, 1 to 4 steps, dcgans of base width 4, one round "
                    + "of each comparison, a 256^3 matmul): checks in seconds that a section runs; its rates are not "
                    + "figures to compare")
    boolean tiny;

    @Option(names = "--large-data-only",
            description = "run only the large-data epoch on the loopback cluster (with its small-set reference rate)")
    boolean largeDataOnly;

    @Option(names = "--images-only",
            description = "only dcgan28 and dcgan64 on both engines, with D's convolutions on ND4J's conv2d op and on "
                    + "DL4J's ConvolutionLayer side by side (no ring8, naive baseline or cluster)")
    boolean imagesOnly;

    @Option(names = "--averaging-only",
            description = "only the averaging at scale: dcgan28 with P = 2, 8, 32 and dcgan64 with P = 8 on local[2]")
    boolean averagingOnly;

    @Option(names = "--routes", arity = "0..1", fallbackValue = "all", split = ",", paramLabel = "ROUTE",
            description = "only the speed routes (all, or some of: layout = D's convolutions in NCHW and NHWC; batch = "
                    + "dcgan28 at per-partition batches 32 to 256; threads = native threads per task; batch-norm = "
                    + "batch norm on libnd4j's ops against DL4J's passes; activations = vectorised ReLU / LeakyReLU "
                    + "against DL4J's; element-wise = both against both of DL4J's; workspaces = the step's arrays in "
                    + "one reused ND4J workspace against fresh arrays)")
    List<String> routes;

    @Option(names = "--folder-images", paramLabel = "N",
            description = "only the image folder: N synthetic PNGs listed, decoded and trained for one epoch on local[2]")
    int folderImages;

    @Option(names = "--naive-iterations", paramLabel = "N",
            description = "timed iterations of the naive dl4j-spark baseline (default ${DEFAULT-VALUE})")
    int naiveIterations = 10;

    @Override
    public Integer call() throws Exception {
        if (naiveIterations < 1) {
            System.err.println("error: --naive-iterations must be at least 1");
            return 2;
        }
        BenchSizes sizes = sizes();
        Bench.Standalone standalone = standalone();
        RoutesBench routesBench = null;
        if (routes != null) {
            try {
                routesBench = new RoutesBench(work, routes.contains("all") ? RoutesBench.ALL : routes, sizes,
                        System.out);
            } catch (IllegalArgumentException e) {
                System.err.println("error: --routes: " + e.getMessage());
                return 2;
            }
        }
        Map<String, Object> result = averagingOnly ? new AveragingBench(work, sizes, System.out).run()
                : folderImages > 0 ? new FolderBench(work, sizes, System.out).run(folderImages)
                : routesBench != null ? routesBench.run()
                : new Bench(work, cores, standalone, naiveIterations, imagesOnly, sizes, System.out).run();
        Files.write(out, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(result));
        System.out.println("wrote " + out.toAbsolutePath());
        return 0;
    }

    BenchSizes sizes() {
        return tiny ? BenchSizes.TINY : BenchSizes.FULL;
    }

    /** The loopback cluster's part: the large-data sizes given, else those of --tiny or the full ones. */
    Bench.Standalone standalone() {
        return new Bench.Standalone(!noStandalone, workerMemory, executorMemory, or(largeImages, tiny ? 1024 : 300_000),
                or(largeMaxSteps, tiny ? 2 : 0), or(largeBaseWidth, tiny ? BenchSizes.TINY.baseWidth() : 64),
                largeDataOnly);
    }

    private static int or(Integer given, int otherwise) {
        return given == null ? otherwise : given;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }
}
