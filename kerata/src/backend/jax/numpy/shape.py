"""jax backend: shape manipulation."""

from __future__ import annotations

from typing import Any

import jax.numpy as jnp

from kerata.src.backend.common import dtypes
from kerata.src.backend.jax.core import convert_to_tensor
from kerata.src.backend.jax.numpy._common import _promote2


def _tensors(xs: Any) -> list:
    """`xs` as arrays of one dtype (Keras's result type)."""
    xs = [convert_to_tensor(x) for x in xs]
    first = xs[0].dtype
    if any(x.dtype != first for x in xs):
        out = dtypes.result_type(*(x.dtype for x in xs))
        return [x.astype(out) for x in xs]
    return xs


def reshape(x: Any, newshape: Any) -> Any:
    return jnp.reshape(convert_to_tensor(x), newshape)


def transpose(x: Any, axes: Any = None) -> Any:
    return jnp.transpose(convert_to_tensor(x), axes)


def expand_dims(x: Any, axis: Any) -> Any:
    axis = tuple(axis) if isinstance(axis, list) else axis
    return jnp.expand_dims(convert_to_tensor(x), axis)


def squeeze(x: Any, axis: Any = None) -> Any:
    x = convert_to_tensor(x)
    if axis is None:
        return jnp.squeeze(x)
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    for a in axes:
        if -x.ndim <= a < x.ndim and x.shape[a] != 1:
            raise ValueError(
                f"Cannot squeeze axis {a} of a tensor of shape {x.shape}: "
                f"its size is {x.shape[a]}, not 1."
            )
    return jnp.squeeze(x, axes)


def concatenate(xs: Any, axis: Any = 0) -> Any:
    return jnp.concatenate(_tensors(xs), axis=axis)


def stack(x: Any, axis: int = 0) -> Any:
    return jnp.stack(_tensors(x), axis=axis)


def hstack(xs: Any) -> Any:
    return jnp.hstack(_tensors(xs))


def vstack(xs: Any) -> Any:
    return jnp.vstack(_tensors(xs))


def split(x: Any, indices_or_sections: Any, axis: int = 0) -> Any:
    x = convert_to_tensor(x)
    if isinstance(indices_or_sections, int):
        size = x.shape[axis]
        if size % indices_or_sections:
            raise ValueError(
                f"Cannot split an axis of size {size} into "
                f"{indices_or_sections} equal sections. Pass a number of "
                "sections that divides it, or a list of split indices."
            )
    else:
        indices_or_sections = [int(i) for i in indices_or_sections]
    return list(jnp.split(x, indices_or_sections, axis=axis))


def tile(x: Any, repeats: Any) -> Any:
    if not isinstance(repeats, int):
        repeats = tuple(int(r) for r in repeats)
    return jnp.tile(convert_to_tensor(x), repeats)


def repeat(x: Any, repeats: Any, axis: Any = None) -> Any:
    x = convert_to_tensor(x)
    if not isinstance(repeats, int):
        repeats = convert_to_tensor(repeats)
        if repeats.ndim == 0:
            repeats = int(repeats)
    return jnp.repeat(x, repeats, axis=axis)


def flip(x: Any, axis: Any = None) -> Any:
    axis = tuple(axis) if isinstance(axis, list) else axis
    return jnp.flip(convert_to_tensor(x), axis=axis)


def roll(x: Any, shift: Any, axis: Any = None) -> Any:
    shift = tuple(shift) if isinstance(shift, list) else shift
    axis = tuple(axis) if isinstance(axis, list) else axis
    return jnp.roll(convert_to_tensor(x), shift, axis=axis)


def rot90(array: Any, k: int = 1, axes: Any = (0, 1)) -> Any:
    return jnp.rot90(convert_to_tensor(array), k=k, axes=tuple(axes))


def moveaxis(x: Any, source: Any, destination: Any) -> Any:
    source = tuple(source) if isinstance(source, list) else source
    if isinstance(destination, list):
        destination = tuple(destination)
    return jnp.moveaxis(convert_to_tensor(x), source, destination)


def swapaxes(x: Any, axis1: int, axis2: int) -> Any:
    return jnp.swapaxes(convert_to_tensor(x), axis1, axis2)


def broadcast_to(x: Any, shape: Any) -> Any:
    return jnp.broadcast_to(convert_to_tensor(x), tuple(shape))


def ravel(x: Any) -> Any:
    return jnp.ravel(convert_to_tensor(x))


def _pad_width(pad_width: Any) -> Any:
    if isinstance(pad_width, int):
        return pad_width
    return tuple(
        int(p) if isinstance(p, int) else tuple(int(v) for v in p)
        for p in pad_width
    )


def pad(
    x: Any,
    pad_width: Any,
    mode: str = "constant",
    constant_values: Any = None,
) -> Any:
    x = convert_to_tensor(x)
    if mode == "constant":
        value = 0 if constant_values is None else constant_values
        return jnp.pad(x, _pad_width(pad_width), constant_values=value)
    return jnp.pad(x, _pad_width(pad_width), mode=mode)


def append(x1: Any, x2: Any, axis: Any = None) -> Any:
    x1, x2 = _promote2(x1, x2)
    return jnp.append(x1, x2, axis=axis)


def ndim(x: Any) -> int:
    return convert_to_tensor(x).ndim


def size(x: Any) -> int:
    return int(convert_to_tensor(x).size)


def diff(a: Any, n: int = 1, axis: int = -1) -> Any:
    return jnp.diff(convert_to_tensor(a), n=n, axis=axis)


def trapezoid(y: Any, x: Any = None, dx: Any = 1.0, axis: int = -1) -> Any:
    y = convert_to_tensor(y)
    name = dtypes.standardize_dtype(y.dtype)
    out = (
        name
        if dtypes.is_float_dtype(name)
        else (dtypes.result_type(name, float))
    )
    compute = "float64" if out == "float64" else "float32"
    y = y.astype(compute)
    if x is not None:
        x = convert_to_tensor(x).astype(compute)
    return jnp.trapezoid(y, x, dx=dx, axis=axis).astype(out)
