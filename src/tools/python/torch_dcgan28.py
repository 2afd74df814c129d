#!/usr/bin/env python3
"""A PyTorch (CPU) peer of the project's dcgan28 training step, for speed comparisons (issue 30).

Run it with jobs/torch-peer.sh [--threads 2] [--steps 300] [--warmup 20] [--out FILE] [--profile]
(needs Debian's python3-torch). It trains on Fashion-MNIST the same network as conf/fashion-dcgan28.conf
(DcganNetworks, DESIGN §6) with the same step as TrainingStep, and prints and writes as JSON images/s: the real
images D consumed per second (64 per iteration) over the timed steps, after the untimed warm-up steps.

G: z [B, 64] ~ N(0, 1) -> dense 64 -> 6272, BN over the 6272 features, ReLU -> reshape [B, 128, 7, 7]
   -> deconv 4x4/2 pad 1 to [B, 64, 14, 14], BN, ReLU -> deconv 4x4/2 pad 1 to [B, 1, 28, 28], tanh.
D: x [B, 1, 28, 28] -> conv 4x4/2 pad 1 to [B, 64, 14, 14], LeakyReLU 0.2 -> conv 4x4/2 pad 1 to
   [B, 128, 7, 7], BN, LeakyReLU 0.2 -> flatten [B, 6272] -> dense 6272 -> 1 logit.
Weights N(0, 0.02), biases 0, BN gamma 1 / beta 0, BN momentum 0.1 (DL4J's decay 0.9) and eps 1e-5.
One iteration: a D step (a real batch and a fake batch of 64 as two separate passes through D, both in training
mode, their gradients summed into one Adam step), then a G step on fresh noise (64 fakes through D without
changing D's weights or its batch-norm running statistics). Non-saturating loss, Adam lr 2e-4, betas
(0.5, 0.999), eps 1e-8, for both.
"""
import argparse
import gzip
import json
import os
import platform
import subprocess
import sys
import time


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (default 2)")
    ap.add_argument("--steps", type=int, default=300, help="timed iterations (default 300)")
    ap.add_argument("--warmup", type=int, default=20, help="untimed iterations first (default 20)")
    ap.add_argument("--out", help="write the figures as JSON to this file")
    ap.add_argument("--images", default="/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz",
                    help="IDX3 training images (default Fashion-MNIST's)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--profile", action="store_true", help="print the ops' CPU times over the timed steps")
    args = ap.parse_args()
    if args.steps < 1 or args.warmup < 0 or args.threads < 1:
        ap.error("--steps and --threads must be at least 1, --warmup at least 0")
    return args


if __name__ == "__main__":
    ARGS = parse_args()
    # before torch loads them: OpenMP's and a threaded BLAS's pools at --threads, not at the core count
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, str(ARGS.threads))

import numpy as np                      # noqa: E402
import torch                            # noqa: E402
from torch import nn                    # noqa: E402
import torch.nn.functional as F         # noqa: E402

LATENT = 64
BATCH = 64
WIDTH = 64                      # model.dcgan.base-width
START = 7                       # 28 = 7 * 2^2
DEEPEST = WIDTH * 2             # 128 channels at 7x7
LEAK = 0.2
INIT_STD = 0.02


def load_idx_images(path):
    """An IDX3 file of uint8 images as an array [N, 1, H, W] (uint8)."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, n, h, w = np.frombuffer(data, dtype=">i4", count=4)
    if magic != 0x00000803:
        raise ValueError(f"{path}: not an IDX3 ubyte file (magic {magic:#x})")
    return np.frombuffer(data, dtype=np.uint8, offset=16).reshape(n, 1, h, w)


class Reshape(nn.Module):
    def __init__(self, *shape):
        super().__init__()
        self.shape = shape

    def forward(self, x):
        return x.view(x.size(0), *self.shape)


def generator():
    return nn.Sequential(
        nn.Linear(LATENT, START * START * DEEPEST),                       # [B, 6272]
        nn.BatchNorm1d(START * START * DEEPEST, eps=1e-5, momentum=0.1),  # per feature, before the reshape (as DL4J)
        nn.ReLU(),
        Reshape(DEEPEST, START, START),                                   # [B, 128, 7, 7], 'c' order
        nn.ConvTranspose2d(DEEPEST, WIDTH, 4, stride=2, padding=1),       # [B, 64, 14, 14]
        nn.BatchNorm2d(WIDTH, eps=1e-5, momentum=0.1),
        nn.ReLU(),
        nn.ConvTranspose2d(WIDTH, 1, 4, stride=2, padding=1),             # [B, 1, 28, 28]
        nn.Tanh(),
    )


def discriminator():
    return nn.Sequential(
        nn.Conv2d(1, WIDTH, 4, stride=2, padding=1),                      # [B, 64, 14, 14]
        nn.LeakyReLU(LEAK),
        nn.Conv2d(WIDTH, DEEPEST, 4, stride=2, padding=1),                # [B, 128, 7, 7]
        nn.BatchNorm2d(DEEPEST, eps=1e-5, momentum=0.1),
        nn.LeakyReLU(LEAK),
        nn.Flatten(),                                                     # [B, 6272]
        nn.Linear(START * START * DEEPEST, 1),                            # [B, 1] logit
    )


def init_weights(net):
    """N(0, 0.02) weights and zero biases for dense and (de)convolution layers; BN keeps gamma 1, beta 0."""
    for m in net.modules():
        if isinstance(m, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.normal_(m.weight, 0.0, INIT_STD)
            nn.init.zeros_(m.bias)


EXPECTED_G = [(BATCH, 6272), (BATCH, 6272), (BATCH, 6272), (BATCH, 128, 7, 7), (BATCH, 64, 14, 14),
              (BATCH, 64, 14, 14), (BATCH, 64, 14, 14), (BATCH, 1, 28, 28), (BATCH, 1, 28, 28)]
EXPECTED_D = [(BATCH, 64, 14, 14), (BATCH, 64, 14, 14), (BATCH, 128, 7, 7), (BATCH, 128, 7, 7),
              (BATCH, 128, 7, 7), (BATCH, 6272), (BATCH, 1)]
# trainable parameters (DL4J also counts BN's running mean and variance as parameters; these do not)
EXPECTED_PARAMS = {"G": 64 * 6272 + 6272 + 2 * 6272 + 128 * 64 * 16 + 64 + 2 * 64 + 64 * 16 + 1,
                   "D": 64 * 16 + 64 + 64 * 128 * 16 + 128 + 2 * 128 + 6272 + 1}


def check_shapes(g, d):
    """Asserts each layer's output shape and each network's parameter count against DcganNetworks' dcgan28."""
    def trace(net, x):
        shapes = []
        for layer in net:
            x = layer(x)
            shapes.append(tuple(x.shape))
        return shapes

    with torch.no_grad():
        g.eval()
        d.eval()
        gs = trace(g, torch.zeros(BATCH, LATENT))
        ds = trace(d, torch.zeros(BATCH, 1, 28, 28))
        g.train()
        d.train()
    assert gs == EXPECTED_G, f"G shapes {gs}"
    assert ds == EXPECTED_D, f"D shapes {ds}"
    counts = {"G": sum(p.numel() for p in g.parameters()), "D": sum(p.numel() for p in d.parameters())}
    assert counts == EXPECTED_PARAMS, f"parameter counts {counts}, expected {EXPECTED_PARAMS}"
    return counts


def set_bn_momentum(net, momentum):
    for m in net.modules():
        if isinstance(m, nn.modules.batchnorm._BatchNorm):
            m.momentum = momentum


def machine():
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            if line.startswith("Model name:"):
                return line.split(":", 1)[1].strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    return platform.processor() or "unknown"


def debian_torch_version():
    try:
        return subprocess.run(["dpkg-query", "-W", "-f=${Version}", "python3-torch"], capture_output=True,
                              text=True, check=True).stdout.strip() or None
    except (OSError, subprocess.CalledProcessError):
        return None


def loaded_libraries():
    """The BLAS / LAPACK / oneDNN / OpenMP libraries this process has mapped (which BLAS the alternatives pick)."""
    found = set()
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                path = line.split()[-1]
                name = os.path.basename(path)
                if any(k in name for k in ("blas", "lapack", "dnnl", "mkl", "gomp", "omp")):
                    found.add(os.path.realpath(path))
    except OSError:
        pass
    return sorted(found)


def main(args):
    torch.set_num_threads(args.threads)
    try:
        torch.set_num_interop_threads(1)   # the step has no inter-op parallelism; keep the process at --threads
    except RuntimeError:
        pass
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)

    images = load_idx_images(args.images)   # uint8 [60000, 1, 28, 28], scaled per batch like ImageSet
    n = images.shape[0]

    g, d = generator(), discriminator()
    init_weights(g)
    init_weights(d)
    params = check_shapes(g, d)
    opt_g = torch.optim.Adam(g.parameters(), lr=2e-4, betas=(0.5, 0.999), eps=1e-8)
    opt_d = torch.optim.Adam(d.parameters(), lr=2e-4, betas=(0.5, 0.999), eps=1e-8)
    d_params = list(d.parameters())
    ones = torch.ones(BATCH, 1)
    zeros = torch.zeros(BATCH, 1)

    order, cursor = rng.permutation(n), 0

    def real_batch():
        nonlocal order, cursor
        if cursor + BATCH > n:                  # a new epoch, shuffled; the last partial batch is dropped
            order, cursor = rng.permutation(n), 0
        rows = np.sort(order[cursor:cursor + BATCH])
        cursor += BATCH
        return torch.from_numpy(images[rows]).float().div_(127.5).sub_(1.0)   # x / 127.5 - 1

    def iteration():
        # D step: real and fake as two separate minibatches (as TrainingStep), one Adam step on the summed gradient
        real = real_batch()
        with torch.no_grad():
            fake = g(torch.randn(BATCH, LATENT))     # G in training mode, as the project's D step runs it
        opt_d.zero_grad(set_to_none=True)
        d_loss = (F.binary_cross_entropy_with_logits(d(real), ones)
                  + F.binary_cross_entropy_with_logits(d(fake), zeros))
        d_loss.backward()
        opt_d.step()
        # G step on fresh noise: through D without D's weight gradients and without moving D's BN statistics
        for p in d_params:
            p.requires_grad_(False)
        set_bn_momentum(d, 0.0)
        opt_g.zero_grad(set_to_none=True)
        g_loss = F.binary_cross_entropy_with_logits(d(g(torch.randn(BATCH, LATENT))), ones)   # softplus(-l)
        g_loss.backward()
        opt_g.step()
        set_bn_momentum(d, 0.1)
        for p in d_params:
            p.requires_grad_(True)
        return d_loss, g_loss

    for _ in range(args.warmup):
        iteration()

    profiler = torch.autograd.profiler.profile() if args.profile else None
    if profiler:
        profiler.__enter__()
    start = time.perf_counter()
    for _ in range(args.steps):
        d_loss, g_loss = iteration()
    seconds = time.perf_counter() - start
    if profiler:
        profiler.__exit__(None, None, None)
        print(profiler.key_averages().table(sort_by="self_cpu_time_total", row_limit=20))

    d_loss, g_loss = float(d_loss), float(g_loss)
    if not (np.isfinite(d_loss) and np.isfinite(g_loss)):
        print(f"losses not finite: D {d_loss}, G {g_loss}", file=sys.stderr)
        return 1
    libs = loaded_libraries()
    result = {
        "model": "dcgan28",
        "framework": "pytorch",
        "torch_version": torch.__version__,
        "debian_python3_torch": debian_torch_version(),
        "python": platform.python_version(),
        "threads": torch.get_num_threads(),
        "interop_threads": torch.get_num_interop_threads(),
        "mkldnn": torch.backends.mkldnn.is_available(),
        "libraries": libs,
        "machine": machine(),
        "batch_size": BATCH,
        "warmup_steps": args.warmup,
        "timed_steps": args.steps,
        "seconds": round(seconds, 4),
        "images_per_second": round(args.steps * BATCH / seconds, 2),
        "ms_per_iteration": round(1000 * seconds / args.steps, 3),
        "parameters": params,
        "final_d_loss": round(d_loss, 5),
        "final_g_loss": round(g_loss, 5),
    }
    print(f"torch {result['torch_version']} (python3-torch {result['debian_python3_torch']}), "
          f"{result['threads']} threads, {result['machine']}")
    print(f"BLAS/oneDNN/OpenMP: {', '.join(libs) or 'none found'}")
    if any("/blas/libblas.so" in lib for lib in libs):
        print("note: libblas.so.3 is the reference (netlib) BLAS: the transposed convolutions (slow_conv_transpose2d"
              " and their backward, im2col + gemm) and the dense layers run on it unoptimised and single-threaded;"
              " apt-get install -y libopenblas0-pthread points libblas.so.3 at OpenBLAS")
    print(f"dcgan28 batch {BATCH}: {result['images_per_second']} images/s "
          f"({result['ms_per_iteration']} ms/iteration over {args.steps} steps after {args.warmup} warm-up), "
          f"D loss {result['final_d_loss']}, G loss {result['final_g_loss']}")
    if args.out:
        with open(args.out, "w") as f:
            json.dump(result, f, indent=2)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(ARGS))
