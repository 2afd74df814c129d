package io.sparkgan.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.GanConfig;
import io.sparkgan.io.RunDirectory;
import io.sparkgan.run.RunSummary;
import io.sparkgan.spark.SparkEngine;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Large data (the Spark issue, item 5): dcgan28 at batch 64 trained for one epoch on a synthetic set of
 * {@code largeImages} 28x28 PNGs in Parquet partitions, and on a small set of the same kind, through the
 * given (cluster) context, whose executors stream their shards from Spark's persisted storage. Reports
 * both rates and the executors' peak JVM heap, read from the driver's REST API
 * (/api/v1/applications/ID/executors, peakMemoryMetrics.JVMHeapMemory and ProcessTreeJVMRSSMemory, sampled at
 * executor heartbeats).
 */
final class LargeDataBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final JavaSparkContext sc;
    private final Path work;
    private final PrintStream out;

    LargeDataBench(JavaSparkContext sc, Path work, PrintStream out) {
        this.sc = sc;
        this.work = work;
        this.out = out;
    }

    /**
     * {@code maxSteps} caps the generator steps per partition of each epoch (0 = the whole epoch); {@code baseWidth}
     * is dcgan28's model.dcgan.base-width (64 as in conf/fashion-dcgan28.conf; narrower makes the epoch data-bound).
     */
    Map<String, Object> run(int smallImages, int largeImages, int maxSteps, int baseWidth) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("small_images", smallImages);
        result.put("large_images", largeImages);
        result.put("max_steps_per_epoch", maxSteps);
        result.put("base_width", baseWidth);
        result.put("executor_memory", sc.getConf().get("spark.executor.memory", "(default 1g)"));
        double small = epoch("small", SyntheticParquet.write(sc, work.resolve("parquet-" + smallImages), smallImages, 8),
                maxSteps, baseWidth);
        result.put("small_images_per_second", small);
        long start = System.nanoTime();
        Path large = SyntheticParquet.write(sc, work.resolve("parquet-" + largeImages), largeImages, 32);
        result.put("large_write_seconds", (System.nanoTime() - start) / 1e9);
        double rate = epoch("large", large, maxSteps, baseWidth);
        result.put("large_images_per_second", rate);
        result.put("ratio_large_to_small", rate / small);
        List<Long> heaps = peakExecutorMetric("JVMHeapMemory");
        List<Long> rss = peakExecutorMetric("ProcessTreeJVMRSSMemory");
        result.put("executor_peak_heap_bytes", heaps);
        result.put("executor_peak_rss_bytes", rss);
        out.printf("large data (dcgan28, base width %d): %d images %.0f images/s, %d images %.0f images/s (%.2fx); "
                        + "executors' peak heap %s MB under spark.executor.memory = %s, peak RSS (heap + off-heap) %s MB%n",
                baseWidth, smallImages, small, largeImages, rate, rate / small, megabytes(heaps),
                result.get("executor_memory"), megabytes(rss));
        return result;
    }

    private double epoch(String name, Path parquet, int maxSteps, int baseWidth) {
        GanConfig config = ConfigLoader.load(Path.of("conf/fashion-dcgan28.conf"), List.of("engine=spark",
                "data.source=parquet", "data.parquet.path=\"" + parquet.toAbsolutePath() + "\"", "train.epochs=1",
                "train.max-steps-per-epoch=" + maxSteps, "spark.partitions=" + sc.defaultParallelism(), "threads=1",
                "output.log-every-steps=100000", "model.dcgan.base-width=" + baseWidth, "data.idx.images=\"\"",
                "data.idx.labels=\"\"", "evaluation.every-epochs=0"));
        RunDirectory run = RunDirectory.create(work.resolve("large-data-" + name + "-" + System.nanoTime()));
        RunSummary summary = new SparkEngine(config, run, new PrintStream(OutputStream.nullOutputStream())).train(false);
        return summary.samplesPerSecond();
    }

    private static List<Long> megabytes(List<Long> bytes) {
        return bytes.stream().map(b -> b >> 20).toList();
    }

    /**
     * A peak memory metric of every executor (not the driver) so far, in bytes: JVMHeapMemory, or
     * ProcessTreeJVMRSSMemory (needs spark.executor.processTreeMetrics.enabled); empty when the UI is off.
     */
    private List<Long> peakExecutorMetric(String metric) {
        List<Long> heaps = new ArrayList<>();
        if (sc.sc().uiWebUrl().isEmpty()) {
            return heaps;
        }
        URI uri = URI.create(sc.sc().uiWebUrl().get() + "/api/v1/applications/" + sc.sc().applicationId()
                + "/executors");
        try (InputStream in = uri.toURL().openStream()) {
            for (JsonNode executor : JSON.readTree(in)) {
                JsonNode peak = executor.path("peakMemoryMetrics").path(metric);
                if (!executor.path("id").asText().equals("driver") && peak.isNumber()) {
                    heaps.add(peak.asLong());
                }
            }
        } catch (IOException e) {
            out.println("cannot read executor metrics from " + uri + ": " + e.getMessage());
        }
        return heaps;
    }
}
