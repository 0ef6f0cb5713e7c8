"""`Attention`: dot-product (Luong-style) attention."""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src import ops
from kerata.src import random
from kerata.src.api_export import kerata_export
from kerata.src.backend.common.keras_tensor import KerasTensor
from kerata.src.layers.attention import attention_utils
from kerata.src.layers.layer import Layer


@kerata_export("kerata.layers.Attention")
class Attention(Layer):
    """Dot-product attention layer, a.k.a. Luong-style attention.

    Each query position takes a softmax-weighted average of `value` over
    the value positions, weighted by how well the query matches each key:
    `softmax(query @ key.T) @ value`. Use it to let one sequence read from
    another (e.g. a decoder reading an encoder's outputs); for learned
    projections and several heads use `MultiHeadAttention`.

    Args:
        use_scale: If True, scores are multiplied by a learned scalar
            `scale` (initialized to 1).
        score_mode: How scores are computed: `"dot"`, the query-key dot
            product, or `"concat"`, `concat_score_weight *
            sum(tanh(query + key))` over the features.
        dropout: Float in `[0, 1]`, fraction of the attention weights to
            drop in training.
        seed: Int seed for the dropout.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Call arguments:
        inputs: List `[query, value]` or `[query, value, key]`: `query` of
            shape `(batch_size, Tq, dim)`, `value` of shape `(batch_size,
            Tv, dim)` and `key` of the shape of `value` (defaults to
            `value`).
        mask: List `[query_mask, value_mask]` of boolean masks of shapes
            `(batch_size, Tq)` and `(batch_size, Tv)`. Outputs at masked
            query positions are zero; masked values get no weight. Masks
            attached to the inputs (e.g. by `Embedding(mask_zero=True)`)
            are used when none is given.
        return_attention_scores: If True, also return the attention
            weights (after masking and softmax).
        training: Whether to apply dropout.
        use_causal_mask: If True, position `i` may only attend to value
            positions `j <= i` (decoder self-attention).

    Output shape:
        `(batch_size, Tq, dim)`, and the weights `(batch_size, Tq, Tv)`
        when `return_attention_scores` is True.

    Example:

    >>> layer = kerata.layers.Attention()
    >>> query = kerata.ops.ones((2, 3, 4))
    >>> value = kerata.ops.ones((2, 5, 4))
    >>> out, scores = layer([query, value], return_attention_scores=True)
    >>> tuple(out.shape), tuple(scores.shape)
    ((2, 3, 4), (2, 3, 5))
    >>> round(float(kerata.ops.sum(scores[0, 0])), 4)
    1.0
    """

    def __init__(
        self,
        use_scale: bool = False,
        score_mode: str = "dot",
        dropout: float = 0.0,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if score_mode not in ("dot", "concat"):
            raise ValueError(
                "`score_mode` must be one of 'dot' or 'concat'. Received: "
                f"score_mode={score_mode!r}"
            )
        _check_dropout(dropout)
        self.use_scale = use_scale
        self.score_mode = score_mode
        self.dropout = dropout
        self.seed = seed
        if dropout > 0:
            self.seed_generator = random.SeedGenerator(seed)
        self.supports_masking = True

    def build(self, input_shape: Any) -> None:
        _check_inputs(self, input_shape)
        self.scale = None
        self.concat_score_weight = None
        if self.use_scale:
            self.scale = self.add_weight(
                name="scale", shape=(), initializer="ones"
            )
        if self.score_mode == "concat":
            self.concat_score_weight = self.add_weight(
                name="concat_score_weight", shape=(), initializer="ones"
            )

    def _calculate_scores(self, query: Any, key: Any) -> Any:
        """Scores `(batch_size, Tq, Tv)` of each query against each key."""
        if self.score_mode == "dot":
            scores = ops.matmul(query, ops.swapaxes(key, -2, -1))
            if self.scale is not None:
                scores = ops.multiply(scores, self.scale)
            return scores
        # (batch, Tq, 1, dim) + (batch, 1, Tv, dim) -> (batch, Tq, Tv, dim)
        pairs = ops.add(ops.expand_dims(query, -2), ops.expand_dims(key, -3))
        if self.scale is not None:
            pairs = ops.multiply(self.scale, pairs)
        return ops.multiply(
            self.concat_score_weight, ops.sum(ops.tanh(pairs), axis=-1)
        )

    def _apply_scores(
        self,
        scores: Any,
        value: Any,
        scores_mask: Any = None,
        training: bool = False,
    ) -> tuple:
        """Masked softmax of `scores`, then the weighted sum of `value`.
        Returns `(outputs, weights)`."""
        if scores_mask is not None:
            # Masked scores are lowered by a large constant rather than
            # replaced, as Keras does, so that results match it exactly.
            dtype = backend.standardize_dtype(scores.dtype)
            big = 65504.0 if dtype == "float16" else 1.0e9
            if len(scores_mask.shape) == 2:
                scores_mask = ops.expand_dims(scores_mask, -2)
            scores = ops.where(scores_mask, scores, ops.subtract(scores, big))
        weights = ops.softmax(scores, axis=-1)
        if training and self.dropout > 0:
            weights = random.dropout(
                weights, self.dropout, seed=self.seed_generator
            )
        return ops.matmul(weights, value), weights

    def call(
        self,
        inputs: Any,
        mask: Any = None,
        training: bool = False,
        return_attention_scores: bool = False,
        use_causal_mask: bool = False,
    ) -> Any:
        _check_inputs(self, inputs, mask)
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        query_mask = mask[0] if mask else None
        value_mask = mask[1] if mask else None
        scores = self._calculate_scores(query, key)  # (batch, Tq, Tv)
        scores_mask = None
        if value_mask is not None:
            scores_mask = ops.expand_dims(
                attention_utils.as_bool(value_mask), -2
            )
        if use_causal_mask:
            shape = ops.shape(scores)
            causal = attention_utils.causal_mask(shape[-2], shape[-1])
            scores_mask = (
                causal
                if scores_mask is None
                else ops.logical_and(scores_mask, causal)
            )
        outputs, weights = self._apply_scores(
            scores, value, scores_mask, training=training
        )
        if query_mask is not None:
            keep = ops.expand_dims(attention_utils.as_bool(query_mask), -1)
            outputs = ops.where(keep, outputs, ops.zeros_like(outputs))
        if return_attention_scores:
            return outputs, weights
        return outputs

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        if not mask or mask[0] is None:
            return None
        return ops.convert_to_tensor(mask[0])

    def compute_output_shape(self, input_shape: Any) -> tuple:
        return (*input_shape[0][:-1], input_shape[1][-1])

    def compute_output_spec(
        self,
        inputs: Any,
        mask: Any = None,
        training: Any = None,
        return_attention_scores: bool = False,
        use_causal_mask: bool = False,
    ) -> Any:
        _check_inputs(self, inputs, mask)
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        shape = self.compute_output_shape([query.shape, value.shape])
        output = KerasTensor(shape, dtype=self.compute_dtype)
        if return_attention_scores:
            scores_shape = (*query.shape[:-1], key.shape[-2])
            return output, KerasTensor(scores_shape, dtype=self.compute_dtype)
        return output

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "use_scale": self.use_scale,
                "score_mode": self.score_mode,
                "dropout": self.dropout,
                "seed": self.seed,
            }
        )
        return config


def _check_dropout(dropout: Any) -> None:
    if isinstance(dropout, bool) or not isinstance(dropout, (int, float)):
        raise ValueError(
            "`dropout` must be a float in [0, 1]. Received: "
            f"dropout={dropout!r}"
        )
    if not 0 <= dropout <= 1:
        raise ValueError(
            "`dropout` must be a float in [0, 1], the fraction of attention "
            f"weights to drop. Received: dropout={dropout}"
        )


def _check_inputs(layer: Layer, inputs: Any, mask: Any = None) -> None:
    """Checks the `[query, value(, key)]` and `[query_mask, value_mask]`
    lists given to `Attention` and `AdditiveAttention`."""
    name = type(layer).__name__
    if not isinstance(inputs, (list, tuple)):
        raise ValueError(
            f"{name} must be called on a list of inputs, [query, value] or "
            f"[query, value, key]. Received: inputs={inputs!r}"
        )
    if not 2 <= len(inputs) <= 3:
        raise ValueError(
            f"{name} takes a list of 2 or 3 inputs, [query, value] or "
            f"[query, value, key]. Received a list of {len(inputs)}."
        )
    if mask is None:
        return
    if not isinstance(mask, (list, tuple)):
        raise ValueError(
            f"{name}'s `mask` must be a list, [query_mask, value_mask]. "
            f"Received: mask={mask!r}"
        )
    if not 2 <= len(mask) <= 3:
        raise ValueError(
            f"{name}'s `mask` must be a list of 2 or 3 masks, [query_mask, "
            f"value_mask]. Received a list of {len(mask)}."
        )
