#!/usr/bin/env bash
# Rewrite the report of a run: jobs/report.sh RUN_DIR   (writes RUN_DIR/report.html; the run may be in progress)
# Builds the project on first use, like jobs/train.sh.
exec "$(dirname "$0")/launch.sh" io.sparkgan.cli.ReportCommand "$@"
