"""Tensors and variables on NumPy."""

from __future__ import annotations

import builtins
import contextlib
from typing import Any

import numpy as np

from kerata.src import tree
from kerata.src.backend.common import dtypes
from kerata.src.backend.common import symbolic
from kerata.src.backend.common.keras_tensor import KerasTensor
from kerata.src.backend.common.variables import VariableBase

__all__ = [
    "Variable",
    "convert_to_tensor",
    "convert_to_numpy",
    "is_tensor",
    "to_current_device",
    "shape",
    "cast",
    "compute_output_spec",
    "device_scope",
    "SUPPORTS_TRAINING",
    "SUPPORTS_SPARSE",
    "SUPPORTS_JIT",
    "IS_THREAD_SAFE",
    "BATCH_ON_HOST",
    "cond",
    "switch",
    "scan",
    "associative_scan",
    "map",
    "vectorized_map",
    "while_loop",
    "fori_loop",
    "stop_gradient",
    "slice",
    "slice_update",
    "scatter",
    "scatter_update",
    "unstack",
    "custom_gradient",
    "saturate_cast",
]

SUPPORTS_TRAINING = False
SUPPORTS_SPARSE = False
SUPPORTS_JIT = False
IS_THREAD_SAFE = True
# Batches are sliced in NumPy (tensors are NumPy arrays here anyway).
BATCH_ON_HOST = True


def _np_dtype(dtype: Any) -> Any:
    name = dtypes.standardize_dtype(dtype)
    if name == "bfloat16":
        try:
            import ml_dtypes
        except ImportError:
            raise ValueError(
                "bfloat16 on the numpy backend needs the ml_dtypes package: "
                "pip install ml_dtypes"
            ) from None
        return ml_dtypes.bfloat16
    return np.dtype(name)


class Variable(VariableBase):
    __doc__ = VariableBase.__doc__

    def _initialize(self, value: Any) -> None:
        self._value = value

    def _direct_assign(self, value: Any) -> None:
        self._value = value

    def _convert_to_tensor(self, value: Any, dtype: str) -> Any:
        return convert_to_tensor(value, dtype=dtype)


def is_tensor(x: Any) -> bool:
    return isinstance(x, (np.ndarray, np.generic))


def to_current_device(x: Any) -> Any:
    return x


def convert_to_tensor(x: Any, dtype: Any = None, sparse: Any = None) -> Any:
    if sparse:
        raise ValueError("The numpy backend does not support sparse tensors.")
    if isinstance(x, Variable):
        x = x.value
    if isinstance(x, KerasTensor):
        raise TypeError(
            "A symbolic KerasTensor cannot be converted to a real tensor. "
            "Call the model on data instead."
        )
    if dtype is not None:
        dtype = _np_dtype(dtype)
        if isinstance(x, np.ndarray) and x.dtype == dtype:
            return x
        return np.asarray(x, dtype=dtype)
    if isinstance(x, np.ndarray):
        return x
    if isinstance(x, bool):
        return np.asarray(x, dtype=bool)
    if isinstance(x, int):
        return np.asarray(x, dtype="int32")
    if isinstance(x, float):
        return np.asarray(x, dtype=dtypes.standardize_dtype(None))
    if hasattr(x, "__array__") or hasattr(x, "numpy"):
        if not hasattr(x, "__array__"):
            x = x.numpy()
        return np.asarray(x)
    out = np.asarray(x)
    if isinstance(x, (list, tuple)):
        if out.dtype == np.float64:
            out = out.astype(dtypes.standardize_dtype(None))
        elif out.dtype == np.int64:
            out = out.astype("int32")
    if out.dtype.kind in "US" or out.dtype == object:
        raise TypeError(
            f"Cannot convert {type(x).__name__} of dtype {out.dtype} to a "
            "tensor: only numeric and bool values are supported."
        )
    return out


def convert_to_numpy(x: Any) -> np.ndarray:
    if isinstance(x, Variable):
        x = x.value
    return np.asarray(x)


def shape(x: Any) -> tuple:
    return tuple(np.shape(x))


def cast(x: Any, dtype: Any) -> Any:
    return convert_to_tensor(x, dtype=dtype)


@contextlib.contextmanager
def device_scope(device_name: str):
    if not str(device_name).lower().startswith("cpu"):
        raise ValueError(
            "The numpy backend runs on the CPU only. "
            f"Received: device_name={device_name!r}"
        )
    yield


def compute_output_spec(fn, *args: Any, **kwargs: Any) -> Any:
    # NumPy has no abstract evaluation, so run on zeros of the right shape.
    def make(x: KerasTensor, fill: int) -> np.ndarray:
        return np.zeros(
            symbolic.placeholder_shape(x, fill), dtype=_np_dtype(x.dtype)
        )

    def to_spec(t: Any) -> KerasTensor:
        return KerasTensor(np.shape(t), dtype=dtypes.standardize_dtype(t.dtype))

    def run(call):
        # Zeros stand in for data, so 0/0 and log(0) are expected here.
        with np.errstate(all="ignore"):
            return call()

    return symbolic.run_symbolic(
        fn, args, kwargs, make, is_tensor, to_spec, run
    )


# --- control flow (plain Python) -------------------------------------------
def cond(pred: Any, true_fn, false_fn) -> Any:
    return true_fn() if pred else false_fn()


def switch(index: Any, branches: Any, *operands: Any) -> Any:
    index = builtins.min(builtins.max(int(index), 0), len(branches) - 1)
    return branches[index](*operands)


def _stack_structures(items: list) -> Any:
    if items[0] is None:
        return None
    return tree.map_structure(lambda *vs: np.stack(vs), *items)


def _unstack_structure(xs: Any) -> list:
    """A nested structure of arrays -> a list of structures of rows."""
    flat = [convert_to_tensor(x) for x in tree.flatten(xs)]
    return [
        tree.pack_sequence_as(xs, [x[i] for x in flat])
        for i in range(len(flat[0]))
    ]


def scan(
    f, init: Any, xs: Any = None, length: Any = None, reverse=False, unroll=1
) -> Any:
    if xs is None:
        rows = [None] * int(length)
    else:
        rows = _unstack_structure(xs)
        if length is not None:
            rows = rows[: int(length)]
    carry = tree.map_structure(
        lambda v: v if v is None else convert_to_tensor(v), init
    )
    if not rows:
        return carry, None
    ys: list = [None] * len(rows)
    order = range(len(rows))
    for i in reversed(order) if reverse else order:
        carry, ys[i] = f(carry, rows[i])
    return carry, _stack_structures(ys)


def associative_scan(f, elems: Any, reverse=False, axis=0) -> Any:
    flat = [convert_to_tensor(e) for e in tree.flatten(elems)]
    if reverse:
        flat = [np.flip(e, axis) for e in flat]
    n = flat[0].shape[axis]
    # A running combine from the left; `f` sees slices that keep `axis`.
    out = [[np.take(e, [0], axis=axis)] for e in flat]
    for i in range(1, n):
        previous = tree.pack_sequence_as(elems, [o[-1] for o in out])
        current = tree.pack_sequence_as(
            elems, [np.take(e, [i], axis=axis) for e in flat]
        )
        combined = tree.flatten(f(previous, current))
        for o, c in zip(out, combined):
            o.append(np.asarray(c))
    result = [np.concatenate(o, axis=axis) for o in out]
    if reverse:
        result = [np.flip(r, axis) for r in result]
    return tree.pack_sequence_as(elems, result)


def map(f, xs: Any) -> Any:
    return _stack_structures([f(row) for row in _unstack_structure(xs)])


def vectorized_map(function, elements: Any) -> Any:
    return map(function, elements)


def while_loop(cond, body, loop_vars: Any, maximum_iterations=None) -> Any:
    is_sequence = isinstance(loop_vars, (list, tuple))
    state = tuple(loop_vars) if is_sequence else (loop_vars,)
    state = tree.map_structure(convert_to_tensor, state)
    i = 0
    while (maximum_iterations is None or i < maximum_iterations) and cond(
        *state
    ):
        out = body(*state)
        out = tuple(out) if isinstance(out, (list, tuple)) else (out,)
        if len(out) != len(state):
            raise ValueError(
                f"`body` must return {len(state)} loop variables, the same "
                f"number it takes. Received {len(out)} values."
            )
        state = out
        i += 1
    return state if is_sequence else state[0]


def fori_loop(lower: Any, upper: Any, body_fun, init_val: Any) -> Any:
    val = init_val
    for i in range(int(lower), int(upper)):
        val = body_fun(i, val)
    return val


def stop_gradient(variable: Any) -> Any:
    return convert_to_tensor(variable)


# --- slicing and scattering -------------------------------------------------
def _window(shape: tuple, start_indices: Any, sizes: Any) -> tuple:
    # Starts are clamped so the window fits, as `jax.lax.dynamic_slice` does.
    index = []
    for dim, start, size in zip(shape, start_indices, sizes):
        start, size = int(start), int(size)
        size = dim - builtins.max(start, 0) if size == -1 else size
        start = builtins.min(builtins.max(start, 0), dim - size)
        index.append(builtins.slice(start, start + size))
    return tuple(index)


def slice(inputs: Any, start_indices: Any, shape: Any) -> Any:
    inputs = convert_to_tensor(inputs)
    return inputs[_window(inputs.shape, start_indices, shape)]


def slice_update(inputs: Any, start_indices: Any, updates: Any) -> Any:
    inputs = convert_to_tensor(inputs)
    updates = convert_to_tensor(updates, inputs.dtype)
    out = inputs.copy()
    out[_window(inputs.shape, start_indices, updates.shape)] = updates
    return out


def _index_tuple(indices: Any) -> tuple:
    indices = np.asarray(convert_to_tensor(indices))
    return tuple(np.moveaxis(indices, -1, 0))


def scatter(indices: Any, values: Any, shape: Any) -> Any:
    values = convert_to_tensor(values)
    out = np.zeros(tuple(int(d) for d in shape), dtype=values.dtype)
    np.add.at(out, _index_tuple(indices), values)
    return out


_SCATTER_UFUNCS = {
    "add": np.add,
    "max": np.maximum,
    "min": np.minimum,
    "mul": np.multiply,
}


def scatter_update(
    inputs: Any, indices: Any, updates: Any, reduction: Any = None
) -> Any:
    inputs = convert_to_tensor(inputs)
    updates = convert_to_tensor(updates, inputs.dtype)
    out = inputs.copy()
    index = _index_tuple(indices)
    if reduction is None:
        out[index] = updates
    else:
        _SCATTER_UFUNCS[reduction].at(out, index, updates)
    return out


def unstack(x: Any, num: Any = None, axis: int = 0) -> list:
    x = convert_to_tensor(x)
    return [np.take(x, i, axis=axis) for i in range(x.shape[axis])]


# --- gradients and casts ----------------------------------------------------
def custom_gradient(f):
    # Inference only: run the forward pass and drop the gradient function.
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        output, _ = f(*args, **kwargs)
        return output

    return wrapper


def _dtype_range(dtype: Any) -> tuple:
    if dtype == np.bool_:
        return 0, 1
    if np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype)
        return int(info.min), int(info.max)
    if dtypes.standardize_dtype(dtype) == "bfloat16":
        import ml_dtypes

        info = ml_dtypes.finfo(dtype)
    else:
        info = np.finfo(dtype)
    return float(info.min), float(info.max)


def _inside(limit: float, x_dtype: Any) -> Any:
    # The limit as a value of x's dtype, rounded towards zero so that it
    # still fits the target after rounding.
    value = np.asarray(limit, "float64").astype(x_dtype)
    if abs(float(value)) > abs(limit):
        value = np.nextafter(value, np.zeros_like(value))
    return value


def saturate_cast(x: Any, dtype: Any) -> Any:
    x = convert_to_tensor(x)
    target = np.dtype(_np_dtype(dtype))
    if x.dtype == target or x.dtype == np.bool_:
        return x.astype(target)
    in_min, in_max = _dtype_range(x.dtype)
    out_min, out_max = _dtype_range(target)
    if in_min >= out_min and in_max <= out_max:
        return x.astype(target)
    low, high = builtins.max(in_min, out_min), builtins.min(in_max, out_max)
    if not np.issubdtype(x.dtype, np.integer):
        low, high = _inside(low, x.dtype), _inside(high, x.dtype)
    return np.clip(x, low, high).astype(target)
