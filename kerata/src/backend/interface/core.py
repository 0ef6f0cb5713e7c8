"""The backend contract for `backend.core`: tensors, variables, control flow.

Each backend's `core.py` also defines `Variable` (a subclass of
`common.variables.VariableBase`) and the capability flags below. Public
ops in `kerata/src/ops/core.py` validate arguments and infer symbolic
output specs before calling these functions, which can therefore assume
well-formed input.

On a framework that traces (jax), control flow must accept traced values
and map onto the framework's primitives (`lax.cond`, `lax.scan`, ...);
eager frameworks (torch, numpy) use plain Python control flow.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence
from typing import Any

SUPPORTS_TRAINING: bool
SUPPORTS_SPARSE: bool
SUPPORTS_JIT: bool
IS_THREAD_SAFE: bool


# --- tensors ----------------------------------------------------------------
def convert_to_tensor(x: Any, dtype: Any = None, sparse: Any = None) -> Any:
    """A backend tensor. Without `dtype`: Python ints become int32, floats
    floatx, bools bool; lists likewise; arrays and tensors keep theirs.
    Raises TypeError for a KerasTensor."""
    ...


def convert_to_numpy(x: Any) -> Any:
    """A NumPy array with the value of a tensor or Variable."""
    ...


def is_tensor(x: Any) -> bool:
    """Whether `x` is a tensor of this backend."""
    ...


def to_current_device(x: Any) -> Any:
    """The tensor `x` on the device new tensors are created on (a CPU
    tensor given to a model on a GPU machine, say); `x` itself when it is
    there already, or where the framework moves data itself."""
    ...


def shape(x: Any) -> tuple:
    """The shape as a tuple of ints."""
    ...


def cast(x: Any, dtype: Any) -> Any:
    """`x` as a tensor of `dtype`; returns `x` itself if it already is."""
    ...


def compute_output_spec(fn: Callable, *args: Any, **kwargs: Any) -> Any:
    """KerasTensors for `fn`'s outputs, given KerasTensors among the
    arguments, computed without real data where the framework allows."""
    ...


def device_scope(device_name: str) -> Any:
    """Context manager placing new tensors on `device_name` ("cpu",
    "gpu:0", ...)."""
    ...


def saturate_cast(x: Any, dtype: str) -> Any:
    """`x` clipped to the range of `dtype` (rounded towards zero so it
    fits), then cast to it."""
    ...


# --- control flow -----------------------------------------------------------
def cond(pred: Any, true_fn: Callable, false_fn: Callable) -> Any:
    """`true_fn()` if `pred` else `false_fn()`; `pred` has one element."""
    ...


def switch(index: Any, branches: Sequence[Callable], *operands: Any) -> Any:
    """`branches[index](*operands)`, `index` clamped to the valid range."""
    ...


def scan(
    f: Callable,
    init: Any,
    xs: Any = None,
    length: Any = None,
    reverse: bool = False,
    unroll: Any = 1,
) -> tuple:
    """`jax.lax.scan` semantics: `(final_carry, stacked_ys)`; `ys[i]`
    stays aligned with `xs[i]` when `reverse`; `ys` is None if `f`
    returns None for `y`."""
    ...


def associative_scan(
    f: Callable, elems: Any, reverse: bool = False, axis: int = 0
) -> Any:
    """Inclusive prefix scan of an associative `f` along `axis`; `f` is
    called on slices that keep `axis`."""
    ...


def map(f: Callable, xs: Any) -> Any:
    """`f` applied to each slice of `xs` along axis 0, outputs stacked."""
    ...


def vectorized_map(function: Callable, elements: Any) -> Any:
    """Same result as `map`, computed batched where the framework can."""
    ...


def while_loop(
    cond: Callable,
    body: Callable,
    loop_vars: Any,
    maximum_iterations: Any = None,
) -> Any:
    """Loops `body` while `cond`; returns a tuple if `loop_vars` is a list
    or tuple, else one value. Python scalars start as tensors."""
    ...


def fori_loop(lower: Any, upper: Any, body_fun: Callable, init_val: Any) -> Any:
    """`val = body_fun(i, val)` for `i` in `range(lower, upper)`."""
    ...


def stop_gradient(variable: Any) -> Any:
    """The value of a tensor or Variable, cut from autodiff."""
    ...


# --- slicing and scattering -------------------------------------------------
def slice(inputs: Any, start_indices: Any, shape: Any) -> Any:
    """The block of size `shape` (-1: to the end) at `start_indices`,
    starts clamped so the block fits (`lax.dynamic_slice`)."""
    ...


def slice_update(inputs: Any, start_indices: Any, updates: Any) -> Any:
    """A copy of `inputs` with a block replaced by `updates` (cast to
    `inputs.dtype`), starts clamped (`lax.dynamic_update_slice`)."""
    ...


def scatter(indices: Any, values: Any, shape: Any) -> Any:
    """Zeros of `shape` with `values` added at `indices` (..., depth);
    repeated indices sum."""
    ...


def scatter_update(
    inputs: Any, indices: Any, updates: Any, reduction: Any = None
) -> Any:
    """A copy of `inputs` with `updates` written at `indices`: overwritten
    (None) or combined ("add", "max", "min", "mul")."""
    ...


def unstack(x: Any, num: Any = None, axis: int = 0) -> list:
    """A list of the slices of `x` along `axis`."""
    ...


def custom_gradient(f: Callable) -> Callable:
    """Wraps `f(*args) -> (outputs, grad_fn)` so autodiff calls `grad_fn`
    with the upstream gradient; inference-only backends drop `grad_fn`."""
    ...
