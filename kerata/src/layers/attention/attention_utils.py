"""Helpers shared by the attention layers: masks, masked softmax and the
einsum equations of multi-head attention."""

from __future__ import annotations

import string
from typing import Any

from kerata.src import backend
from kerata.src import ops
from kerata.src.backend.common import masking


def keras_mask(x: Any) -> Any:
    """The mask attached to `x` (e.g. by `Embedding(mask_zero=True)`)."""
    if x is None or not masking.has_masks():
        return None
    return masking.get_keras_mask(x)


def causal_mask(query_length: Any, key_length: Any) -> Any:
    """Boolean `(1, T, S)`: position `t` may attend to `s <= t` (aligned
    at the top left, as Keras does when `T != S`)."""
    rows = ops.expand_dims(ops.arange(query_length, dtype="int32"), -1)
    cols = ops.expand_dims(ops.arange(key_length, dtype="int32"), 0)
    return ops.expand_dims(ops.greater_equal(rows, cols), 0)


def sliding_window_mask(query_length: Any, key_length: Any, window: int):
    """Boolean `(1, T, S)`: `|t - s| < window`."""
    rows = ops.expand_dims(ops.arange(query_length, dtype="int32"), -1)
    cols = ops.expand_dims(ops.arange(key_length, dtype="int32"), 0)
    distance = ops.abs(ops.subtract(rows, cols))
    return ops.expand_dims(ops.less(distance, window), 0)


def as_bool(mask: Any) -> Any:
    mask = ops.convert_to_tensor(mask)
    if backend.standardize_dtype(mask.dtype) != "bool":
        mask = ops.cast(mask, "bool")
    return mask


def _and(a: Any, b: Any) -> Any:
    return b if a is None else ops.logical_and(a, b)


def combine_masks(
    query: Any,
    value: Any,
    query_mask: Any = None,
    value_mask: Any = None,
    key_mask: Any = None,
    attention_mask: Any = None,
    use_causal_mask: bool = False,
    sliding_window: int | None = None,
) -> Any:
    """One boolean attention mask, broadcastable to `(B, T, S)`, from the
    padding masks `(B, T)` / `(B, S)`, the explicit `attention_mask`, the
    causal mask and the sliding window; None when there is no mask."""
    mask = None
    if query_mask is not None:
        mask = ops.expand_dims(as_bool(query_mask), -1)  # (B, T, 1)
    if value_mask is not None:
        mask = _and(mask, ops.expand_dims(as_bool(value_mask), -2))
    if key_mask is not None:
        mask = _and(mask, ops.expand_dims(as_bool(key_mask), -2))
    if use_causal_mask or sliding_window is not None:
        q_len = ops.shape(query)[1]
        v_len = ops.shape(value)[1]
        if use_causal_mask:
            mask = _and(mask, causal_mask(q_len, v_len))
        if sliding_window is not None:
            window = sliding_window_mask(q_len, v_len, sliding_window)
            mask = _and(mask, window)
    if attention_mask is not None:
        explicit = as_bool(attention_mask)
        mask = explicit if mask is None else ops.logical_and(explicit, mask)
    return mask


def expand_mask(mask: Any, rank: int, axis: int) -> Any:
    """Inserts axes at `axis` until `mask` has rank `rank` (the heads
    axis, and the batch axes beyond the first)."""
    for _ in range(rank - len(mask.shape)):
        mask = ops.expand_dims(mask, axis)
    return mask


def large_negative_number(dtype: str) -> float:
    """A logit that softmax turns into ~0, finite in `dtype`."""
    return -3e4 if dtype == "float16" else -1e9


def masked_softmax(scores: Any, mask: Any = None, axis: Any = -1) -> Any:
    """Softmax over `axis` with masked positions excluded; a row with no
    allowed position comes out all zeros (Keras's `Softmax` layer)."""
    if mask is None:
        return ops.softmax(scores, axis=axis)
    dtype = backend.standardize_dtype(scores.dtype)
    scores = ops.where(mask, scores, large_negative_number(dtype))
    weights = ops.softmax(scores, axis=axis)
    return ops.where(mask, weights, ops.zeros_like(weights))


def _letter(i: int) -> str:
    return string.ascii_lowercase[i]


def projection_equation(
    free_dims: int, bound_dims: int, output_dims: int
) -> tuple:
    """`(equation, bias_axes, output_rank)` of an EinsumDense that keeps
    `free_dims` leading axes, contracts `bound_dims` axes and creates
    `output_dims` axes, e.g. `(2, 1, 2)` gives `"abc,cde->abde"`."""
    free = "".join(_letter(i) for i in range(free_dims))
    bound = "".join(_letter(free_dims + i) for i in range(bound_dims))
    new = "".join(
        _letter(free_dims + bound_dims + i) for i in range(output_dims)
    )
    return (
        f"{free}{bound},{bound}{new}->{free}{new}",
        new,
        free_dims + output_dims,
    )


def attention_equations(rank: int, attention_axes: tuple) -> tuple:
    """Einsum equations of the scores and of the weighted sum, for
    projected tensors of rank `rank`, `(batch..., attended..., heads,
    head_dim)`: returns `(scores_equation, combine_equation,
    scores_rank)`. The scores are laid out as `(batch axes incl. heads,
    query attended axes, key attended axes)`."""
    target = "".join(_letter(i) for i in range(rank))
    batch_axes = [
        i for i in range(rank - 1) if i not in attention_axes
    ]  # includes the heads axis
    source = list(target)
    offset = rank
    for i in attention_axes:
        source[i] = _letter(offset)
        offset += 1
    source = "".join(source)
    product = "".join(
        [target[i] for i in batch_axes]
        + [target[i] for i in attention_axes]
        + [source[i] for i in attention_axes]
    )
    return (
        f"{source},{target}->{product}",
        f"{product},{source}->{target}",
        len(product),
    )


def clone_initializer(initializer: Any) -> Any:
    return type(initializer).from_config(initializer.get_config())


def check_positive_int(name: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(
            f"`{name}` must be a positive int. Received: {name}={value!r}"
        )


def check_sliding_window(sliding_window: Any) -> None:
    if sliding_window is not None and (
        isinstance(sliding_window, bool)
        or not isinstance(sliding_window, int)
        or sliding_window <= 0
    ):
        raise ValueError(
            "`sliding_window` must be None or a positive int. Received: "
            f"sliding_window={sliding_window!r}"
        )


def check_key_value_shapes(value_shape: Any, key_shape: Any) -> None:
    if tuple(value_shape[1:-1]) != tuple(key_shape[1:-1]):
        raise ValueError(
            "`key` and `value` must have the same shape except for the "
            f"last axis. Received: value_shape={tuple(value_shape)}, "
            f"key_shape={tuple(key_shape)}"
        )
