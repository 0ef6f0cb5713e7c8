"""Public ops: `kerata.ops.nn.dot_product_attention`."""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.ops.nn import _checks
from kerata.src.ops.operation import symbolic_op


def _check_attention_shapes(query: Any, key: Any, value: Any) -> None:
    q = _checks.shape_of(query)
    k = _checks.shape_of(key)
    v = _checks.shape_of(value)
    if len(q) not in (3, 4) or len(k) != len(q) or len(v) != len(q):
        raise ValueError(
            "`query`, `key` and `value` must all have rank 4, (batch, "
            "seq, heads, head_dim), or all rank 3 without the batch. "
            f"Received: query.shape={q}, key.shape={k}, value.shape={v}"
        )
    heads, kv_heads = q[-2], k[-2]
    if heads is not None and kv_heads is not None and heads % kv_heads:
        raise ValueError(
            f"The number of query heads ({heads}) must be a multiple of the "
            f"number of key/value heads ({kv_heads}). Received: "
            f"query.shape={q}, key.shape={k}"
        )
    if not _checks.same_size(q[-1], k[-1]) or k[:-1] != v[:-1]:
        raise ValueError(
            "`key` must have the shape of `value` and the head size of "
            f"`query`. Received: query.shape={q}, key.shape={k}, "
            f"value.shape={v}"
        )


@kerata_export(
    "kerata.ops.dot_product_attention", "kerata.ops.nn.dot_product_attention"
)
@symbolic_op
def dot_product_attention(
    query: Any,
    key: Any,
    value: Any,
    bias: Any = None,
    mask: Any = None,
    scale: float | None = None,
    is_causal: bool = False,
    flash_attention: bool | None = None,
    attn_logits_soft_cap: float | None = None,
) -> Any:
    """Scaled dot-product attention:
    `softmax(query @ key.T * scale + bias) @ value`, per head.

    Grouped-query attention is supported: with `N` query heads and `K`
    key/value heads (`N % K == 0`), query head `n` attends with key/value
    head `n // (N // K)`. Masked positions get a large negative logit, so
    a row with nothing to attend to averages `value` uniformly.

    Args:
        query: Tensor `(batch, seq, heads, head_dim)`.
        key: Tensor `(batch, kv_seq, kv_heads, head_dim)`.
        value: Tensor shaped like `key`.
        bias: Optional tensor broadcastable to `(batch, heads, seq,
            kv_seq)`, added to the logits.
        mask: Optional boolean tensor broadcastable to `(batch, heads,
            seq, kv_seq)`: True where attention is allowed.
        scale: Logit scale; None means `1 / sqrt(head_dim)`.
        is_causal: Whether position `t` may only attend to positions
            `<= t` (a lower-triangular mask, aligned at the top left).
        flash_attention: Accepted for Keras compatibility; the backend
            picks the fastest kernel it has (torch: SDPA).
        attn_logits_soft_cap: Optional float `c`: logits become
            `c * tanh(logits / c)` before masking.

    Returns:
        A tensor of the shape of `query`.

    Raises:
        ValueError: If the shapes do not fit.

    Example:

    >>> q = kerata.ops.ones((2, 3, 4, 8))
    >>> kv = kerata.ops.ones((2, 5, 2, 8))
    >>> out = kerata.ops.dot_product_attention(q, kv, kv, is_causal=True)
    >>> tuple(out.shape)
    (2, 3, 4, 8)
    """
    _check_attention_shapes(query, key, value)
    return backend.nn.dot_product_attention(
        query,
        key,
        value,
        bias=bias,
        mask=mask,
        scale=scale,
        is_causal=is_causal,
        flash_attention=flash_attention,
        attn_logits_soft_cap=attn_logits_soft_cap,
    )
