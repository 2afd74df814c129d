package io.sparkgan.bench;

import io.sparkgan.config.GanConfig;
import io.sparkgan.train.NativeThreads;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The speed issue's remaining routes, each measured beside its baseline in one run (`jobs/bench.sh --routes`):
 * <ul>
 *   <li>the data layout of D's convolutions, NCHW against NHWC ({@link ConvolutionLayoutBench}, one native
 *       thread as a Spark task has);</li>
 *   <li>larger per-core batches: dcgan28 on Spark local[2], 2 partitions of b rows (global batch 2 b),
 *       b = 32, 64 (the file's), 128, 256, one native thread per task, H = 8;</li>
 *   <li>ND4J threads per executor core: the same at b = 64 with 2 native threads per task (4 threads on the 2
 *       cores), and one task of 2 threads (local[1], 1 partition);</li>
 *   <li>batch norm of images on libnd4j's batchnorm ops (model.dcgan.batch-norm = onednn) against DL4J's own
 *       passes (dl4j): dcgan28 at b = 64 on local[2], and on one JVM with one thread, each pair alternated
 *       twice.</li>
 * </ul>
 * {@link #ALL} names the routes; a run measures those it is given (jobs/bench.sh --routes=batch-norm,threads).
 * Each rate is images per second of training (RunSummary.samplesPerSecond); shares are of the float32 matmul
 * rate of the same run.
 */
public final class RoutesBench {
    /** The routes by name, in the order they run. */
    public static final List<String> ALL = List.of("layout", "batch", "threads", "batch-norm");
    private static final int[] BATCHES_PER_PARTITION = {32, 64, 128, 256};
    private final Path work;
    private final PrintStream out;
    private final List<String> routes;

    /** @param routes names from {@link #ALL} */
    public RoutesBench(Path work, List<String> routes, PrintStream out) {
        for (String route : routes) {
            if (!ALL.contains(route)) {
                throw new IllegalArgumentException("route '" + route + "'; known routes: " + String.join(", ", ALL));
            }
        }
        this.work = work;
        this.routes = List.copyOf(routes);
        this.out = out;
    }

    public Map<String, Object> run() {
        NativeThreads.prepare(2);
        double matmul = MatmulRate.gflops(1024, 20);
        out.printf("matmul: %.1f GFLOP/s (float32 1024^3 through ND4J, 2 threads)%n", matmul);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("nd4j_native", NativeBuild.describe());
        result.put("matmul_gflops", matmul);

        if (routes.contains("layout")) {
            NativeThreads.prepare(1);
            out.println("D's convolutions, NCHW against NHWC (one native thread):");
            result.put("convolution_layout", new ConvolutionLayoutBench(64, out).run());
        }

        Path images = Bench.syntheticImages(work, 25_600);
        List<String> common = List.of("data.idx.images=\"" + images + "\"", "data.idx.labels=\"\"",
                "evaluation.every-epochs=0", "train.max-steps-per-epoch=40", "output.log-every-steps=1000",
                "engine=spark", "spark.averaging-period=8");
        double flops = Bench.flopsPerImage(Bench.load("conf/fashion-dcgan28.conf", common), new long[]{1, 28, 28});
        result.put("dcgan28_flops_per_image", flops);

        if (routes.contains("batch")) {
            out.println("dcgan28, per-partition batch (Spark local[2], 2 partitions, 1 native thread each):");
            List<Map<String, Object>> batches = new ArrayList<>();
            for (int b : BATCHES_PER_PARTITION) {
                batches.add(row(flops, matmul, "batch_per_partition", b,
                        rate(common, 2, 2, 1, b, "batch-" + b)));
            }
            result.put("batch_per_partition", batches);
        }
        if (routes.contains("threads")) {
            out.println("dcgan28, native threads per task (batch 64 per partition):");
            List<Map<String, Object>> threads = new ArrayList<>();
            threads.add(row(flops, matmul, "layout", "local[2], 2 partitions, 1 thread each",
                    rate(common, 2, 2, 1, 64, "threads-2x1")));
            threads.add(row(flops, matmul, "layout", "local[2], 2 partitions, 2 threads each",
                    rate(common, 2, 2, 2, 64, "threads-2x2")));
            threads.add(row(flops, matmul, "layout", "local[1], 1 partition, 2 threads",
                    rate(common, 1, 1, 2, 64, "threads-1x2")));
            result.put("threads_per_task", threads);
        }
        if (routes.contains("batch-norm")) {
            out.println("dcgan28, batch norm of images on libnd4j's batchnorm ops (onednn) against DL4J's passes (dl4j):");
            List<Map<String, Object>> batchNorm = new ArrayList<>();
            for (int round = 1; round <= 2; round++) {
                for (String implementation : List.of("dl4j", "onednn")) {
                    List<String> with = new ArrayList<>(common);
                    with.add("model.dcgan.batch-norm=" + implementation);
                    Map<String, Object> spark = row(flops, matmul, "batch_norm", implementation,
                            rate(with, 2, 2, 1, 64, "batch-norm-" + implementation + "-spark-" + round));
                    spark.put("layout", "local[2], 2 partitions, 1 thread each, batch 64 each");
                    batchNorm.add(spark);
                    NativeThreads.prepare(1);
                    Map<String, Object> single = row(flops, matmul, "batch_norm", implementation,
                            Bench.rate(Bench.load("conf/fashion-dcgan28.conf", with, "engine=local", "threads=1"),
                                    "batch-norm-" + implementation + "-local-" + round, work, out));
                    single.put("layout", "one JVM, 1 thread, batch 64");
                    batchNorm.add(single);
                }
            }
            result.put("batch_norm", batchNorm);
        }
        return result;
    }

    private double rate(List<String> common, int cores, int partitions, int threads, int batchPerPartition,
                        String label) {
        GanConfig config = Bench.load("conf/fashion-dcgan28.conf", common, "spark.master=\"local[" + cores + "]\"",
                "spark.partitions=" + partitions, "threads=" + threads,
                "train.batch-size=" + batchPerPartition * partitions);
        return Bench.rate(config, label, work, out);
    }

    private static Map<String, Object> row(double flops, double matmul, String key, Object value, double rate) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(key, value);
        row.put("images_per_second", rate);
        row.put("share_of_matmul", rate * flops / 1e9 / matmul);
        return row;
    }
}
