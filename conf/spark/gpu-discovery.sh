#!/usr/bin/env bash
# Spark's GPU discovery script (spark.executor.resource.gpu.discoveryScript): prints the executor's GPUs as
# {"name": "gpu", "addresses": ["0", "1", ...]}, the CUDA device indices that nvidia-smi lists.
set -euo pipefail
addresses=$(nvidia-smi --query-gpu=index --format=csv,noheader | sed -e 's/^ *//' -e 's/ *$//' \
    | awk 'BEGIN { ORS = "" } { if (NR > 1) print ","; printf "\"%s\"", $0 }')
echo "{\"name\": \"gpu\", \"addresses\": [${addresses}]}"
