"""Optimizer-step speed: kerata on torch against `torch.optim`, in one run.

    KERATA_BACKEND=torch python benchmarks/optimizers.py [--threads N]

Workload: one optimizer step over the 6 variables of an MLP 784-512-256-10
(kernels and biases), with gradients given as fixed torch tensors. kerata
calls `optimizer.apply(grads, variables)`; torch sets `.grad` once and calls
`optimizer.step()`. Each kerata optimizer is compared with the matching
`torch.optim` one twice: with torch's default implementation (the for-loop
one on CPU) and with `foreach=True`. Before timing, both are run for a few
steps from the same weights and checked to give the same weights.
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
from _harness import compare  # noqa: E402
from _harness import environment  # noqa: E402

import kerata  # noqa: E402

SHAPES = ((784, 512), (512,), (512, 256), (256,), (256, 10), (10,))
KO = kerata.optimizers
TO = torch.optim
# name: (kerata factory, torch factory taking params and extra kwargs).
# Epsilons are 0 where Keras and torch place them differently, so the
# weight check before timing is meaningful; the timed work is the same.
CASES = {
    "sgd": (
        lambda: KO.SGD(learning_rate=0.01),
        lambda p, **kw: TO.SGD(p, lr=0.01, **kw),
    ),
    "sgd_momentum": (
        lambda: KO.SGD(learning_rate=0.01, momentum=0.9),
        lambda p, **kw: TO.SGD(p, lr=0.01, momentum=0.9, **kw),
    ),
    "adam": (
        lambda: KO.Adam(learning_rate=0.001, epsilon=0.0),
        lambda p, **kw: TO.Adam(p, lr=0.001, eps=0.0, **kw),
    ),
    "adamw": (
        lambda: KO.AdamW(learning_rate=0.001, weight_decay=0.01, epsilon=0.0),
        lambda p, **kw: TO.AdamW(p, lr=0.001, weight_decay=0.01, eps=0.0, **kw),
    ),
    "rmsprop": (
        lambda: KO.RMSprop(learning_rate=0.001, epsilon=0.0),
        lambda p, **kw: TO.RMSprop(p, lr=0.001, alpha=0.9, eps=0.0, **kw),
    ),
    "adam_clipnorm": (
        lambda: KO.Adam(learning_rate=0.001, epsilon=0.0, global_clipnorm=1.0),
        lambda p, **kw: _Clipped(TO.Adam(p, lr=0.001, eps=0.0, **kw), 1.0),
    ),
}


class _Clipped:
    """`torch.nn.utils.clip_grad_norm_` then the optimizer's step: what a
    torch user writes for Keras's `global_clipnorm`."""

    def __init__(self, optimizer, max_norm: float):
        self.optimizer = optimizer
        self.max_norm = max_norm
        self.params = optimizer.param_groups[0]["params"]
        # The gradients are clipped in place once, so that every timed step
        # sees the same gradients as kerata's (which clips a copy).
        torch.nn.utils.clip_grad_norm_(self.params, max_norm)

    def step(self):
        torch.nn.utils.clip_grad_norm_(self.params, self.max_norm)
        self.optimizer.step()


def _setup(name: str, foreach: bool | None):
    make_kerata, make_torch = CASES[name]
    rng = np.random.default_rng(0)
    values = [rng.standard_normal(s).astype("float32") * 0.05 for s in SHAPES]
    grads = [rng.standard_normal(s).astype("float32") for s in SHAPES]
    variables = [kerata.Variable(v) for v in values]
    kerata_grads = [torch.from_numpy(g) for g in grads]
    optimizer = make_kerata()
    params = [torch.nn.Parameter(torch.from_numpy(v.copy())) for v in values]
    for p, g in zip(params, grads):
        p.grad = torch.from_numpy(g.copy())
    reference = make_torch(params, foreach=foreach)

    def run_kerata():
        optimizer.apply(kerata_grads, variables)

    def run_torch():
        reference.step()

    for _ in range(3):
        run_kerata()
        run_torch()
    for v, p in zip(variables, params):
        np.testing.assert_allclose(
            v.numpy(), p.detach().numpy(), rtol=1e-4, atol=1e-5
        )
    return run_kerata, run_torch


def run(
    threads: int | None, inner: int, rounds: int, cases: list | None = None
) -> dict:
    if threads:
        torch.set_num_threads(threads)
    results = {"environment": environment(), "workloads": {}}
    print(f"torch threads: {torch.get_num_threads()}")
    print(
        f"{'optimizer':>14} {'torch impl':>10} {'kerata ms':>10} "
        f"{'torch ms':>9} {'ratio':>6}"
    )
    for name in cases or CASES:
        for impl, foreach in (("default", None), ("foreach", True)):
            run_kerata, run_torch = _setup(name, foreach)
            stats = compare(run_kerata, run_torch, inner=inner, rounds=rounds)
            results["workloads"][f"{name}/{impl}"] = stats
            print(
                f"{name:>14} {impl:>10} {stats['kerata_ms']:>10.3f} "
                f"{stats['reference_ms']:>9.3f} {stats['ratio']:>6.3f}",
                flush=True,
            )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--inner", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument(
        "--cases", nargs="*", choices=sorted(CASES), help="default: all"
    )
    parser.add_argument("--json", default=None, help="write results here")
    args = parser.parse_args()
    results = run(args.threads, args.inner, args.rounds, args.cases)
    print(json.dumps(results["environment"]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
