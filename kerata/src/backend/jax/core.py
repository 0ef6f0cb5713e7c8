"""Tensors and variables on JAX."""

from __future__ import annotations

import builtins
import contextlib
from typing import Any

import jax
import jax.numpy as jnp
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

SUPPORTS_TRAINING = True
SUPPORTS_SPARSE = False
SUPPORTS_JIT = True
IS_THREAD_SAFE = True
# Eager ops cost tens of microseconds of dispatch each: slice batches
# in NumPy on the host and move each batch once.
BATCH_ON_HOST = True

# kerata follows Keras: int64 and float64 exist on every backend.
jax.config.update("jax_enable_x64", True)


def _jnp_dtype(dtype: Any) -> Any:
    return jnp.dtype(dtypes.standardize_dtype(dtype))


class Variable(VariableBase):
    __doc__ = VariableBase.__doc__

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # A variable created while a function is traced (a layer building
        # inside another layer's symbolic call) must hold concrete values,
        # not tracers that die with the trace.
        with jax.ensure_compile_time_eval():
            super().__init__(*args, **kwargs)

    def _initialize(self, value: Any) -> None:
        self._value = value

    def _direct_assign(self, value: Any) -> None:
        self._value = value

    def _convert_to_tensor(self, value: Any, dtype: str) -> Any:
        return convert_to_tensor(value, dtype=dtype)

    # JAX treats objects with __jax_array__ as arrays.
    def __jax_array__(self) -> Any:
        return self.value


def is_tensor(x: Any) -> bool:
    return isinstance(x, jax.Array)


def to_current_device(x: Any) -> Any:
    return x


def convert_to_tensor(x: Any, dtype: Any = None, sparse: Any = None) -> Any:
    if sparse:
        raise ValueError("The jax backend does not support sparse tensors.")
    if isinstance(x, Variable):
        x = x.value
    elif isinstance(x, KerasTensor):
        raise TypeError(
            "A symbolic KerasTensor cannot be converted to a real tensor. "
            "Call the model on data instead."
        )
    if isinstance(x, jax.Array):
        if dtype is None:
            return x
        dtype = _jnp_dtype(dtype)
        return x if x.dtype == dtype else x.astype(dtype)
    if isinstance(x, jax.core.Tracer):
        return x if dtype is None else x.astype(_jnp_dtype(dtype))
    # Host values are converted with NumPy and moved with device_put:
    # jnp.asarray would compile an XLA conversion for every new shape.
    if dtype is not None:
        arr = np.asarray(x, dtype=_jnp_dtype(dtype))
    elif isinstance(x, bool):
        arr = np.asarray(x, dtype=bool)
    elif isinstance(x, int):
        arr = np.asarray(x, dtype="int32")
    elif isinstance(x, float):
        arr = np.asarray(x, dtype=dtypes.standardize_dtype(None))
    else:
        arr = np.asarray(x)
        if isinstance(x, (list, tuple)):
            if arr.dtype == np.float64:
                arr = arr.astype(dtypes.standardize_dtype(None))
            elif arr.dtype == np.int64:
                arr = arr.astype("int32")
    if arr.dtype.kind in "USO":
        raise TypeError(
            f"Cannot convert an array of dtype {arr.dtype} to a jax array: "
            "only numeric and bool values are supported."
        )
    return jax.device_put(arr)


def convert_to_numpy(x: Any) -> np.ndarray:
    if isinstance(x, Variable):
        x = x.value
    return np.asarray(x)


def shape(x: Any) -> tuple:
    return tuple(x.shape)


def cast(x: Any, dtype: Any) -> Any:
    return convert_to_tensor(x, dtype=dtype)


@contextlib.contextmanager
def device_scope(device_name: str):
    name = str(device_name).lower()
    kind, _, index = name.partition(":")
    devices = jax.devices(kind if kind != "cuda" else "gpu")
    with jax.default_device(devices[int(index or 0)]):
        yield


def compute_output_spec(fn, *args: Any, **kwargs: Any) -> Any:
    # Placeholders are traced as arguments of jax.eval_shape, so nothing
    # is computed.
    def to_spec(t: Any) -> KerasTensor:
        return KerasTensor(
            tuple(t.shape), dtype=dtypes.standardize_dtype(t.dtype)
        )

    return _eval_shape(fn, args, kwargs, to_spec)


def _eval_shape(fn, args, kwargs, to_spec):
    from kerata.src import tree
    from kerata.src.backend.common.stateless_scope import StatelessScope

    leaves = tree.flatten((args, kwargs))

    def run_with(fill):
        positions = [
            i for i, x in enumerate(leaves) if isinstance(x, KerasTensor)
        ]
        specs = [
            jax.ShapeDtypeStruct(
                symbolic.placeholder_shape(leaves[i], fill),
                _jnp_dtype(leaves[i].dtype),
            )
            for i in positions
        ]

        def traced(*tensors):
            flat = list(leaves)
            for i, t in zip(positions, tensors):
                flat[i] = t
            a, k = tree.pack_sequence_as((args, kwargs), flat)
            with StatelessScope():
                return fn(*a, **k)

        out = jax.eval_shape(traced, *specs)
        return tree.map_structure(
            lambda y: (
                to_spec(y)
                if isinstance(y, (jax.ShapeDtypeStruct, jax.Array))
                else y
            ),
            out,
        )

    return symbolic.infer_with_fills(run_with, leaves)


# --- control flow (jit-compatible: lax primitives on traced values) --------
def _concrete_bool(value: Any) -> Any:
    """`bool(value)` where the value is known now, else None (traced)."""
    try:
        return bool(value)
    except jax.errors.ConcretizationTypeError:
        return None


def cond(pred: Any, true_fn, false_fn) -> Any:
    if isinstance(pred, Variable):
        pred = pred.value
    known = _concrete_bool(pred)
    if known is not None:
        return true_fn() if known else false_fn()
    return jax.lax.cond(jnp.reshape(pred, ()), true_fn, false_fn)


def switch(index: Any, branches: Any, *operands: Any) -> Any:
    try:
        i = int(index)
    except jax.errors.ConcretizationTypeError:
        return jax.lax.switch(jnp.reshape(index, ()), branches, *operands)
    return branches[builtins.min(builtins.max(i, 0), len(branches) - 1)](
        *operands
    )


def scan(
    f, init: Any, xs: Any = None, length: Any = None, reverse=False, unroll=1
) -> Any:
    return jax.lax.scan(
        f, init, xs, length=length, reverse=reverse, unroll=unroll
    )


def associative_scan(f, elems: Any, reverse=False, axis=0) -> Any:
    return jax.lax.associative_scan(f, elems, reverse=reverse, axis=axis)


def map(f, xs: Any) -> Any:
    return jax.lax.map(f, xs)


def vectorized_map(function, elements: Any) -> Any:
    return jax.vmap(function)(elements)


def _like(new: Any, old: Any) -> Any:
    # Loop carries keep their dtype (lax requires it); a body that promotes
    # (e.g. float32 * float64 constant) is cast back.
    new = jnp.asarray(new)
    return new if new.dtype == old.dtype else new.astype(old.dtype)


def while_loop(cond, body, loop_vars: Any, maximum_iterations=None) -> Any:
    is_sequence = isinstance(loop_vars, (list, tuple))
    state = tuple(loop_vars) if is_sequence else (loop_vars,)
    state = tree.map_structure(convert_to_tensor, state)

    def step(values: tuple) -> tuple:
        out = body(*values)
        out = tuple(out) if isinstance(out, (list, tuple)) else (out,)
        if len(out) != len(values):
            raise ValueError(
                f"`body` must return {len(values)} loop variables, the same "
                f"number it takes. Received {len(out)} values."
            )
        return tree.map_structure(_like, out, values)

    if maximum_iterations is None:
        state = jax.lax.while_loop(lambda s: cond(*s), step, state)
    else:
        limit = int(maximum_iterations)
        _, state = jax.lax.while_loop(
            lambda c: (c[0] < limit) & cond(*c[1]),
            lambda c: (c[0] + 1, step(c[1])),
            (jnp.asarray(0, "int32"), state),
        )
    return state if is_sequence else state[0]


def fori_loop(lower: Any, upper: Any, body_fun, init_val: Any) -> Any:
    init_val = tree.map_structure(convert_to_tensor, init_val)
    return jax.lax.fori_loop(
        lower,
        upper,
        lambda i, v: tree.map_structure(_like, body_fun(i, v), v),
        init_val,
    )


def stop_gradient(variable: Any) -> Any:
    return jax.lax.stop_gradient(convert_to_tensor(variable))


# --- slicing and scattering -------------------------------------------------
def slice(inputs: Any, start_indices: Any, shape: Any) -> Any:
    inputs = convert_to_tensor(inputs)
    sizes = tuple(
        dim - start_indices[i] if int(size) == -1 else int(size)
        for i, (dim, size) in enumerate(zip(inputs.shape, shape))
    )
    return jax.lax.dynamic_slice(inputs, start_indices, sizes)


def slice_update(inputs: Any, start_indices: Any, updates: Any) -> Any:
    inputs = convert_to_tensor(inputs)
    updates = convert_to_tensor(updates, inputs.dtype)
    return jax.lax.dynamic_update_slice(inputs, updates, start_indices)


def _index_tuple(indices: Any) -> tuple:
    indices = convert_to_tensor(indices)
    return tuple(jnp.moveaxis(indices, -1, 0))


def scatter(indices: Any, values: Any, shape: Any) -> Any:
    values = convert_to_tensor(values)
    out = jnp.zeros(tuple(int(d) for d in shape), values.dtype)
    return out.at[_index_tuple(indices)].add(values)


def scatter_update(
    inputs: Any, indices: Any, updates: Any, reduction: Any = None
) -> Any:
    inputs = convert_to_tensor(inputs)
    updates = convert_to_tensor(updates, inputs.dtype)
    at = inputs.at[_index_tuple(indices)]
    if reduction is None:
        return at.set(updates)
    method = {"add": at.add, "max": at.max, "min": at.min, "mul": at.multiply}
    return method[reduction](updates)


def unstack(x: Any, num: Any = None, axis: int = 0) -> list:
    x = convert_to_tensor(x)
    return [
        jax.lax.index_in_dim(x, i, axis, keepdims=False)
        for i in range(x.shape[axis])
    ]


# --- gradients and casts ----------------------------------------------------
def custom_gradient(f):
    wrapped = jax.custom_gradient(f)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        args = tuple(a.value if isinstance(a, Variable) else a for a in args)
        return wrapped(*args, **kwargs)

    return wrapper


def _dtype_range(dtype: Any) -> tuple:
    if dtype == jnp.bool_:
        return 0, 1
    if jnp.issubdtype(dtype, jnp.floating):
        info = jnp.finfo(dtype)
        return float(info.min), float(info.max)
    info = jnp.iinfo(dtype)
    return int(info.min), int(info.max)


def _inside(limit: float, x_dtype: Any) -> Any:
    # The limit as a value of x's dtype, rounded towards zero so that it
    # still fits the target after rounding.
    value = np.asarray(limit, "float64").astype(x_dtype)
    if abs(float(value)) > abs(limit):
        value = np.nextafter(value, np.zeros_like(value))
    return value


def saturate_cast(x: Any, dtype: Any) -> Any:
    x = convert_to_tensor(x)
    target = _jnp_dtype(dtype)
    if x.dtype == target or x.dtype == jnp.bool_:
        return x.astype(target)
    in_min, in_max = _dtype_range(x.dtype)
    out_min, out_max = _dtype_range(target)
    if in_min >= out_min and in_max <= out_max:
        return x.astype(target)
    low, high = builtins.max(in_min, out_min), builtins.min(in_max, out_max)
    if jnp.issubdtype(x.dtype, jnp.floating):
        low, high = _inside(low, x.dtype), _inside(high, x.dtype)
    return jnp.clip(x, low, high).astype(target)
