"""Input pipeline speed: images/second read by
`kerata.utils.image_dataset_from_directory` beside the images/second that
`fit` trains W2 on, in one run (data utilities issue, item 5).

    KERATA_BACKEND=torch python benchmarks/input_pipeline.py [--threads N]
        [--files 5000] [--source-size 72] [--workers 1,2,4] [--json out.json]

The benchmark writes `--files` small RGB PNG files (10 classes, each
`--source-size` pixels square) to a temporary folder, then times full
passes over `image_dataset_from_directory(..., batch_size=128,
image_size=(64, 64))` through the same data adapter `fit` uses (decode,
resize, batch, convert to backend tensors), once per `--workers` setting
(threads decoding batches in parallel), and through `.cache()` in memory
and in files (`cached_memory`, `cached_file`: the first, untimed pass
decodes and fills the cache; timed passes read it, as every epoch after
the first does). W2 is the CNN of
`benchmarks/training.py` (Conv32-Conv64-MaxPool-Dense10 on 28x28x1, batch
128, Adam), trained with `fit` on in-memory arrays for 8 steps per call.
The ratio pipeline / training says how many times faster than W2 trains
the loader can feed it (goal: at least 5).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile

import numpy as np

os.environ.setdefault("KERATA_BACKEND", "torch")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402
from _harness import compare_many  # noqa: E402
from _harness import environment  # noqa: E402
from training import build  # noqa: E402

import kerata  # noqa: E402
from kerata.src.trainers.data_adapters import get_data_adapter  # noqa: E402

BATCH = 128
IMAGE_SIZE = (64, 64)
W2_STEPS = 8


def write_images(root: str, count: int, size: int) -> None:
    """Writes `count` PNG files of smooth random color fields (they compress
    like photos, not like noise) in 10 class folders."""
    from PIL import Image

    rng = np.random.default_rng(0)
    ramp = np.linspace(0, 1, size, dtype="float32")
    for index in range(count):
        folder = os.path.join(root, f"class_{index % 10}")
        os.makedirs(folder, exist_ok=True)
        a, b, c = rng.random((3, 3), dtype="float32")
        field = (
            a[None, None] * ramp[:, None, None]
            + b[None, None] * ramp[None, :, None]
        )
        field = (
            field
            + c[None, None] * 0.5
            + rng.random((size, size, 3), dtype="float32") * 0.1
        )
        pixels = np.clip(field * 120, 0, 255).astype("uint8")
        Image.fromarray(pixels).save(os.path.join(folder, f"{index}.png"))


def pipeline_pass(dataset) -> int:
    """Reads one epoch as `fit` does; returns the number of images."""
    adapter = get_data_adapter(dataset)
    adapter.on_epoch_begin()
    seen = 0
    for batch in adapter.get_batches():
        seen += int(batch[0].shape[0])
    adapter.on_epoch_end()
    return seen


def run(threads, files, source_size, workers_list) -> dict:
    if threads:
        torch.set_num_threads(threads)
    root = tempfile.mkdtemp(prefix="kerata_input_pipeline_")
    try:
        write_images(root, files, source_size)
        datasets = {}
        for workers in workers_list:
            dataset = kerata.utils.image_dataset_from_directory(
                root,
                batch_size=BATCH,
                image_size=IMAGE_SIZE,
                seed=0,
                verbose=False,
            )
            dataset.workers = workers
            datasets[f"pipeline_w{workers}"] = dataset
        # Decoded once, then read from the cache (the warm-up pass fills
        # it): in memory, and in files as a later run would find them.
        fresh = kerata.utils.image_dataset_from_directory(
            root, batch_size=BATCH, image_size=IMAGE_SIZE, seed=0, verbose=False
        )
        datasets["cached_memory"] = fresh.cache()
        datasets["cached_file"] = fresh.cache(os.path.join(root, "decoded"))
        rng = np.random.default_rng(0)
        n = BATCH * W2_STEPS
        x = rng.random((n, 28, 28, 1), dtype="float32")
        y = rng.integers(0, 10, n).astype("int64")
        model = build(kerata, "cnn")
        calls = {
            "w2_fit": lambda: model.fit(
                x, y, batch_size=BATCH, epochs=1, verbose=0
            )
        }
        for name, dataset in datasets.items():
            calls[name] = lambda d=dataset: pipeline_pass(d)
        stats = compare_many(calls, reference="w2_fit", rounds=5)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    counts = {"w2_fit": n, **{name: files for name in datasets}}
    rates = {
        name: counts[name] / (stat["ms"] / 1e3) for name, stat in stats.items()
    }
    results = {
        "environment": environment(),
        "files": files,
        "source_size": source_size,
        "image_size": IMAGE_SIZE,
        "batch_size": BATCH,
        "images_per_second": rates,
        "ratio_to_w2": {
            # A per-round median of time ratios, turned into a speed ratio.
            name: counts[name] / n / stats[name]["ratio"]
            for name in datasets
        },
        "ms_per_call": {name: stat["ms"] for name, stat in stats.items()},
    }
    print(f"W2 fit: {rates['w2_fit']:.0f} images/s", flush=True)
    for name in datasets:
        print(
            f"{name}: {rates[name]:.0f} images/s "
            f"(x{results['ratio_to_w2'][name]:.1f} of W2 training)",
            flush=True,
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--source-size", type=int, default=72)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    workers = [int(w) for w in args.workers.split(",")]
    results = run(args.threads, args.files, args.source_size, workers)
    print(json.dumps(results["environment"]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
