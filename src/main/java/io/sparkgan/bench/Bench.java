package io.sparkgan.bench;

import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.GanConfig;
import io.sparkgan.io.RunDirectory;
import io.sparkgan.model.GanNetworks;
import io.sparkgan.model.NetworkFactory;
import io.sparkgan.spark.SparkEngine;
import io.sparkgan.train.LocalEngine;
import io.sparkgan.train.NativeThreads;
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

    public Bench(Path work, int cores, PrintStream out) {
        this.work = work;
        this.cores = cores;
        this.out = out;
    }

    public Map<String, Object> run() {
        NativeThreads.prepare(cores);
        double matmul = MatmulRate.gflops(1024, 20);
        out.printf("matmul: %.1f GFLOP/s (float32 1024^3 through ND4J, %d threads)%n", matmul, cores);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("matmul_gflops", matmul);
        Path images = syntheticImages(12_800);
        result.put("dcgan28", workload("dcgan28", "conf/fashion-dcgan28.conf", matmul, List.of(
                "data.idx.images=\"" + images + "\"", "data.idx.labels=\"\"", "evaluation.every-epochs=0", "threads=0",
                "train.max-steps-per-epoch=40", "output.log-every-steps=1000")));
        result.put("ring8", workload("ring8", "conf/ring8.conf", matmul, List.of("train.max-steps-per-epoch=400",
                "output.log-every-steps=100000")));
        return result;
    }

    private Map<String, Object> workload(String name, String conf, double matmul, List<String> common) {
        Map<String, Object> w = new LinkedHashMap<>();
        GanConfig base = load(conf, common, "engine=local");
        double flops = flopsPerImage(base);
        w.put("flops_per_image", flops);
        double single = rate(base, false);
        w.put("single_jvm", single);
        double local = rate(load(conf, common, "engine=spark", "spark.master=\"local[" + cores + "]\"",
                "spark.partitions=" + cores, "threads=1"), true);
        w.put("spark_local", local);
        w.put("standalone_1_executor", null);
        w.put("standalone_2_executors", null);
        w.put("naive_dl4j_spark", null);
        double best = Math.max(single, local);
        w.put("achieved_gflops", best * flops / 1e9);
        w.put("share_of_matmul", best * flops / 1e9 / matmul);
        out.printf("%s: %.0f MFLOP per image; single JVM %.0f/s, Spark local[%d] %.0f/s (%.2fx); best %.2f GFLOP/s = "
                        + "%.1f%% of matmul%n", name, flops / 1e6, single, cores, local, local / single, best * flops / 1e9,
                100 * best * flops / 1e9 / matmul);
        return w;
    }

    private GanConfig load(String conf, List<String> common, String... more) {
        List<String> all = new ArrayList<>(common);
        all.addAll(List.of(more));
        all.add("train.epochs=2");
        return ConfigLoader.load(Path.of(conf), all);
    }

    private double rate(GanConfig config, boolean spark) {
        Path dir = work.resolve(config.name() + "-" + (spark ? "spark" : "local") + "-" + System.nanoTime());
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        RunDirectory run = RunDirectory.create(dir);
        return (spark ? new SparkEngine(config, run, quiet).train(false)
                : new LocalEngine(config, run, quiet).train(false)).samplesPerSecond();
    }

    private static double flopsPerImage(GanConfig config) {
        long[] shape = config.data().isMixture() ? new long[]{2} : new long[]{1, 28, 28};
        GanNetworks nets = NetworkFactory.create(config.model(), config.train(), shape, config.seed());
        double g = ModelFlops.forward(nets.generator(), Nd4j.rand(DataType.FLOAT, 1, config.model().latentDim()));
        long[] one = new long[shape.length + 1];
        one[0] = 1;
        System.arraycopy(shape, 0, one, 1, shape.length);
        double d = ModelFlops.forward(nets.discriminator(), Nd4j.rand(DataType.FLOAT, one));
        return ModelFlops.perIteration(g, d);
    }

    /** n random 28x28 images as an IDX file (the benchmark needs no download). */
    private Path syntheticImages(int n) {
        byte[] pixels = new byte[n * 784];
        new SplittableRandom(1).nextBytes(pixels);
        ByteBuffer b = ByteBuffer.allocate(16 + pixels.length);
        b.putInt(0x00000803).putInt(n).putInt(28).putInt(28).put(pixels);
        try {
            Files.createDirectories(work);
            return Files.write(work.resolve("synthetic-images-idx3-ubyte"), b.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
