package io.sparkgan.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every section of jobs/bench.sh runs once on toy sizes (--tiny) through BenchCommand, as the script calls it, and
 * writes its figures to the JSON file: a section that breaks fails here rather than in a user's first bench. The
 * loopback standalone cluster (the 1 and 2 executor rates and the large-data epoch, also --large-data-only) is left
 * out with --no-standalone: it starts three JVMs, and StandaloneClusterTest covers that cluster. --images-only is
 * the default's dcgan28 and dcgan64 without ring8 and the baseline, so it is not run on its own.
 */
class BenchSectionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theDefaultBenchMeasuresEveryWorkloadOnEveryEngineAndTheNaiveBaseline() throws IOException {
        JsonNode result = bench("--cores", "2", "--naive-iterations", "1", "--no-standalone");

        assertPositive(result, "matmul_gflops");
        assertThat(result.path("nd4j_native").asText()).isNotBlank();
        for (String workload : List.of("dcgan28", "dcgan64", "ring8")) {
            JsonNode w = result.path(workload);
            for (String figure : List.of("flops_per_image", "single_jvm", "spark_local", "naive_dl4j_spark",
                    "achieved_gflops", "share_of_matmul", "spark_local_over_naive")) {
                assertPositive(w, figure);
            }
        }
        for (String workload : List.of("dcgan28", "dcgan64")) {
            assertPositive(result.path(workload), "single_jvm_dl4j_convolution");
            assertPositive(result.path(workload), "spark_local_dl4j_convolution");
        }
        assertThat(result.path("dcgan64").path("naive_dl4j_spark_means").asText())
                .as("the naive baseline on dcgan64's shape, not on its folder").contains("random images");
    }

    @Test
    void theAveragingAtScaleTimesRoundsOfEveryCase() throws IOException {
        JsonNode result = bench("--averaging-only");

        assertThat(result.path("cases")).hasSize(4);
        for (JsonNode c : result.path("cases")) {
            assertPositive(c, "state_floats");
            assertPositive(c, "driver_receives_per_round_bytes");
            assertPositive(c, "round_seconds_median");
        }
    }

    @Test
    void theImageFolderIsListedDecodedAndTrainedOn() throws IOException {
        JsonNode result = bench("--folder-images", "128");

        assertThat(result.path("decoded_images").asLong()).isEqualTo(128);
        assertPositive(result, "list_decode_count_seconds");
        assertPositive(result, "epoch_images_per_second");
    }

    @Test
    void everySpeedRouteMeasuresItsSettings() throws IOException {
        JsonNode result = bench("--routes");

        assertPositive(result, "dcgan28_flops_per_image");
        assertThat(result.path("convolution_layout")).hasSize(ConvolutionLayoutBench.LAYERS.size());
        for (JsonNode layer : result.path("convolution_layout")) {
            assertPositive(layer, "nchw_ms");
            assertPositive(layer, "nhwc_ms");
        }
        assertThat(result.path("batch_per_partition")).hasSize(BenchSizes.TINY.routeBatches().size());
        assertThat(result.path("threads_per_task")).hasSize(3);
        for (String list : List.of("batch_per_partition", "threads_per_task")) {
            for (JsonNode row : result.path(list)) {
                assertPositive(row, "images_per_second");
            }
        }
        for (String route : List.of("batch_norm", "activations", "element_wise", "workspaces")) {
            assertPositive(result.path(route), "spark_local2_after_over_before");
            assertPositive(result.path(route), "single_jvm_1_thread_after_over_before");
        }
    }

    /** jobs/bench.sh --tiny with {@code args} and its own --work and --out; the JSON it wrote. */
    private JsonNode bench(String... args) throws IOException {
        Path out = dir.resolve("bench.json");
        List<String> all = new ArrayList<>(List.of("--tiny", "--work", dir.resolve("work").toString(),
                "--out", out.toString()));
        all.addAll(List.of(args));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine command = new CommandLine(new BenchCommand())
                .setErr(new java.io.PrintWriter(new PrintStream(err, true, StandardCharsets.UTF_8), true));
        int code = command.execute(all.toArray(String[]::new));
        assertThat(code).as("exit code of bench %s; stderr: %s", all, err.toString(StandardCharsets.UTF_8))
                .isZero();
        return JSON.readTree(out.toFile());
    }

    private static void assertPositive(JsonNode parent, String key) {
        JsonNode value = parent.path(key);
        assertThat(value.isNumber()).as("%s is a number in %s", key, parent).isTrue();
        assertThat(value.asDouble()).as(key).isPositive().isFinite();
    }
}
