package io.sparkgan.bench;

import io.sparkgan.config.GanConfig;
import io.sparkgan.platform.NativeThreads;

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
 *       passes (dl4j): dcgan28 at b = 64 on local[2], and on one JVM with one thread, after a warm-up, three
 *       rounds of the pairs back to back;</li>
 *   <li>ReLU and LeakyReLU on vectorised ops (model.dcgan.activations = vectorised) against DL4J's (dl4j), the
 *       same way;</li>
 *   <li>both of those together against both of DL4J's (element-wise);</li>
 *   <li>the step's arrays in one reused ND4J workspace (train.workspaces = true) against fresh arrays for every
 *       pass (false), the same way (workspaces).</li>
 * </ul>
 * {@link #ALL} names the routes; a run measures those it is given (jobs/bench.sh --routes=batch-norm,threads).
 * Each rate is images per second of training (RunSummary.samplesPerSecond); shares are of the float32 matmul
 * rate of the same run.
 */
public final class RoutesBench {
    /** The routes by name, in the order they run. */
    public static final List<String> ALL = List.of("layout", "batch", "threads", "batch-norm", "activations",
            "element-wise", "workspaces");
    /** Where each before / after comparison runs: Spark local[2] (2 partitions of 64, 1 thread each), one JVM on 1 thread. */
    private static final String SPARK_LOCAL2 = "spark_local2";
    private static final List<String> LAYOUTS = List.of(SPARK_LOCAL2, "single_jvm_1_thread");
    private final Path work;
    private final BenchSizes sizes;
    private final PrintStream out;
    private final List<String> routes;

    /**
     * @param routes names from {@link #ALL}
     * @param sizes  the rounds of each comparison, the batches of the batch route, the convolution timings' sizes,
     *               dcgan28's steps and width
     */
    public RoutesBench(Path work, List<String> routes, BenchSizes sizes, PrintStream out) {
        for (String route : routes) {
            if (!ALL.contains(route)) {
                throw new IllegalArgumentException("route '" + route + "'; known routes: " + String.join(", ", ALL));
            }
        }
        this.work = work;
        this.sizes = sizes;
        this.routes = List.copyOf(routes);
        this.out = out;
    }

    public Map<String, Object> run() {
        NativeThreads.prepare(2);
        double matmul = MatmulRate.gflops(sizes.matmulSize(), sizes.matmulRepeats());
        out.printf("matmul: %.1f GFLOP/s (float32 %d^3 through ND4J, 2 threads)%n", matmul, sizes.matmulSize());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("nd4j_native", NativeBuild.describe());
        result.put("matmul_gflops", matmul);

        if (routes.contains("layout")) {
            NativeThreads.prepare(1);
            out.println("D's convolutions, NCHW against NHWC (one native thread):");
            result.put("convolution_layout", new ConvolutionLayoutBench(sizes.layoutBatch(), sizes.layoutRounds(),
                    sizes.layoutIterations(), out).run());
        }

        Path images = Bench.syntheticImages(work, 2 * sizes.idxImages());
        List<String> common = new ArrayList<>(List.of("data.idx.images=\"" + images + "\"", "data.idx.labels=\"\"",
                "evaluation.every-epochs=0", "train.max-steps-per-epoch=" + sizes.dcgan28Steps(),
                "output.log-every-steps=1000", "engine=spark", "spark.averaging-period=8"));
        common.addAll(sizes.dcganWidth());
        double flops = Bench.flopsPerImage(Bench.load("conf/fashion-dcgan28.conf", common), new long[]{1, 28, 28});
        result.put("dcgan28_flops_per_image", flops);

        if (routes.contains("batch")) {
            out.println("dcgan28, per-partition batch (Spark local[2], 2 partitions, 1 native thread each):");
            List<Map<String, Object>> batches = new ArrayList<>();
            for (int b : sizes.routeBatches()) {
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
            result.put("batch_norm", alternated(common, flops, matmul, "batch-norm",
                    List.of("model.dcgan.batch-norm=dl4j"), List.of("model.dcgan.batch-norm=onednn")));
        }
        if (routes.contains("activations")) {
            out.println("dcgan28, ReLU and LeakyReLU on vectorised ops (vectorised) against DL4J's (dl4j):");
            result.put("activations", alternated(common, flops, matmul, "activations",
                    List.of("model.dcgan.activations=dl4j"), List.of("model.dcgan.activations=vectorised")));
        }
        if (routes.contains("element-wise")) {
            out.println("dcgan28, batch norm and activations both DL4J's against both on the ops above:");
            result.put("element_wise", alternated(common, flops, matmul, "element-wise",
                    List.of("model.dcgan.batch-norm=dl4j", "model.dcgan.activations=dl4j"),
                    List.of("model.dcgan.batch-norm=onednn", "model.dcgan.activations=vectorised")));
        }
        if (routes.contains("workspaces")) {
            out.println("dcgan28, the step's arrays in one reused workspace (true) against fresh arrays (false):");
            result.put("workspaces", alternated(common, flops, matmul, "workspaces",
                    List.of("train.workspaces=false"), List.of("train.workspaces=true")));
        }
        return result;
    }

    /**
     * dcgan28 with the overrides {@code before}, then {@code after}, on local[2] (2 partitions of 64, one thread each)
     * and on one JVM with one thread: one discarded warm-up run of each layout (a JVM's first runs are slower while
     * its JIT compiles), then {@link BenchSizes#routeRounds} rounds of the four runs back to back. Rows of every run,
     * and the median per setting and layout with after / before.
     */
    private Map<String, Object> alternated(List<String> common, double flops, double matmul, String name,
                                           List<String> before, List<String> after) {
        Map<String, List<String>> settings = new LinkedHashMap<>();
        settings.put("before", before);
        settings.put("after", after);
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        for (int round = 0; round <= sizes.routeRounds(); round++) {
            for (Map.Entry<String, List<String>> setting : settings.entrySet()) {
                if (round == 0 && setting.getKey().equals("after")) {
                    continue;                                  // the warm-up runs one setting only
                }
                List<String> with = new ArrayList<>(common);
                with.addAll(setting.getValue());
                for (String layout : LAYOUTS) {
                    String label = name + "-" + setting.getKey() + "-" + layout + "-" + (round == 0 ? "warm-up" : round);
                    double rate = layout.equals(SPARK_LOCAL2) ? rate(with, 2, 2, 1, 64, label)
                            : Bench.rate(Bench.load("conf/fashion-dcgan28.conf", with, "engine=local", "threads=1"),
                                    label, work, out);
                    if (round > 0) {
                        Map<String, Object> row = row(flops, matmul, "setting", String.join(" ", setting.getValue()),
                                rate);
                        row.put("layout", layout);
                        row.put("round", round);
                        rows.add(row);
                        rates.computeIfAbsent(setting.getKey() + "_" + layout, k -> new ArrayList<>()).add(rate);
                    }
                }
            }
        }
        Map<String, Object> result = new LinkedHashMap<>(settings);
        result.put("runs", rows);
        for (String layout : LAYOUTS) {
            double was = AveragingBench.median(rates.get("before_" + layout).stream().mapToDouble(d -> d).toArray());
            double is = AveragingBench.median(rates.get("after_" + layout).stream().mapToDouble(d -> d).toArray());
            result.put(layout + "_median_before", was);
            result.put(layout + "_median_after", is);
            result.put(layout + "_after_over_before", is / was);
            out.printf("  %s, %s: median %.0f -> %.0f images/s (%.2fx)%n", name, layout, was, is, is / was);
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
