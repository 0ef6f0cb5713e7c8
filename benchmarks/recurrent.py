"""Recurrent training speed (W3): kerata's LSTM and GRU beside the same
model in plain PyTorch and in Keras 3, in one run (layer-catalog issue,
item 6).

    KERATA_BACKEND=torch python benchmarks/recurrent.py [--threads N]
        [--no-keras] [--only lstm,gru] [--steps 10] [--json out.json]

Model: Embedding(20000, 128) -> LSTM(64) (or GRU(64)) -> Dense(1,
sigmoid), sequences of 200 tokens, batch 64, Adam (lr 1e-3) on binary
crossentropy; one call = one epoch of `--steps` steps (10 by default).
The torch reference is nn.Embedding, nn.LSTM/nn.GRU(batch_first=True),
nn.Linear and a sigmoid with BCELoss, trained by the loop one writes by
hand. Ratios are per-round medians of time / torch time.

Denormal floats are flushed to zero for every contender: on CPU, the
vanishing gradients of 200 steps otherwise reach the denormal range,
where arithmetic is 10x slower, and how soon depends on each model's
random initialization rather than on the library.
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

VOCABULARY, EMBEDDING, UNITS, LENGTH, BATCH = 20000, 128, 64, 200, 64


def build(api, kind: str):
    recurrent = api.layers.LSTM if kind == "lstm" else api.layers.GRU
    model = api.Sequential(
        [
            api.Input((LENGTH,), dtype="int32"),
            api.layers.Embedding(VOCABULARY, EMBEDDING),
            recurrent(UNITS),
            api.layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(
        optimizer=api.optimizers.Adam(1e-3), loss="binary_crossentropy"
    )
    return model


class TorchModel(torch.nn.Module):
    def __init__(self, kind: str) -> None:
        super().__init__()
        recurrent = torch.nn.LSTM if kind == "lstm" else torch.nn.GRU
        self.embedding = torch.nn.Embedding(VOCABULARY, EMBEDDING)
        self.recurrent = recurrent(EMBEDDING, UNITS, batch_first=True)
        self.dense = torch.nn.Linear(UNITS, 1)

    def forward(self, x):
        out, _ = self.recurrent(self.embedding(x))
        return torch.sigmoid(self.dense(out[:, -1]))


def torch_epoch(net, optimizer, x, y):
    loss_fn = torch.nn.BCELoss()
    n = x.shape[0]
    perm = torch.randperm(n, device=x.device)
    total = torch.zeros((), device=x.device)
    for start in range(0, n, BATCH):
        idx = perm[start : start + BATCH]
        optimizer.zero_grad()
        loss = loss_fn(net(x[idx]), y[idx])
        loss.backward()
        optimizer.step()
        total += loss.detach()
    return float(total) / ((n + BATCH - 1) // BATCH)


def make_calls(keras, kind: str, x_np, y_np) -> dict:
    device = torch_device()
    x_t = torch.from_numpy(x_np).long().to(device)
    y_t = torch.from_numpy(y_np).to(device)
    net = TorchModel(kind).to(device)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    model = build(kerata, kind)
    calls = {
        "torch": lambda: torch_epoch(net, opt, x_t, y_t),
        "kerata": lambda: model.fit(
            x_np, y_np, batch_size=BATCH, epochs=1, verbose=0
        ),
    }
    if keras is not None:
        kmodel = build(keras, kind)
        calls["keras"] = lambda: kmodel.fit(
            x_np, y_np, batch_size=BATCH, epochs=1, verbose=0
        )
    return calls


def run(threads, use_keras, only, steps, rounds):
    if threads:
        torch.set_num_threads(threads)
    torch.set_flush_denormal(True)
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
    n = BATCH * steps
    x_np = rng.integers(1, VOCABULARY, (n, LENGTH)).astype("int32")
    y_np = rng.integers(0, 2, (n, 1)).astype("float32")
    for kind in ("lstm", "gru"):
        if only and kind not in only:
            continue
        calls = make_calls(keras, kind, x_np, y_np)
        stats = compare_many(
            calls, reference="torch", rounds=rounds, sync=torch_sync
        )
        results["workloads"][f"W3-{kind}"] = stats
        line = ", ".join(
            f"{k} {v['ms']:.1f} ms (x{v['ratio']:.2f})"
            for k, v in stats.items()
        )
        print(f"W3 {kind} ({steps} steps/epoch): {line}", flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--no-keras", action="store_true")
    parser.add_argument("--only", default="")
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    only = set(args.only.split(",")) if args.only else None
    results = run(
        args.threads, not args.no_keras, only, args.steps, args.rounds
    )
    print(json.dumps(results["environment"]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
