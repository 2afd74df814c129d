"""A round of the Spark engine on a real cluster, on paper (issue 30): python3 src/tools/python/round_model.py

For P executors on a link of L Gbit/s and a GPU step of t seconds, a round of H iterations takes
    H t                              compute (every partition in parallel)
  + S / bw + log2(P) * 4 MB / bw     the driver's snapshot to every executor (Spark's torrent broadcast, 4 MB blocks)
  + sum over the tree's levels of (terms a node adds) * (bytes of a term) / bw
                                     the averaging tree (spark.averaging-fan-in F = 8): a node of the first level
                                     takes in up to F float states of S bytes, one of a later level up to F double
                                     sums of 2 S bytes, the driver the last level's
  + 26 ms                            Spark's job, task launch and the state's serialisation: the non-compute part of
                                     a ring8 round measured on local[2] (58 ms, of which 32 ms task compute;
                                     cluster-scale.md), as a constant
with S the bytes of one partition's GanSnapshot (G and D parameters and both Adam states, float), counted from the
networks the code builds. Links at full line rate, no overlap of compute and transfer: a lower bound on the
communication, so the shares below are optimistic where the links are shared.
"""
import math

STATE_BYTES = {'dcgan28': 8.35e6, 'dcgan64': 72.94e6}   # 1x28x28 and 3x64x64, base width 64, latent 64
STEP_SECONDS = {'dcgan28': 0.005, 'dcgan64': 0.020}
FAN_IN = 8
JOB_SECONDS = 0.026
BLOCK_BYTES = 4e6


def tree_bytes(partitions, state):
    """Bytes the busiest receiver of each level of the averaging tree takes in, summed over the levels, and the levels."""
    total, terms, level = 0.0, partitions, 0
    while True:
        total += min(FAN_IN, terms) * (state if level == 0 else 2 * state)
        terms, level = math.ceil(terms / FAN_IN), level + 1
        if terms == 1:
            return total, level


def main():
    print("| model | Gbit/s | P | tree levels | state moved per round | H = 1 | H = 8 | H = 32 | H for < 5% |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for model, state in STATE_BYTES.items():
        step = STEP_SECONDS[model]
        for gbit in (10, 25):
            bandwidth = gbit * 1e9 / 8
            for partitions in (8, 32, 128):
                up, levels = tree_bytes(partitions, state)
                moved = state / bandwidth + math.log2(partitions) * BLOCK_BYTES / bandwidth + up / bandwidth
                cells = []
                for h in (1, 8, 32):
                    round_seconds = h * step + moved + JOB_SECONDS
                    cells.append(f"{round_seconds * 1000:.0f} ms, {100 * (moved + JOB_SECONDS) / round_seconds:.0f}%")
                five_percent = math.ceil(19 * (moved + JOB_SECONDS) / step)   # H t >= 19 (moved + job)
                print(f"| {model} | {gbit} | {partitions} | {levels} | {moved * 1000:.0f} ms | " + " | ".join(cells)
                      + f" | {five_percent} |")


if __name__ == "__main__":
    main()
