#!/usr/bin/env bash
# Train a GAN: jobs/train.sh CONFIG [key=value ...] [--out DIR] [--dry-run]
# e.g. jobs/train.sh conf/ring8.conf train.epochs=5
# Builds the project on first use; writes the run directory (default runs/<name>-<time>).
exec "$(dirname "$0")/launch.sh" io.sparkgan.cli.TrainCommand "$@"
