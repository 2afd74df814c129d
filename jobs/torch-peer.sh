#!/usr/bin/env bash
# The PyTorch peer of dcgan28's training step (issue 30, not a test): jobs/torch-peer.sh [--threads 2] [--steps 300]
#   [--warmup 20] [--out FILE] [--profile]
# Trains the same network as conf/fashion-dcgan28.conf (batch 64, Adam 2e-4, non-saturating) on Fashion-MNIST with
# PyTorch on the CPU and prints and writes as JSON its images/s (real images D consumed per second), the torch
# version, threads, machine and which BLAS / oneDNN it loaded, for comparison with jobs/bench.sh's figures.
# Needs Debian's python3-torch (apt-get install -y python3-torch) and dataset-fashion-mnist. It runs on the python3
# that imports torch: $PYTHON when set, else python3 on the PATH, else /usr/bin/python3 (Debian's, when a pyenv or
# virtualenv python3 comes first on the PATH).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
for py in ${PYTHON:-python3 /usr/bin/python3}; do
  if "$py" -c 'import torch' >/dev/null 2>&1; then
    exec "$py" "$root/src/tools/python/torch_dcgan28.py" "$@"
  fi
done
echo "jobs/torch-peer.sh: python3 cannot import torch; install Debian's python3-torch (apt-get install -y python3-torch)" \
     "or set PYTHON to a python3 that has it" >&2
exit 1
