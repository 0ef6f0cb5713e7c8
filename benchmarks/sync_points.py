"""Where a kerata training step waits for the GPU: runs `fit` on the W4
and W2 workloads of `training.py` with torch's CUDA sync debug mode on and
lists each distinct place (innermost kerata frame) that synchronized.

    KERATA_BACKEND=torch python benchmarks/sync_points.py

A step that never synchronizes lets the host queue the next step while the
GPU runs this one; a hand-written torch loop syncs once per epoch (reading
the running loss). Needs CUDA; on a machine without it, says so and exits.
"""

from __future__ import annotations

import collections
import os
import sys
import traceback
import warnings

import numpy as np

os.environ.setdefault("KERATA_BACKEND", "torch")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402
from training import build  # noqa: E402

import kerata  # noqa: E402


def sync_sites(kind: str, shape: tuple, batch: int, steps: int) -> dict:
    rng = np.random.default_rng(0)
    n = batch * steps
    x = torch.from_numpy(rng.random((n, *shape), dtype="float32")).cuda()
    y = torch.from_numpy(rng.integers(0, 10, n)).cuda()
    model = build(kerata, kind)
    model.fit(x, y, batch_size=batch, epochs=1, verbose=0)  # warm-up
    sites: collections.Counter = collections.Counter()
    original = warnings.showwarning

    def record(message, category, filename, lineno, file=None, line=None):
        frames = [
            f
            for f in traceback.extract_stack()
            if "kerata" in f.filename and "benchmarks" not in f.filename
        ]
        where = (
            f"{os.path.relpath(frames[-1].filename)}:{frames[-1].lineno} "
            f"{frames[-1].line}"
            if frames
            else f"{filename}:{lineno}"
        )
        sites[where] += 1

    warnings.showwarning = record
    torch.cuda.set_sync_debug_mode("warn")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.showwarning = record
            model.fit(x, y, batch_size=batch, epochs=1, verbose=0)
    finally:
        torch.cuda.set_sync_debug_mode("default")
        warnings.showwarning = original
    return dict(sites)


def main() -> None:
    if not torch.cuda.is_available():
        print("No CUDA device: nothing to check.")
        return
    for name, (kind, shape, batch, steps) in {
        "W4": ("dense", (784,), 32, 50),
        "W2": ("cnn", (28, 28, 1), 128, 8),
    }.items():
        sites = sync_sites(kind, shape, batch, steps)
        total = sum(sites.values())
        print(f"{name}: {total} synchronizations in one {steps}-step epoch")
        for where, count in sorted(sites.items(), key=lambda kv: -kv[1]):
            print(f"  {count:5d}  {where}")


if __name__ == "__main__":
    main()
