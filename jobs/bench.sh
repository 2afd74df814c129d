#!/usr/bin/env bash
# Benchmark (not a test): jobs/bench.sh [--out FILE] [--cores N] [--no-standalone] [--large-images N]
#   [--large-max-steps N] [--worker-memory 2g] [--executor-memory 1536m] [--naive-iterations N]
# Prints and writes as JSON, for dcgan28 (synthetic 28x28 images, batch 64), dcgan64 (64x64x3) and ring8: images/s of the
# single-JVM engine, of the Spark engine on local[N], on a loopback standalone cluster (jobs/local-cluster.sh)
# with 1 and 2 executors of 1 core, and of the naive dl4j-spark way (SparkDl4jMultiLayer per phase); the FLOPs
# per image, the float32 matmul rate and the share of it achieved; which nd4j-native build is loaded; and one
# epoch on a synthetic Parquet set of 300,000 images with the executors' peak heap. Builds on first use.
#   jobs/bench.sh --averaging-only      the averaging at scale: dcgan28 P = 2, 8, 32 and dcgan64 P = 8 on local[2]
#   jobs/bench.sh --folder-images N     a folder of N synthetic PNGs: listing, decoding and one epoch
#   jobs/bench.sh --images-only         dcgan28 and dcgan64 on both engines, D's convolutions on ND4J's conv2d op
#                                       and on DL4J's ConvolutionLayer side by side
#   jobs/bench.sh --routes[=R,...]      the speed routes (all, or some of layout, batch, threads, batch-norm,
#                                       activations, element-wise, workspaces): D's convolutions in NCHW and NHWC
#                                       (conv2d ops), dcgan28 at per-partition batches 32-256, native threads per
#                                       Spark task, batch norm on libnd4j's ops or DL4J's, ReLU / LeakyReLU vectorised
#                                       or DL4J's, both of those against both of DL4J's, the step's arrays in one
#                                       reused workspace or fresh
#   jobs/bench.sh --large-data-only --large-images N [--large-base-width W]   only the large-data epoch
#   jobs/bench.sh --tiny [...]          any of the above on toy sizes (small sets, 1 to 4 steps, dcgans of base width
#                                       4, one round per comparison): checks in seconds that each section runs;
#                                       its figures are not to be compared (BenchSectionsTest runs every section so)
exec "$(dirname "$0")/launch.sh" io.sparkgan.bench.BenchCommand "$@"
