"""Image augmentation throughput beside training throughput (issue 6,
item 5).

    KERATA_BACKEND=torch python benchmarks/preprocessing.py [--threads N]
        [--batches 4] [--json out.json]

- pipeline: `Sequential([Rescaling, RandomFlip, RandomRotation,
  RandomZoom])` called with `training=True` on batches of 128 images of
  64x64x3 (float32 in [0, 255]); one call = `--batches` batches.
- W2: one epoch of `fit` of the CNN of `training.py` (Conv32-Conv64-
  MaxPool-Dense10 on 28x28x1, batch 128, 8 steps).

Both are timed in the same run, interleaved (`_harness.compare_many`),
and reported in images per second; the goal is pipeline / training >= 5,
so augmentation on the training device never starves the model.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np

os.environ.setdefault("KERATA_BACKEND", "torch")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402
from _harness import compare_many  # noqa: E402
from _harness import environment  # noqa: E402
from training import build  # noqa: E402

import kerata  # noqa: E402

BATCH = 128
IMAGE_SHAPE = (64, 64, 3)
W2_STEPS = 8


def build_pipeline():
    L = kerata.layers
    return kerata.Sequential(
        [
            kerata.Input(IMAGE_SHAPE),
            L.Rescaling(1.0 / 255),
            L.RandomFlip("horizontal", seed=1),
            L.RandomRotation(0.1, seed=2),
            L.RandomZoom(0.2, seed=3),
        ]
    )


def run(threads: int | None, batches: int) -> dict:
    if threads:
        torch.set_num_threads(threads)
    rng = np.random.default_rng(0)
    images = [
        kerata.ops.convert_to_tensor(
            rng.uniform(0, 255, (BATCH, *IMAGE_SHAPE)).astype("float32")
        )
        for _ in range(batches)
    ]
    pipeline = build_pipeline()

    def augment():
        for x in images:
            out = pipeline(x, training=True)
        # Wait for the (possibly asynchronous) result.
        kerata.ops.convert_to_numpy(out[:1, :1, :1])

    n = BATCH * W2_STEPS
    x_np = rng.random((n, 28, 28, 1), dtype="float32")
    y_np = rng.integers(0, 10, n).astype("int64")
    model = build(kerata, "cnn")

    def train():
        model.fit(x_np, y_np, batch_size=BATCH, epochs=1, verbose=0)

    stats = compare_many(
        {"pipeline": augment, "W2": train}, reference="W2", rounds=7
    )
    pipeline_ips = batches * BATCH / (stats["pipeline"]["ms"] / 1e3)
    train_ips = n / (stats["W2"]["ms"] / 1e3)
    # Per-round ratio of throughputs = (W2 time / n) / (pipeline time /
    # images), the inverse of the time ratio scaled by the image counts.
    ratio = (batches * BATCH / n) / stats["pipeline"]["ratio"]
    print(
        f"pipeline: {pipeline_ips:,.0f} images/s "
        f"({stats['pipeline']['ms'] / batches:.1f} ms per batch of {BATCH} "
        f"{'x'.join(map(str, IMAGE_SHAPE))}); W2 training: "
        f"{train_ips:,.0f} images/s; ratio pipeline/training: {ratio:.2f} "
        "(goal >= 5)",
        flush=True,
    )
    return {
        "environment": environment(),
        "pipeline_images_per_s": pipeline_ips,
        "w2_images_per_s": train_ips,
        "ratio": ratio,
        "timings": stats,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--batches", type=int, default=4)
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    results = run(args.threads, args.batches)
    print(json.dumps(results["environment"]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
