package io.sparkgan.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkgan.cli.TrainJob;
import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.GanConfig;
import io.sparkgan.platform.SparkContexts;
import io.sparkgan.run.TrainOptions;
import io.sparkgan.spark.PartitionedData;
import io.sparkgan.spark.SparkSources;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A folder of many small PNG files (the cluster-scale issue): {@code images} synthetic 28x28 PNGs written by
 * the executors into {@code part=K/class-C/} folders, then (1) listed, sorted, decoded and counted through the
 * image folder source (Spark's binaryFile listing) and (2) trained for one epoch of dcgan28 (global batch 64,
 * H = 8) on local[2]; prints and returns both times and the epoch's images/s.
 */
public final class FolderBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path work;
    private final BenchSizes sizes;
    private final PrintStream out;

    /** {@code sizes}: dcgan28's width. */
    public FolderBench(Path work, BenchSizes sizes, PrintStream out) {
        this.work = work;
        this.sizes = sizes;
        this.out = out;
    }

    public Map<String, Object> run(int images) {
        Path root = work.resolve("folder-" + images);
        List<String> overrides = new ArrayList<>(List.of("engine=spark", "spark.master=\"local[2]\"",
                "spark.partitions=2", "spark.averaging-period=8", "train.batch-size=64", "train.epochs=1",
                "data.source=folder", "data.folder.path=\"" + root + "\"", "data.idx.images=\"\"",
                "data.idx.labels=\"\"", "evaluation.every-epochs=0", "output.log-every-steps=200"));
        overrides.addAll(sizes.dcganWidth());
        GanConfig config = ConfigLoader.load(Path.of("conf/fashion-dcgan28.conf"), overrides);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("images", images);
        try (SparkContexts.Handle spark = SparkContexts.open(config)) {
            long start = System.nanoTime();
            write(spark.context(), root, images);
            result.put("write_seconds", (System.nanoTime() - start) / 1e9);
            start = System.nanoTime();
            PartitionedData data = SparkSources.load(spark.context(), config, 2);
            double loadSeconds = (System.nanoTime() - start) / 1e9;
            result.put("list_decode_count_seconds", loadSeconds);
            result.put("decoded_images", data.size());
            data.rows().unpersist(true);
            out.printf("folder of %d PNGs: listed, decoded and counted in %.1f s (%.0f files/s)%n", images, loadSeconds,
                    images / loadSeconds);
        }
        Path run = work.resolve("folder-run-" + images);
        long start = System.nanoTime();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TrainJob.run(Path.of("conf/fashion-dcgan28.conf"), overrides, new TrainOptions(run, null, true, false),
                new PrintStream(PrintStream.nullOutputStream()), new PrintStream(err, true));
        if (code != 0) {
            throw new IllegalStateException("the folder epoch failed: " + err);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        try {
            double rate = JSON.readTree(run.resolve("summary.json").toFile()).get("images_per_second").asDouble();
            result.put("epoch_seconds", seconds);
            result.put("epoch_images_per_second", rate);
            out.printf("one epoch of dcgan28 on them (local[2], global batch 64, H = 8): %.0f s in all, %.1f images/s "
                    + "training%n", seconds, rate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    /** part=K/class-C/i.png, written by the executors (16 tasks); reused when the _SUCCESS marker is there. */
    private static void write(JavaSparkContext sc, Path root, int images) {
        if (Files.exists(root.resolve("_SUCCESS"))) {
            return;
        }
        String base = root.toAbsolutePath().toUri().toString();
        int tasks = 16;
        sc.parallelize(IntStream.range(0, tasks).boxed().toList(), tasks).foreach(task -> {
            org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(base);
            FileSystem fs = dir.getFileSystem(new org.apache.hadoop.conf.Configuration());
            if (fs instanceof org.apache.hadoop.fs.LocalFileSystem local) {
                fs = local.getRaw();   // no .crc file beside each PNG: the checksummed local FS wrote ~40 files/s
            }
            for (long i = (long) images * task / tasks; i < (long) images * (task + 1) / tasks; i++) {
                org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir,
                        "part=" + (i % 8) + "/class-" + (i % 10) + "/" + i + ".png");
                try (FSDataOutputStream o = fs.create(file, true)) {
                    o.write(SyntheticParquet.png(i));
                }
            }
        });
        try {
            Files.writeString(root.resolve("_SUCCESS"), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
