"""`AdditiveAttention`: Bahdanau-style attention."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.layers.attention.attention import Attention
from kerata.src.layers.attention.attention import _check_inputs


@kerata_export("kerata.layers.AdditiveAttention")
class AdditiveAttention(Attention):
    """Additive attention layer, a.k.a. Bahdanau-style attention.

    Like `Attention`, but a query and a key are scored by
    `sum(scale * tanh(query + key))` over the features instead of their
    dot product, with a learned per-feature `scale`. Query and key must
    have the same last dimension.

    Args:
        use_scale: If True, scores use a learned vector `scale` of the
            feature size (glorot-uniform initialized); otherwise 1.
        dropout: Float in `[0, 1]`, fraction of the attention weights to
            drop in training.
        **kwargs: Base layer arguments (`name`, `dtype`, ...), and `seed`,
            an int seed for the dropout.

    Call arguments:
        inputs: List `[query, value]` or `[query, value, key]`: `query` of
            shape `(batch_size, Tq, dim)`, `value` of shape `(batch_size,
            Tv, dim)` and `key` of the shape of `value` (defaults to
            `value`).
        mask: List `[query_mask, value_mask]` of boolean masks of shapes
            `(batch_size, Tq)` and `(batch_size, Tv)`. Outputs at masked
            query positions are zero; masked values get no weight.
        return_attention_scores: If True, also return the attention
            weights (after masking and softmax).
        training: Whether to apply dropout.
        use_causal_mask: If True, position `i` may only attend to value
            positions `j <= i`.

    Output shape:
        `(batch_size, Tq, dim)`, and the weights `(batch_size, Tq, Tv)`
        when `return_attention_scores` is True.

    Example:

    >>> layer = kerata.layers.AdditiveAttention()
    >>> query = kerata.ops.ones((2, 3, 4))
    >>> value = kerata.ops.ones((2, 5, 4))
    >>> tuple(layer([query, value]).shape)
    (2, 3, 4)
    >>> tuple(layer.scale.shape)
    (4,)
    """

    def __init__(
        self, use_scale: bool = True, dropout: float = 0.0, **kwargs: Any
    ) -> None:
        super().__init__(use_scale=use_scale, dropout=dropout, **kwargs)

    def build(self, input_shape: Any) -> None:
        _check_inputs(self, input_shape)
        self.scale = None
        self.concat_score_weight = None
        if self.use_scale:
            self.scale = self.add_weight(
                name="scale",
                shape=(input_shape[0][-1],),
                initializer="glorot_uniform",
            )

    def _calculate_scores(self, query: Any, key: Any) -> Any:
        # (batch, Tq, 1, dim) + (batch, 1, Tv, dim) -> (batch, Tq, Tv, dim)
        pairs = ops.tanh(
            ops.add(ops.expand_dims(query, -2), ops.expand_dims(key, -3))
        )
        if self.scale is not None:
            pairs = ops.multiply(self.scale, pairs)
        return ops.sum(pairs, axis=-1)

    def get_config(self) -> dict:
        config = super().get_config()
        del config["score_mode"]
        return config
