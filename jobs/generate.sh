#!/usr/bin/env bash
# Draw samples from a generator: jobs/generate.sh (--model G.zip | --run DIR) --out PATH [--count N] [--seed S]
#   [--format png|idx|grid] [--class C] [--interpolate STEPS] [key=value ...]
# e.g. jobs/generate.sh --run runs/fashion-dcgan28-20250101-120000 --count 100 --out grid.png
#      jobs/generate.sh --model generator.zip --count 10000 --out samples-idx3-ubyte.gz
#      jobs/generate.sh --model generator.zip --interpolate 10 --seed 7 --out strip.png
exec "$(dirname "$0")/launch.sh" io.sparkgan.cli.GenerateCommand "$@"
