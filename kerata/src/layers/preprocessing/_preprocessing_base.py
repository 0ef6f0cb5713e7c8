"""Shared pieces of the non-image preprocessing layers.

These layers take NumPy arrays, Python lists and backend tensors; string
inputs stay NumPy (strings never become backend tensors) and only the
numeric result is converted. Their state (vocabularies, bin boundaries,
statistics) is computed with NumPy, never with TensorFlow.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

import numpy as np

from kerata.src import backend
from kerata.src import ops
from kerata.src.layers.layer import Layer


class PreprocessingLayer(Layer):
    """Base of the non-image preprocessing layers.

    Differs from `Layer` in how inputs are converted: string and object
    arrays (and lists of them) reach `call` unconverted, since strings
    never become tensors, and inputs of layers with a non-float dtype are
    never autocast.
    """

    def _convert_input(self, x: Any) -> Any:
        if isinstance(x, np.ndarray) and x.dtype.kind in "OSU":
            return x
        if not backend.is_float_dtype(self.compute_dtype):
            # Integer-output layers (Hashing, lookups) must see their
            # inputs as given, not floats autocast to the output dtype.
            return x
        if isinstance(x, (list, tuple)):
            return type(x)(
                e if not isinstance(e, np.ndarray) else self._convert_input(e)
                for e in x
            )
        return super()._convert_input(x)


def check_output_mode(value: Any, allowed: tuple, caller: str) -> None:
    if value not in allowed:
        raise ValueError(
            f"Invalid value for argument `output_mode` of {caller}. "
            f"Expected one of {allowed}. Received: output_mode={value!r}"
        )


def to_numpy(x: Any, dtype: Any = None) -> np.ndarray:
    """Any input (list, array, tensor) as a NumPy array."""
    if backend.is_tensor(x) or isinstance(x, backend.Variable):
        x = backend.convert_to_numpy(x)
    return np.asarray(x, dtype=dtype)


def is_string_array(x: np.ndarray) -> bool:
    if x.dtype.kind in "SU":
        return True
    if x.dtype.kind == "O":
        flat = x.reshape(-1)
        return flat.size == 0 or isinstance(flat[0], (str, bytes))
    return False


def decode_strings(x: np.ndarray, encoding: str = "utf-8") -> np.ndarray:
    """An object array of Python `str` (bytes are decoded)."""
    out = np.empty(x.shape, dtype=object)
    flat = out.reshape(-1)
    for i, value in enumerate(x.reshape(-1).tolist()):
        flat[i] = value.decode(encoding) if isinstance(value, bytes) else value
    return out


def iterate_batches(data: Any) -> Iterable:
    """The batches of `data` for `adapt`: an array, list or tensor is
    one batch; another iterable (generator, dataset) yields batches,
    where a `(x, y)` tuple contributes its `x`."""
    if (
        isinstance(data, (np.ndarray, list, tuple))
        or backend.is_tensor(data)
        or not hasattr(data, "__iter__")
    ):
        return [data]

    def batches():
        for batch in data:
            if isinstance(batch, tuple) and batch:
                batch = batch[0]
            yield batch

    return batches()


def peek(batches: Iterable, caller: str) -> Iterable:
    """`batches` with a check that there is at least one batch."""
    iterator = iter(batches)
    first = next(iterator, None)
    if first is None:
        raise ValueError(
            f"{caller}.adapt() received no data (an empty iterable). "
            "Pass an array or a non-empty iterable of batches."
        )
    return itertools.chain([first], iterator)


def encode_categorical(
    indices: Any,
    output_mode: str,
    depth: int,
    dtype: str,
    count_weights: Any = None,
) -> Any:
    """Encodes integer `indices` (array or tensor) as Keras does.

    "int" casts; "one_hot" adds an axis of size `depth` (replacing a last
    axis of size 1); "multi_hot" and "count" reduce the sample axis (axis
    1, or 0 for rank 1) into one of size `depth`. Indices outside
    `[0, depth)` encode to zeros.
    """
    if isinstance(indices, np.ndarray) and (
        count_weights is None or isinstance(count_weights, np.ndarray)
    ):
        # Host-side indices (lookups, hashing) are encoded on the host:
        # one transfer instead of a few device ops.
        encoded = encode_numpy(indices, output_mode, depth, count_weights)
        if count_weights is not None:
            dtype = str(count_weights.dtype)
        return ops.convert_to_tensor(encoded.astype(dtype), dtype=dtype)
    if output_mode == "int":
        return ops.cast(indices, dtype)
    shape = tuple(indices.shape)
    if len(shape) == 0:
        indices = ops.expand_dims(indices, -1)
        shape = (1,)
    if output_mode == "multi_hot":
        return ops.multi_hot(indices, depth, dtype=dtype)
    if output_mode == "one_hot":
        if len(shape) > 1 and shape[-1] == 1:
            indices = ops.squeeze(indices, -1)
        return ops.one_hot(indices, depth, dtype=dtype)
    # "count": a fixed-size bincount, as a sum of one-hot rows.
    if count_weights is not None:
        dtype = backend.standardize_dtype(count_weights.dtype)
    encoded = ops.one_hot(indices, depth, dtype=dtype)
    if count_weights is not None:
        encoded = encoded * ops.expand_dims(count_weights, -1)
    return ops.sum(encoded, axis=1 if len(shape) > 1 else 0)


def encode_numpy(
    indices: np.ndarray, output_mode: str, depth: int, count_weights: Any
) -> np.ndarray:
    """`encode_categorical` in NumPy (same shapes and values)."""
    if output_mode == "int":
        return indices
    if indices.ndim == 0:
        indices = indices.reshape(1)
    squeeze = output_mode == "one_hot" and indices.ndim > 1
    if squeeze and indices.shape[-1] == 1:
        indices = indices[..., 0]
    valid = (indices >= 0) & (indices < depth)
    one_hot = np.zeros(indices.shape + (depth,), dtype="float64")
    np.put_along_axis(
        one_hot, np.where(valid, indices, 0)[..., None], 1.0, axis=-1
    )
    one_hot *= valid[..., None]
    if output_mode == "one_hot":
        return one_hot
    if count_weights is not None:
        one_hot *= np.asarray(count_weights, "float64")[..., None]
    reduced = one_hot.sum(axis=1 if indices.ndim > 1 else 0)
    if output_mode == "multi_hot":
        return (reduced > 0).astype("float64")
    return reduced


def encoded_shape(input_shape: tuple, output_mode: str, depth: Any) -> tuple:
    """Output shape of `encode_categorical` for an input shape."""
    input_shape = tuple(input_shape)
    if output_mode == "int":
        return input_shape
    if not input_shape:
        return (depth,)
    if output_mode == "one_hot":
        if len(input_shape) > 1 and input_shape[-1] == 1:
            return input_shape[:-1] + (depth,)
        return input_shape + (depth,)
    return input_shape[:-1] + (depth,)
