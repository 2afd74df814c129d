package io.sparkgan.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkgan.cli.TrainJob;
import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.GanConfig;
import io.sparkgan.platform.SparkContexts;
import io.sparkgan.train.GanState;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The averaging at scale (the cluster-scale issue): dcgan28 with P = 2, 8 and 32 partitions and dcgan64
 * (3 x 64 x 64) with P = 8, on local[2], global batch 64, H = 8. For each: the median round time (from
 * one metrics line per round), the state's size, what the driver receives per round (P float states up to
 * F = spark.averaging-fan-in, else at most F partial sums of doubles, whatever P is; all P float states
 * before the tree), and
 * the JVM's peak old-generation heap after the run (in local mode the driver and the executor threads
 * share the JVM, so it also holds the shards and the task networks).
 */
public final class AveragingBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int H = 8;
    private final Path work;
    private final BenchSizes sizes;
    private final PrintStream out;

    /** {@code sizes}: the Parquet images of each case, its timed rounds and the dcgans' width. */
    public AveragingBench(Path work, BenchSizes sizes, PrintStream out) {
        this.work = work;
        this.sizes = sizes;
        this.out = out;
    }

    private record Case(String name, int size, int channels, int partitions) {
    }

    public Map<String, Object> run() {
        List<Case> cases = List.of(new Case("dcgan28", 28, 1, 2), new Case("dcgan28", 28, 1, 8),
                new Case("dcgan28", 28, 1, 32), new Case("dcgan64", 64, 3, 8));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("master", "local[2]");
        result.put("global_batch", 64);
        result.put("averaging_period", H);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Case c : cases) {
            rows.add(measure(c));
        }
        result.put("cases", rows);
        return result;
    }

    private Map<String, Object> measure(Case c) {
        Path images = parquet(c.size(), c.channels());
        List<String> overrides = new ArrayList<>(List.of("engine=spark", "spark.master=\"local[2]\"",
                "spark.partitions=" + c.partitions(), "spark.averaging-period=" + H, "train.batch-size=64",
                "train.epochs=1", "train.max-steps-per-epoch=" + (H * (sizes.averagingRounds() + 1)),
                "output.log-every-steps=" + H, "data.source=parquet", "data.parquet.path=\"" + images + "\"",
                "data.idx.images=\"\"", "data.idx.labels=\"\"", "data.image.height=" + c.size(),
                "data.image.width=" + c.size(), "data.image.channels=" + c.channels(), "evaluation.every-epochs=0",
                "output.sample-grid=2"));
        overrides.addAll(sizes.dcganWidth());
        GanConfig config = ConfigLoader.load(Path.of("conf/fashion-dcgan28.conf"), overrides);
        GanState state = GanState.fresh(config, new long[]{c.channels(), c.size(), c.size()});
        long stateFloats = state.generator().params().length() + state.discriminator().params().length()
                + state.generator().getUpdater().getStateViewArray().length()
                + state.discriminator().getUpdater().getStateViewArray().length()
                + (state.generatorAverage() == null ? 0 : state.generatorAverage().length());
        int fanIn = config.spark().averagingFanIn();
        Path run = work.resolve("averaging-" + c.name() + "-p" + c.partitions());
        System.gc();
        resetPeaks();
        ByteArrayStream err = new ByteArrayStream();
        int code = TrainJob.run(Path.of("conf/fashion-dcgan28.conf"), overrides,
                new io.sparkgan.run.TrainOptions(run, null, true, false), new PrintStream(PrintStream.nullOutputStream()),
                err.stream());
        if (code != 0) {
            throw new IllegalStateException(c + " failed: " + err);
        }
        long peakOld = peakOldGeneration();
        double[] roundSeconds = roundSeconds(run, 64 * H);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("model", c.name());
        row.put("image", c.channels() + "x" + c.size() + "x" + c.size());
        row.put("partitions", c.partitions());
        row.put("rows_per_partition", 64 / c.partitions());
        row.put("state_floats", stateFloats);
        row.put("driver_receives_per_round_bytes", driverBytes(c.partitions(), fanIn, stateFloats));
        row.put("collect_of_all_states_bytes", (long) c.partitions() * stateFloats * 4);
        row.put("round_seconds_median", median(roundSeconds));
        row.put("round_seconds", roundSeconds);
        row.put("jvm_peak_old_gen_bytes", peakOld);
        out.printf("%s %s P = %2d: %d floats of state; driver receives %.1f MB per round (all P states: %.1f MB); "
                        + "round %.2f s (median of %d); JVM peak old gen %.0f MB%n", c.name(), row.get("image"),
                c.partitions(), stateFloats, (long) row.get("driver_receives_per_round_bytes") / 1e6,
                (long) row.get("collect_of_all_states_bytes") / 1e6, median(roundSeconds), roundSeconds.length,
                peakOld / 1e6);
        return row;
    }

    /**
     * What the driver collects per round: P float states when P <= F, else the at most F double partial sums
     * left after the tree's levels ({@code TreeAverage}).
     */
    static long driverBytes(int partitions, int fanIn, long stateFloats) {
        if (partitions <= fanIn) {
            return partitions * stateFloats * 4;
        }
        int remaining = partitions;
        while (remaining > fanIn) {
            remaining = (remaining + fanIn - 1) / fanIn;
        }
        return remaining * stateFloats * 8;
    }

    private Path parquet(int size, int channels) {
        Path dir = work.resolve("synthetic-" + channels + "x" + size + "x" + size + "-" + sizes.averagingImages());
        if (Files.exists(dir.resolve("_SUCCESS"))) {
            return dir;                              // written for an earlier case: no context to open
        }
        GanConfig config = ConfigLoader.load(Path.of("conf/ring8.conf"), List.of("spark.master=\"local[2]\""));
        try (SparkContexts.Handle spark = SparkContexts.open(config)) {
            return SyntheticParquet.write(spark.context(), dir, sizes.averagingImages(), 4, size, channels);
        }
    }

    /** Seconds of each round but the first (warm-up): H iterations of B images at the line's rate. */
    private static double[] roundSeconds(Path run, int imagesPerRound) {
        try {
            List<Double> seconds = new ArrayList<>();
            for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
                JsonNode json = JSON.readTree(line);
                if (json.get("kind").asText().equals("interval")) {
                    seconds.add(imagesPerRound / json.get("images_per_second").asDouble());
                }
            }
            return seconds.stream().skip(1).mapToDouble(Double::doubleValue).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    }

    private static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakOldGeneration() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.getName().contains("Old Gen"))
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    /** Collects a failed run's error line. */
    private static final class ByteArrayStream {
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

        PrintStream stream() {
            return new PrintStream(bytes, true);
        }

        @Override
        public String toString() {
            return bytes.toString();
        }
    }
}
