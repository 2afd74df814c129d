#!/usr/bin/env bash
# Score a generator against the real data set: jobs/evaluate.sh (--model G.zip | --run DIR | --samples PATH)
#   [--real TRAIN_IMAGES [--real-labels LABELS]] [--test-images IMAGES] [--count N] [--seed S] [--out FILE] [key=value ...]
# e.g. jobs/evaluate.sh --run runs/fashion-dcgan28-20250101-120000 --out eval.json
#      jobs/evaluate.sh --samples my-samples/ --real /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz
# Prints the metrics (FD, classifier score, classes present, precision/recall, each beside its real-data floor)
# and writes them as JSON with --out. Builds the project on first use.
exec "$(dirname "$0")/launch.sh" io.sparkgan.cli.EvaluateCommand "$@"
