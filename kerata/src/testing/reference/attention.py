"""Plain-NumPy references for the attention layers. Imports nothing from
kerata, so a backend bug cannot hide here. Computations run in float64."""

from __future__ import annotations

import numpy as np


def _softmax(x, axis=-1):
    x = x - np.max(x, axis=axis, keepdims=True)
    e = np.exp(x)
    return e / np.sum(e, axis=axis, keepdims=True)


def causal_mask(query_length, key_length):
    """Boolean `(T, S)`: `t` may attend to `s <= t`."""
    return np.tril(np.ones((query_length, key_length), dtype=bool))


def _apply_scores(scores, value, query_mask, value_mask, causal):
    """Keras's Attention: masked scores are lowered by 1e9, softmax, the
    weighted sum of `value`, then zeros at masked query positions."""
    keep = np.ones(scores.shape, dtype=bool)
    if value_mask is not None:
        keep &= np.asarray(value_mask, bool)[:, None, :]
    if causal:
        keep &= causal_mask(*scores.shape[-2:])
    scores = np.where(keep, scores, scores - 1e9)
    weights = _softmax(scores)
    out = weights @ value
    if query_mask is not None:
        out = np.where(np.asarray(query_mask, bool)[..., None], out, 0.0)
    return out, weights


def attention(
    query,
    value,
    key=None,
    scale=None,
    score_mode="dot",
    concat_score_weight=1.0,
    query_mask=None,
    value_mask=None,
    causal=False,
):
    """`Attention`: returns `(outputs, weights)` for `(batch, T, dim)`
    query and `(batch, S, dim)` value/key; `scale` None means no scale."""
    q = np.asarray(query, "float64")
    v = np.asarray(value, "float64")
    k = v if key is None else np.asarray(key, "float64")
    if score_mode == "dot":
        scores = q @ np.swapaxes(k, -1, -2)
        if scale is not None:
            scores = scores * scale
    else:
        pairs = q[:, :, None, :] + k[:, None, :, :]
        if scale is not None:
            pairs = pairs * scale
        scores = concat_score_weight * np.tanh(pairs).sum(-1)
    return _apply_scores(scores, v, query_mask, value_mask, causal)


def additive_attention(
    query,
    value,
    key=None,
    scale=None,
    query_mask=None,
    value_mask=None,
    causal=False,
):
    """`AdditiveAttention`: scores `sum(scale * tanh(q + k))`, `scale` a
    per-feature vector or None (ones)."""
    q = np.asarray(query, "float64")
    v = np.asarray(value, "float64")
    k = v if key is None else np.asarray(key, "float64")
    pairs = np.tanh(q[:, :, None, :] + k[:, None, :, :])  # (b, T, S, d)
    if scale is not None:
        pairs = pairs * np.asarray(scale, "float64")
    scores = pairs.sum(-1)
    return _apply_scores(scores, v, query_mask, value_mask, causal)


def _project(x, kernel, bias):
    # (b, t, d), (d, n, h) -> (b, t, n, h)
    out = np.einsum("btd,dnh->btnh", np.asarray(x, "float64"), kernel)
    return out if bias is None else out + bias


def multi_head_attention(
    query,
    value,
    key,
    weights,
    mask=None,
    gate=None,
):
    """Multi-head (or grouped-query) attention of rank-3 inputs.

    Args:
        query: `(b, T, dim)`.
        value: `(b, S, dim_v)`.
        key: `(b, S, dim_k)` or None for `value`.
        weights: `[q_kernel, q_bias, k_kernel, k_bias, v_kernel, v_bias,
            out_kernel, out_bias]` with kernels `(dim, heads, head_dim)`
            and `(heads, head_dim, out)`; biases may be None. Key/value
            heads fewer than query heads are shared by groups.
        mask: Optional boolean broadcastable to `(b, T, S)`.
        gate: Optional `(gate_kernel, gate_bias)`: the heads' output is
            multiplied by `sigmoid(query projection)` first.

    Returns:
        `(output (b, T, out), scores (b, heads, T, S))`; a row with no
        allowed key gets all-zero scores.
    """
    w = [None if a is None else np.asarray(a, "float64") for a in weights]
    key = value if key is None else key
    q = _project(query, w[0], w[1])
    k = _project(key, w[2], w[3])
    v = _project(value, w[4], w[5])
    groups = q.shape[2] // k.shape[2]
    k = np.repeat(k, groups, axis=2)
    v = np.repeat(v, groups, axis=2)
    logits = np.einsum("btnh,bsnh->bnts", q, k) / np.sqrt(q.shape[-1])
    if mask is not None:
        keep = np.broadcast_to(
            np.asarray(mask, bool)[:, None], logits.shape
        ).copy()
        logits = np.where(keep, logits, -1e9)
        scores = np.where(keep, _softmax(logits), 0.0)
    else:
        scores = _softmax(logits)
    heads = np.einsum("bnts,bsnh->btnh", scores, v)
    if gate is not None:
        g = _project(query, *[np.asarray(a, "float64") for a in gate])
        heads = heads / (1.0 + np.exp(-g))
    out = np.einsum("btnh,nho->bto", heads, w[6])
    if w[7] is not None:
        out = out + w[7]
    return out, scores
