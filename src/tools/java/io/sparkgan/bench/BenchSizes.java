package io.sparkgan.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * How much work each section of the bench does. {@link #FULL} gives the figures the bench reports;
 * {@link #TINY} ({@code jobs/bench.sh --tiny}) runs every section on toy sizes only to show that it runs: its
 * rates are real measurements of toy work, not figures to compare.
 *
 * @param matmulSize        n of the n x n float32 matmul whose rate the shares are of
 * @param matmulRepeats     timed matmuls
 * @param idxImages         random 28x28 images in the IDX file of dcgan28 and of the routes
 * @param folderImages      synthetic 64x64x3 PNGs in the folder of dcgan64
 * @param dcgan28Steps      train.max-steps-per-epoch of dcgan28 (2 epochs per rate)
 * @param dcgan64Steps      the same for dcgan64
 * @param ring8Steps        the same for ring8
 * @param ring8Points       data.size of ring8
 * @param baseWidth         model.dcgan.base-width of every dcgan; 0 = the conf's (64)
 * @param workloadBatch     train.batch-size (per partition) of the dcgan workloads of the default bench; 0 = the
 *                          conf's (64)
 * @param averagingImages   Parquet images of each averaging case
 * @param averagingRounds   timed averaging rounds (after one warm-up round) of each averaging case
 * @param routeRounds       rounds of each before / after route comparison
 * @param routeBatches      per-partition batches of the batch route
 * @param layoutBatch       batch of the NCHW / NHWC convolution timings
 * @param layoutRounds      rounds of those timings
 * @param layoutIterations  forward + backward passes per round
 * @param largeSmallImages  the reference set of the large-data epoch
 */
public record BenchSizes(int matmulSize, int matmulRepeats, int idxImages, int folderImages, int dcgan28Steps,
                         int dcgan64Steps, int ring8Steps, int ring8Points, int baseWidth, int workloadBatch,
                         int averagingImages,
                         int averagingRounds, int routeRounds, List<Integer> routeBatches, int layoutBatch,
                         int layoutRounds, int layoutIterations, int largeSmallImages) {

    /** The sizes of the reported figures. */
    public static final BenchSizes FULL = new BenchSizes(1024, 20, 12_800, 6_400, 40, 10, 400, 100_000, 0, 0, 8192, 8, 3,
            List.of(32, 64, 128, 256), 64, 7, 10, 12_800);

    /** Toy sizes: every section in seconds, on dcgans of base width 4 (the workloads' at batch 16). */
    public static final BenchSizes TINY = new BenchSizes(256, 5, 256, 128, 2, 1, 4, 4096, 4, 16, 1024, 1, 1,
            List.of(32, 64), 4, 1, 1, 512);

    public BenchSizes {
        routeBatches = List.copyOf(routeBatches);
    }

    /** The overrides that give a dcgan these sizes' width: none for the conf's own. */
    List<String> dcganWidth() {
        return baseWidth == 0 ? List.of() : List.of("model.dcgan.base-width=" + baseWidth);
    }

    /** The overrides that give a dcgan workload of the default bench these sizes' width and batch. */
    List<String> dcganWorkload() {
        List<String> all = new ArrayList<>(dcganWidth());
        if (workloadBatch > 0) {
            all.add("train.batch-size=" + workloadBatch);
        }
        return List.copyOf(all);
    }
}
