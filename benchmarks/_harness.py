"""Interleaved timing of two callables, reporting medians and their ratio."""

from __future__ import annotations

import platform
import statistics
import time
from collections.abc import Callable


def environment() -> dict:
    import torch

    import kerata

    return {
        "kerata_backend": kerata.backend.backend(),
        "torch": torch.__version__,
        "torch_threads": torch.get_num_threads(),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "device": "cuda" if torch.cuda.is_available() else "cpu",
    }


def torch_device() -> str:
    """Where the hand-written torch references run: the device kerata's
    torch backend puts new tensors on (CUDA when there is one)."""
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def torch_sync() -> None:
    """Waits for queued device work, so host clocks time it."""
    import torch

    if torch.cuda.is_available():
        torch.cuda.synchronize()


def compare(
    candidate: Callable[[], object],
    reference: Callable[[], object],
    inner: int,
    rounds: int = 15,
    warmup: int = 3,
    sync: Callable[[], None] = lambda: None,
) -> dict:
    """Times `inner` calls of each, alternating, `rounds` times."""
    for _ in range(warmup):
        for fn in (candidate, reference):
            for _ in range(inner):
                fn()
            sync()
    cand, ref, ratios = [], [], []
    for r in range(rounds):
        order = (candidate, reference) if r % 2 == 0 else (reference, candidate)
        times = {}
        for fn in order:
            start = time.perf_counter()
            for _ in range(inner):
                fn()
            sync()
            times[fn] = (time.perf_counter() - start) / inner
        cand.append(times[candidate])
        ref.append(times[reference])
        ratios.append(times[candidate] / times[reference])
    return {
        "kerata_ms": statistics.median(cand) * 1e3,
        "reference_ms": statistics.median(ref) * 1e3,
        # The median of per-round ratios resists load spikes best.
        "ratio": statistics.median(ratios),
    }


def compare_many(
    candidates: dict[str, Callable[[], object]],
    reference: str,
    rounds: int = 9,
    warmup: int = 1,
    sync: Callable[[], None] = lambda: None,
) -> dict:
    """Times each callable once per round, rotating the order, and
    reports for each the median time and its median ratio to
    `candidates[reference]` within the same round."""
    names = list(candidates)
    for _ in range(warmup):
        for name in names:
            candidates[name]()
            sync()
    times: dict[str, list] = {n: [] for n in names}
    ratios: dict[str, list] = {n: [] for n in names}
    for r in range(rounds):
        order = names[r % len(names) :] + names[: r % len(names)]
        this_round = {}
        for name in order:
            start = time.perf_counter()
            candidates[name]()
            sync()
            this_round[name] = time.perf_counter() - start
        for name in names:
            times[name].append(this_round[name])
            ratios[name].append(this_round[name] / this_round[reference])
    return {
        name: {
            "ms": statistics.median(times[name]) * 1e3,
            "ratio": statistics.median(ratios[name]),
        }
        for name in names
    }
