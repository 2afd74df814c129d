package io.sparkgan.bench;

import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.Engine;
import io.sparkgan.config.GanConfig;
import io.sparkgan.config.ModelType;
import io.sparkgan.data.TrainingSet;
import io.sparkgan.io.RunDirectory;
import io.sparkgan.model.GanNetworks;
import io.sparkgan.model.NetworkFactory;
import io.sparkgan.platform.NativeThreads;
import io.sparkgan.platform.Nd4jJvmFlags;
import io.sparkgan.run.LocalEngine;
import io.sparkgan.spark.SparkEngine;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Measures images/s (points/s for ring8) of the engines on the reference workloads, the model FLOPs per
 * image, and the machine's matmul rate, and reports achieved GFLOP/s as a share of it. Each engine trains
 * the workload's committed config for a fixed number of iterations; the rate excludes the per-epoch
 * sampling and checkpoint work (RunSummary.samplesPerSecond).
 */
public final class Bench {
    private final Path work;
    private final int cores;
    private final PrintStream out;
    private final Standalone standalone;
    private final int naiveIterations;
    private final boolean imagesOnly;
    private final BenchSizes sizes;

    /**
     * What runs on the loopback standalone cluster (2 workers of 1 core): the engines' rates with 1 and 2
     * executors and, when {@code largeImages} > 0, the large-data epoch ({@code largeMaxSteps} caps its
     * steps per partition; 0 = the whole epoch). {@code largeDataOnly} skips everything but that epoch.
     */
    public record Standalone(boolean enabled, String workerMemory, String executorMemory, int largeImages,
                             int largeMaxSteps, int largeBaseWidth, boolean largeDataOnly) {
    }

    /**
     * @param imagesOnly only the image workloads (dcgan28 and dcgan64, each engine with D's convolutions on both
     *                   implementations): no ring8, no naive baseline, no cluster
     */
    public Bench(Path work, int cores, Standalone standalone, int naiveIterations, boolean imagesOnly,
                 BenchSizes sizes, PrintStream out) {
        this.imagesOnly = imagesOnly;
        this.sizes = sizes;
        this.work = work;
        this.cores = cores;
        this.standalone = standalone;
        this.naiveIterations = naiveIterations;
        this.out = out;
    }

    public Map<String, Object> run() {
        NativeThreads.prepare(cores);
        String nativeBuild = NativeBuild.describe();
        out.println("nd4j-native: " + nativeBuild);
        double matmul = MatmulRate.gflops(sizes.matmulSize(), sizes.matmulRepeats());
        out.printf("matmul: %.1f GFLOP/s (float32 %d^3 through ND4J, %d threads)%n", matmul, sizes.matmulSize(), cores);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("nd4j_native", nativeBuild);
        result.put("cores", cores);
        result.put("matmul_gflops", matmul);
        if (standalone.largeDataOnly()) {
            try (LoopbackCluster cluster = LoopbackCluster.start(work.resolve("cluster"), 2, 1,
                    standalone.workerMemory())) {
                result.put("large_data", largeData(cluster));
            }
            return result;
        }
        Path images = syntheticImages(sizes.idxImages());
        Map<String, Map<String, Object>> workloads = new LinkedHashMap<>();
        workloads.put("dcgan28", workload("dcgan28", "conf/fashion-dcgan28.conf", dcgan(
                "data.idx.images=\"" + images + "\"", "data.idx.labels=\"\"", "evaluation.every-epochs=0", "threads=0",
                "train.max-steps-per-epoch=" + sizes.dcgan28Steps(), "output.log-every-steps=1000"),
                new long[]{1, 28, 28}));
        // dcgan64: model.type = dcgan at 3 x 64 x 64 (D 3 -> 64 -> 128 -> 256 -> 512, G the mirror), fewer steps
        Path folder = SyntheticFolder.write(work.resolve("synthetic-64x64x3"), sizes.folderImages(), 64, 3);
        workloads.put("dcgan64", workload("dcgan64", "conf/fashion-dcgan28.conf", dcgan("data.source=folder",
                "data.folder.path=\"" + folder + "\"", "data.image.height=64", "data.image.width=64",
                "data.image.channels=3", "data.idx.images=\"\"", "data.idx.labels=\"\"", "evaluation.every-epochs=0",
                "threads=0", "train.max-steps-per-epoch=" + sizes.dcgan64Steps(), "output.log-every-steps=1000"),
                new long[]{3, 64, 64}));
        if (!imagesOnly) {
            workloads.put("ring8", workload("ring8", "conf/ring8.conf", List.of(
                    "train.max-steps-per-epoch=" + sizes.ring8Steps(), "data.size=" + sizes.ring8Points(),
                    "output.log-every-steps=100000"), new long[]{2}));
        }
        if (standalone.enabled() && !imagesOnly) {
            try (LoopbackCluster cluster = LoopbackCluster.start(work.resolve("cluster"), 2, 1,
                    standalone.workerMemory())) {
                workloads.forEach((name, w) -> standalone(cluster, w));
                if (standalone.largeImages() > 0) {
                    result.put("large_data", largeData(cluster));
                }
            }
        }
        workloads.forEach((name, w) -> {
            summarise(name, w, matmul);
            result.put(name, w);
        });
        return result;
    }

    /**
     * Both engines on one JVM and on local[cores], and the naive dl4j-spark way on local[cores]. For dcgan both
     * engines run a second time with D's convolutions on DL4J's ConvolutionLayer (model.dcgan.convolution = dl4j),
     * side by side with the default conv2d-op layers.
     */
    private Map<String, Object> workload(String name, String conf, List<String> common, long[] shape) {
        Map<String, Object> w = new LinkedHashMap<>();
        GanConfig base = singleJvmConfig(conf, common);
        w.put("conf", conf);
        w.put("flops_per_image", flopsPerImage(base, shape));
        if (base.engine() == Engine.SPARK) {
            w.put("single_jvm_means", "the Spark engine on local[1] with 1 partition, H = 1000 and ND4J on all cores "
                    + "(data.source = folder is read through Spark only)");
        }
        w.put("single_jvm", rate(base, "local"));
        w.put("spark_local", rate(sparkConfig(conf, common, cores), "spark-local"));
        if (base.model().type() == ModelType.DCGAN) {
            List<String> dl4j = new ArrayList<>(common);
            dl4j.add("model.dcgan.convolution=dl4j");
            w.put("single_jvm_dl4j_convolution", rate(singleJvmConfig(conf, dl4j), "local-dl4j-convolution"));
            w.put("spark_local_dl4j_convolution", rate(sparkConfig(conf, dl4j, cores), "spark-local-dl4j-convolution"));
        }
        w.put("standalone_1_executor", null);
        w.put("standalone_2_executors", null);
        if (!imagesOnly && !base.data().isPoints() && !(base.data().source() == io.sparkgan.config.DataSource.IDX)) {
            w.put("naive_dl4j_spark_means", "SparkDl4jMultiLayer on random images of the same shape in the driver's "
                    + "memory (dl4j-spark reads no data.source = " + base.data().source() + ")");
        }
        w.put("naive_dl4j_spark", imagesOnly ? null : naive(base, shape));
        w.put("overrides", common);
        return w;
    }

    /** {@code overrides} of a dcgan workload and the sizes' base width and batch. */
    private List<String> dcgan(String... overrides) {
        List<String> all = new ArrayList<>(List.of(overrides));
        all.addAll(sizes.dcganWorkload());
        return all;
    }

    /**
     * One JVM, ND4J on all cores: the single-JVM engine, or for data it cannot read (image folders) the Spark
     * engine on one partition of local[1] that averages once per 1000 iterations (one partition's average is itself).
     */
    private GanConfig singleJvmConfig(String conf, List<String> common) {
        GanConfig local = load(conf, common, "engine=local");
        if (!(local.data().source() == io.sparkgan.config.DataSource.FOLDER)) {
            return local;
        }
        return load(conf, common, "engine=spark", "spark.master=\"local[1]\"", "spark.partitions=1",
                "spark.averaging-period=1000", "threads=0");
    }

    /**
     * The Spark engine on {@code partitions} partitions, each computing on the file's batch (the global batch
     * is B x P) with H = 8, as the rates of earlier runs were measured.
     */
    private GanConfig sparkConfig(String conf, List<String> common, int partitions) {
        int batch = load(conf, common).train().batchSize();
        return load(conf, common, "engine=spark", "spark.master=\"local[" + partitions + "]\"",
                "spark.partitions=" + partitions, "threads=1", "train.batch-size=" + batch * partitions,
                "spark.averaging-period=8");
    }

    /** The Spark engine on the loopback cluster with 1 and with 2 executors of 1 core each. */
    private void standalone(LoopbackCluster cluster, Map<String, Object> w) {
        @SuppressWarnings("unchecked")
        List<String> common = (List<String>) w.get("overrides");
        String conf = (String) w.get("conf");
        for (int executors : new int[]{1, 2}) {
            try (JavaSparkContext sc = clusterContext(cluster, executors)) {
                w.put(executors == 1 ? "standalone_1_executor" : "standalone_2_executors",
                        rate(sparkConfig(conf, common, executors), "standalone-" + executors));
            }
        }
    }

    /** A driver on the cluster that waits for all {@code executors} executors (1 core, executor memory) before its first job. */
    private JavaSparkContext clusterContext(LoopbackCluster cluster, int executors) {
        SparkConf conf = cluster.driverConf("spark-gan bench " + executors + " executor(s)")
                .set("spark.cores.max", Integer.toString(executors))
                .set("spark.executor.cores", "1")
                .set("spark.executor.memory", standalone.executorMemory())
                .set("spark.executorEnv.OMP_NUM_THREADS", "1")
                .set("spark.executor.processTreeMetrics.enabled", "true")
                // as conf/spark/default.properties: a small young generation, so dead INDArrays' off-heap
                // buffers are freed soon (design.md "Build notes"), and ND4J's ops kept reachable (Nd4jJvmFlags)
                .set("spark.executor.extraJavaOptions", "-XX:+UseParallelGC -Xmn64m " + Nd4jJvmFlags.joined())
                .set("spark.scheduler.minRegisteredResourcesRatio", "1.0")
                .set("spark.scheduler.maxRegisteredResourcesWaitingTime", "120s");
        return new JavaSparkContext(SparkContext.getOrCreate(conf));
    }

    private Map<String, Object> largeData(LoopbackCluster cluster) {
        try (JavaSparkContext sc = clusterContext(cluster, 2)) {
            return new LargeDataBench(sc, work, out).run(sizes.largeSmallImages(), standalone.largeImages(),
                    standalone.largeMaxSteps(), standalone.largeBaseWidth());
        }
    }

    /**
     * The naive dl4j-spark way on local[cores], one worker per core, on data it can read
     * ({@link NaiveDl4jSpark#readableData}: the workload's IDX or points, else random images of its shape).
     */
    private double naive(GanConfig config, long[] shape) {
        TrainingSet data = NaiveDl4jSpark.readableData(config, shape, Math.min(sizes.folderImages(), 1024));
        SparkConf conf = new SparkConf(false).setAppName("spark-gan bench naive").setMaster("local[" + cores + "]")
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator")
                .set("spark.ui.enabled", "false");
        try (JavaSparkContext sc = new JavaSparkContext(SparkContext.getOrCreate(conf))) {
            NativeThreads.prepare(1);
            double rate = NaiveDl4jSpark.imagesPerSecond(sc, config, data, naiveIterations, cores);
            NativeThreads.prepare(cores);
            return rate;
        }
    }

    private void summarise(String name, Map<String, Object> w, double matmul) {
        w.remove("overrides");
        w.remove("conf");
        double flops = (double) w.get("flops_per_image");
        double single = (double) w.get("single_jvm");
        double local = (double) w.get("spark_local");
        double best = Math.max(single, local);
        w.put("achieved_gflops", best * flops / 1e9);
        w.put("share_of_matmul", best * flops / 1e9 / matmul);
        w.put("spark_local_over_single_jvm", local / single);
        Double naive = (Double) w.get("naive_dl4j_spark");
        w.put("spark_local_over_naive", naive == null ? null : local / naive);
        Double one = (Double) w.get("standalone_1_executor");
        Double two = (Double) w.get("standalone_2_executors");
        w.put("two_executors_over_one", one == null || two == null ? null : two / one);
        Double singleDl4j = (Double) w.get("single_jvm_dl4j_convolution");
        Double localDl4j = (Double) w.get("spark_local_dl4j_convolution");
        if (singleDl4j != null && localDl4j != null) {
            double bestDl4j = Math.max(singleDl4j, localDl4j);
            w.put("share_of_matmul_dl4j_convolution", bestDl4j * flops / 1e9 / matmul);
            w.put("single_jvm_over_dl4j_convolution", single / singleDl4j);
            w.put("spark_local_over_dl4j_convolution", local / localDl4j);
            out.printf("%s with D's convolutions on DL4J's ConvolutionLayer: single JVM %.1f/s (conv2d op %.2fx), Spark "
                            + "local %.1f/s (conv2d op %.2fx); best %.1f%% of matmul (conv2d op %.1f%%)%n", name,
                    singleDl4j, single / singleDl4j, localDl4j, local / localDl4j,
                    100 * bestDl4j * flops / 1e9 / matmul, 100 * best * flops / 1e9 / matmul);
        }
        out.printf("%s: %.1f MFLOP per image; single JVM %.0f/s, Spark local[%d] %.0f/s (%.2fx), standalone 1 executor "
                        + "%s/s, 2 executors %s/s (%s), naive dl4j-spark %s/s (Spark local %s); best %.2f GFLOP/s = %.1f%% of "
                        + "matmul%n", name, flops / 1e6, single, cores, local, local / single, format(one), format(two),
                ratio(two, one), format(naive), ratio(local, naive), best * flops / 1e9, 100 * best * flops / 1e9 / matmul);
    }

    private static String format(Double rate) {
        return rate == null ? "-" : String.format("%.0f", rate);
    }

    private static String ratio(Double a, Double b) {
        return a == null || b == null ? "-" : String.format("%.2fx", a / b);
    }

    static GanConfig load(String conf, List<String> common, String... more) {
        List<String> all = new ArrayList<>(common);
        all.addAll(List.of(more));
        all.add("train.epochs=2");
        return ConfigLoader.load(Path.of(conf), all);
    }

    private double rate(GanConfig config, String engine) {
        return rate(config, engine, work, out);
    }

    /** Trains {@code config} in a new run directory under {@code work}; its images (points) per second. */
    static double rate(GanConfig config, String engine, Path work, PrintStream out) {
        Path dir = work.resolve(config.name() + "-" + engine + "-" + System.nanoTime());
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        RunDirectory run = RunDirectory.create(dir);
        double rate = (config.engine() == Engine.SPARK ? new SparkEngine(config, run, quiet).train(false)
                : new LocalEngine(config, run, quiet).train(false)).samplesPerSecond();
        out.printf("  %s %s: %.0f/s%n", config.name(), engine, rate);
        return rate;
    }

    static double flopsPerImage(GanConfig config, long[] shape) {
        GanNetworks nets = NetworkFactory.create(config.model(), config.train(), shape, config.seed());
        double g = ModelFlops.forward(nets.generator(), Nd4j.rand(DataType.FLOAT, 1, config.model().latentDim()));
        long[] one = new long[shape.length + 1];
        one[0] = 1;
        System.arraycopy(shape, 0, one, 1, shape.length);
        double d = ModelFlops.forward(nets.discriminator(), Nd4j.rand(DataType.FLOAT, one));
        return ModelFlops.perIteration(g, d);
    }

    private Path syntheticImages(int n) {
        return syntheticImages(work, n);
    }

    /** n random 28x28 images as an IDX file under {@code work} (the benchmark needs no download). */
    static Path syntheticImages(Path work, int n) {
        byte[] pixels = new byte[n * 784];
        new SplittableRandom(1).nextBytes(pixels);
        ByteBuffer b = ByteBuffer.allocate(16 + pixels.length);
        b.putInt(0x00000803).putInt(n).putInt(28).putInt(28).put(pixels);
        try {
            Files.createDirectories(work);
            return Files.write(work.resolve("synthetic-images-" + n + "-idx3-ubyte"), b.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
