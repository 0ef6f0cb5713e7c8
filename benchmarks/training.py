"""Training and prediction speed: kerata beside a hand-written PyTorch loop
and Keras 3, in one run (training issue, item 9).

    KERATA_BACKEND=torch python benchmarks/training.py [--threads N]
        [--no-keras] [--only W1,W4] [--json out.json]

Workloads (all Adam, lr 1e-3, sparse categorical crossentropy on logits,
data shuffled every epoch, one call = one epoch):

- W1: MLP 784-512-256-10, batch 128.
- W2: CNN Conv32-Conv64-MaxPool-Dense10 on 28x28x1, batch 128.
- W4: Dense(10) on 784 inputs, batch 32: the per-step overhead.
- W5: predict with the W1 MLP, batch 1024.

The torch reference is the loop one writes by hand: tensors in memory, a
`randperm` shuffle, `zero_grad`/`backward`/`step`, and the running loss
kept on the device (read once per epoch). Keras 3 runs on the same
backend (KERAS_BACKEND is set to match) when it is installed. Ratios are
per-round medians of time / torch time; under JAX the reference is still
the torch loop, and kerata is compared with Keras on JAX.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np

os.environ.setdefault("KERATA_BACKEND", "torch")
os.environ.setdefault("KERAS_BACKEND", os.environ["KERATA_BACKEND"])
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402
from _harness import compare_many  # noqa: E402
from _harness import environment  # noqa: E402
from _harness import torch_device  # noqa: E402
from _harness import torch_sync  # noqa: E402

import kerata  # noqa: E402


def build(api, kind: str):
    L = api.layers
    if kind == "mlp":
        stack = [
            api.Input((784,)),
            L.Dense(512, activation="relu"),
            L.Dense(256, activation="relu"),
            L.Dense(10),
        ]
    elif kind == "cnn":
        stack = [
            api.Input((28, 28, 1)),
            L.Conv2D(32, 3, activation="relu"),
            L.Conv2D(64, 3, activation="relu"),
            L.MaxPooling2D(2),
            L.Flatten(),
            L.Dense(10),
        ]
    else:
        stack = [api.Input((784,)), L.Dense(10)]
    model = api.Sequential(stack)
    model.compile(
        optimizer=api.optimizers.Adam(1e-3),
        loss=api.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    return model


class TorchCNN(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = torch.nn.Conv2d(1, 32, 3)
        self.c2 = torch.nn.Conv2d(32, 64, 3)
        self.d = torch.nn.Linear(12 * 12 * 64, 10)

    def forward(self, x):  # (batch, 28, 28, 1), channels last like Keras
        x = x.permute(0, 3, 1, 2)
        x = torch.relu(self.c1(x))
        x = torch.relu(self.c2(x))
        x = torch.nn.functional.max_pool2d(x, 2)
        return self.d(x.permute(0, 2, 3, 1).flatten(1))


def torch_model(kind: str) -> torch.nn.Module:
    if kind == "mlp":
        return torch.nn.Sequential(
            torch.nn.Linear(784, 512),
            torch.nn.ReLU(),
            torch.nn.Linear(512, 256),
            torch.nn.ReLU(),
            torch.nn.Linear(256, 10),
        )
    if kind == "cnn":
        return TorchCNN()
    return torch.nn.Linear(784, 10)


def torch_epoch(net, optimizer, x, y, batch_size):
    loss_fn = torch.nn.CrossEntropyLoss()
    n = x.shape[0]
    perm = torch.randperm(n, device=x.device)
    total = torch.zeros((), device=x.device)
    for start in range(0, n, batch_size):
        idx = perm[start : start + batch_size]
        xb, yb = x[idx], y[idx]
        optimizer.zero_grad()
        loss = loss_fn(net(xb), yb)
        loss.backward()
        optimizer.step()
        total += loss.detach()
    return float(total) / ((n + batch_size - 1) // batch_size)


def torch_predict(net, x, batch_size):
    with torch.no_grad():
        outs = [
            net(x[i : i + batch_size]) for i in range(0, len(x), batch_size)
        ]
    return torch.cat(outs).cpu().numpy()


def make_calls(keras, kind, mode, batch, x_np, y_np) -> dict:
    """One epoch (or one predict pass) per call, for each contender."""
    device = torch_device()
    x_t = torch.from_numpy(x_np).to(device)
    y_t = torch.from_numpy(y_np).to(device)
    net = torch_model(kind).to(device)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    model = build(kerata, kind)
    kmodel = build(keras, kind) if keras is not None else None
    calls = {}
    # On a GPU the reference's tensors already live on the device; kerata
    # gets the same tensors ("kerata"), and NumPy arrays too
    # ("kerata_numpy", which adds the host-to-device copy).
    on_gpu = device != "cpu"
    x_k, y_k = (x_t, y_t) if on_gpu else (x_np, y_np)
    if mode == "fit":
        calls["torch"] = lambda: torch_epoch(net, opt, x_t, y_t, batch)
        calls["kerata"] = lambda: model.fit(
            x_k, y_k, batch_size=batch, epochs=1, verbose=0
        )
        if on_gpu:
            calls["kerata_numpy"] = lambda: model.fit(
                x_np, y_np, batch_size=batch, epochs=1, verbose=0
            )
        if kmodel is not None:
            calls["keras"] = lambda: kmodel.fit(
                x_np, y_np, batch_size=batch, epochs=1, verbose=0
            )
        return calls
    net.eval()
    calls["torch"] = lambda: torch_predict(net, x_t, batch)
    calls["kerata"] = lambda: model.predict(x_k, batch_size=batch, verbose=0)
    if on_gpu:
        calls["kerata_numpy"] = lambda: model.predict(
            x_np, batch_size=batch, verbose=0
        )
    if kmodel is not None:
        calls["keras"] = lambda: kmodel.predict(
            x_np, batch_size=batch, verbose=0
        )
    return calls


WORKLOADS = {
    "W1": ("mlp", (784,), 128, 40, "fit"),
    "W2": ("cnn", (28, 28, 1), 128, 8, "fit"),
    "W4": ("dense", (784,), 32, 200, "fit"),
    "W5": ("mlp", (784,), 1024, 10, "predict"),
}


def run(threads, use_keras, only):
    if threads:
        torch.set_num_threads(threads)
    keras = None
    if use_keras:
        try:
            import keras
        except ImportError:
            keras = None
    results = {
        "environment": environment(),
        "keras": getattr(keras, "__version__", None),
        "workloads": {},
    }
    rng = np.random.default_rng(0)
    for name, (kind, shape, batch, steps, mode) in WORKLOADS.items():
        if only and name not in only:
            continue
        n = batch * steps
        x_np = rng.random((n, *shape), dtype="float32")
        y_np = rng.integers(0, 10, n).astype("int64")
        calls = make_calls(keras, kind, mode, batch, x_np, y_np)
        stats = compare_many(calls, reference="torch", sync=torch_sync)
        results["workloads"][name] = stats
        line = ", ".join(
            f"{k} {v['ms']:.1f} ms (x{v['ratio']:.2f})"
            for k, v in stats.items()
        )
        print(
            f"{name} ({kind}, batch {batch}, {steps} steps): {line}", flush=True
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--no-keras", action="store_true")
    parser.add_argument("--only", default="")
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    only = set(args.only.split(",")) if args.only else None
    results = run(args.threads, not args.no_keras, only)
    print(json.dumps(results["environment"]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
