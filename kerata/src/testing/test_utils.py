"""Tolerances and comparison helpers shared by kerata's tests."""

from __future__ import annotations

from typing import Any

import numpy as np

from kerata.src import backend

# One table of tolerances, by dtype of the result (rtol, atol).
TOLERANCES = {
    "float64": (1e-7, 1e-9),
    "float32": (1e-5, 1e-6),
    "float16": (1e-2, 1e-3),
    "bfloat16": (2e-2, 2e-2),
}


def to_numpy(x: Any) -> Any:
    if isinstance(x, (list, tuple)):
        return type(x)(to_numpy(e) for e in x)
    if isinstance(x, dict):
        return {k: to_numpy(v) for k, v in x.items()}
    if backend.is_tensor(x) or isinstance(x, backend.Variable):
        return backend.convert_to_numpy(x)
    return np.asarray(x)


def assert_allclose(
    actual: Any,
    desired: Any,
    rtol: float | None = None,
    atol: float | None = None,
    check_dtype: bool = False,
) -> None:
    """Compares values (and optionally dtypes) of tensors or arrays, with
    the tolerance of the result's dtype unless given."""
    a = to_numpy(actual)
    d = to_numpy(desired)
    if isinstance(a, (list, tuple)):
        if len(a) != len(d):
            raise AssertionError(f"lengths differ: {len(a)} != {len(d)}")
        for x, y in zip(a, d):
            assert_allclose(x, y, rtol, atol, check_dtype)
        return
    a = np.asarray(a)
    d = np.asarray(d)
    if check_dtype:
        got = backend.standardize_dtype(a.dtype)
        want = backend.standardize_dtype(d.dtype)
        if got != want:
            raise AssertionError(f"dtype {got} != expected {want}")
    name = str(a.dtype)
    default_rtol, default_atol = TOLERANCES.get(name, (1e-6, 1e-6))
    if a.dtype.kind in "biu" or a.dtype == bool:
        np.testing.assert_array_equal(a, d)
        return
    np.testing.assert_allclose(
        a.astype("float64") if a.dtype.kind != "c" else a,
        d.astype("float64") if d.dtype.kind not in "cO" else d,
        rtol=default_rtol if rtol is None else rtol,
        atol=default_atol if atol is None else atol,
    )


def run_if(
    trainable: bool = False, backends: tuple | None = None, module: str = ""
):
    """One skip marker folding several requirements into one reason."""
    import importlib.util

    import pytest

    core = backend.core
    reasons = []
    if trainable and not getattr(core, "SUPPORTS_TRAINING", False):
        reasons.append(f"backend {backend.backend()!r} cannot train")
    if backends is not None and backend.backend() not in backends:
        reasons.append(f"needs one of the backends {backends}")
    if module and importlib.util.find_spec(module) is None:
        reasons.append(f"needs the {module!r} package")
    return pytest.mark.skipif(bool(reasons), reason="; ".join(reasons))
