#!/usr/bin/env bash
# Benchmark (not a test): jobs/bench.sh [--out FILE] [--cores N]
# Prints and writes as JSON the images/s of the single-JVM engine and of the Spark engine on local[N] for
# dcgan28 (synthetic 28x28 images, batch 64) and ring8, the FLOPs per image, and the float32 matmul rate.
exec "$(dirname "$0")/launch.sh" io.sparkgan.cli.BenchCommand "$@"
