"""`GroupQueryAttention`: attention where query heads share key/value
heads."""

from __future__ import annotations

import math
from typing import Any

from kerata.src import backend
from kerata.src import constraints
from kerata.src import initializers
from kerata.src import ops
from kerata.src import regularizers
from kerata.src.api_export import kerata_export
from kerata.src.backend.common.keras_tensor import KerasTensor
from kerata.src.layers.attention import attention_utils
from kerata.src.layers.core.einsum_dense import EinsumDense
from kerata.src.layers.layer import Layer
from kerata.src.layers.regularization.dropout import Dropout


@kerata_export("kerata.layers.GroupQueryAttention")
class GroupedQueryAttention(Layer):
    """Grouped-query attention (Ainslie et al., 2023).

    Like `MultiHeadAttention`, but with fewer key/value heads than query
    heads: the `num_query_heads` query heads are split in
    `num_key_value_heads` groups, and each group shares one key head and
    one value head. `num_key_value_heads=1` is multi-query attention;
    `num_key_value_heads=num_query_heads` is multi-head attention. The
    output is projected back to the query's feature size.

    Args:
        head_dim: Size of each attention head.
        num_query_heads: Number of query heads.
        num_key_value_heads: Number of key and value heads; must divide
            `num_query_heads`.
        dropout: Dropout rate of the attention weights.
        use_bias: Whether the projections have biases.
        sliding_window: Optional positive int: each query position only
            attends to key positions less than `sliding_window` away.
        flash_attention: Accepted for Keras compatibility. When True,
            `dropout` must be 0 and scores cannot be returned.
        kernel_initializer: Initializer of the projection kernels.
        bias_initializer: Initializer of the projection biases.
        kernel_regularizer: Regularizer of the projection kernels.
        bias_regularizer: Regularizer of the projection biases.
        activity_regularizer: Regularizer of the projections' outputs.
        kernel_constraint: Constraint of the projection kernels.
        bias_constraint: Constraint of the projection biases.
        use_gate: If True, the attention output is multiplied by a
            sigmoid gate computed from the query before the output
            projection.
        seed: Int seed for the dropout.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Call arguments:
        query: Tensor `(B, T, dim)`.
        value: Tensor `(B, S, dim)`.
        key: Optional tensor `(B, S, dim)`; defaults to `value`.
        query_mask: Optional boolean `(B, T)` padding mask; defaults to
            the mask attached to `query`.
        value_mask: Optional boolean `(B, S)`; defaults to the mask
            attached to `value`.
        key_mask: Optional boolean `(B, S)`; defaults to the mask attached
            to `key`.
        attention_mask: Optional boolean `(B, T, S)`: True where query
            position `t` may attend to key position `s`.
        return_attention_scores: If True, returns `(output, scores)`,
            the scores `(B, num_query_heads, T, S)` after softmax.
        training: Whether to apply dropout.
        use_causal_mask: If True, position `t` may only attend to
            positions `s <= t`.

    Output shape:
        `(B, T, dim)`.

    Example:

    >>> layer = kerata.layers.GroupQueryAttention(
    ...     head_dim=4, num_query_heads=4, num_key_value_heads=2)
    >>> query = kerata.ops.ones((2, 3, 8))
    >>> value = kerata.ops.ones((2, 5, 8))
    >>> out, scores = layer(query, value, return_attention_scores=True)
    >>> tuple(out.shape), tuple(scores.shape)
    ((2, 3, 8), (2, 4, 3, 5))
    >>> layer.count_params()  # query 8x4x4, key and value 8x2x4, output
    424
    """

    def __init__(
        self,
        head_dim: int,
        num_query_heads: int,
        num_key_value_heads: int,
        dropout: float = 0.0,
        use_bias: bool = True,
        sliding_window: int | None = None,
        flash_attention: bool | None = None,
        kernel_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        bias_constraint: Any = None,
        use_gate: bool = False,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        attention_utils.check_positive_int("head_dim", head_dim)
        attention_utils.check_positive_int("num_query_heads", num_query_heads)
        attention_utils.check_positive_int(
            "num_key_value_heads", num_key_value_heads
        )
        if num_query_heads % num_key_value_heads:
            raise ValueError(
                "`num_query_heads` must be a multiple of "
                f"`num_key_value_heads`. Received: num_query_heads="
                f"{num_query_heads}, num_key_value_heads="
                f"{num_key_value_heads}"
            )
        attention_utils.check_sliding_window(sliding_window)
        if flash_attention and dropout > 0:
            raise ValueError(
                "Dropout is not supported with flash attention. Received: "
                f"dropout={dropout}, flash_attention=True. Set dropout=0.0 "
                "or flash_attention=None."
            )
        super().__init__(**kwargs)
        self.supports_masking = True
        self.head_dim = head_dim
        self.num_query_heads = num_query_heads
        self.num_key_value_heads = num_key_value_heads
        self.num_repeats = num_query_heads // num_key_value_heads
        self.dropout = dropout
        self.use_bias = use_bias
        self.use_gate = use_gate
        self.sliding_window = sliding_window
        self._flash_attention = flash_attention
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        # Applied to the projections' outputs, as in Keras, not to this
        # layer's output.
        self._projection_activity_regularizer = regularizers.get(
            activity_regularizer
        )
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.seed = seed
        self._inverse_sqrt_head_dim = 1.0 / math.sqrt(float(head_dim))

    def build(
        self, query_shape: Any, value_shape: Any, key_shape: Any = None
    ) -> None:
        # Einsum letters: b batch, q query length, k key length, m model
        # dim, u query heads, v key/value heads, h head dim.
        key_shape = value_shape if key_shape is None else key_shape
        attention_utils.check_key_value_shapes(value_shape, key_shape)
        self.feature_dim = query_shape[-1]
        queries = (None, self.num_query_heads, self.head_dim)
        key_values = (None, self.num_key_value_heads, self.head_dim)
        self._query_dense = self._dense(
            "bqm,muh->bquh", queries, "uh", "query", query_shape
        )
        self._key_dense = self._dense(
            "bkm,mvh->bkvh", key_values, "vh", "key", key_shape
        )
        if self.use_gate:
            self._gate_dense = self._dense(
                "bqm,muh->bquh",
                queries,
                "uh",
                "gate",
                query_shape,
                activation="sigmoid",
            )
        self._value_dense = self._dense(
            "bkm,mvh->bkvh", key_values, "vh", "value", value_shape
        )
        self._dropout_layer = Dropout(
            rate=self.dropout, seed=self.seed, dtype=self.dtype_policy
        )
        self._output_dense = self._dense(
            "bquh,uhm->bqm",
            (None, self.feature_dim),
            "m",
            "attention_output",
            (None, None, self.num_query_heads, self.head_dim),
        )

    def _dense(
        self,
        equation: str,
        output_shape: tuple,
        bias_axes: str,
        name: str,
        input_shape: Any,
        **kwargs: Any,
    ) -> EinsumDense:
        layer = EinsumDense(
            equation,
            output_shape=output_shape,
            bias_axes=bias_axes if self.use_bias else None,
            name=name,
            kernel_initializer=attention_utils.clone_initializer(
                self.kernel_initializer
            ),
            bias_initializer=attention_utils.clone_initializer(
                self.bias_initializer
            ),
            kernel_regularizer=self.kernel_regularizer,
            bias_regularizer=self.bias_regularizer,
            activity_regularizer=self._projection_activity_regularizer,
            kernel_constraint=self.kernel_constraint,
            bias_constraint=self.bias_constraint,
            dtype=self.dtype_policy,
            **kwargs,
        )
        layer.build(tuple(input_shape))
        return layer

    def _compute_attention(
        self,
        query: Any,
        key: Any,
        value: Any,
        attention_mask: Any = None,
        training: Any = None,
        return_attention_scores: bool = False,
        use_causal_mask: bool = False,
    ) -> tuple:
        """Attention of projected `query (B, T, Nq, h)` and `key`, `value`
        `(B, S, Nkv, h)`. Returns `(output, scores)`; scores are None
        when the fused kernel computed it."""
        if self._flash_attention and return_attention_scores:
            raise ValueError(
                "Attention scores cannot be returned with flash attention. "
                "Create the layer with flash_attention=None to get them."
            )
        if not (self.dropout > 0 or return_attention_scores):
            # The backend kernel shares key/value heads itself (GQA), so
            # the repeated key and value are never materialized.
            mask = None
            if attention_mask is not None:
                mask = attention_utils.expand_mask(attention_mask, 4, -3)
            out = backend.nn.dot_product_attention(
                query,
                key,
                value,
                mask=mask,
                scale=self._inverse_sqrt_head_dim,
                is_causal=use_causal_mask,
                flash_attention=self._flash_attention,
            )
            return out, None
        if use_causal_mask:
            causal = attention_utils.causal_mask(
                ops.shape(query)[1], ops.shape(value)[1]
            )
            attention_mask = (
                causal
                if attention_mask is None
                else ops.logical_and(attention_mask, causal)
            )
        key = ops.repeat(key, self.num_repeats, axis=2)  # (B, S, Nq, h)
        value = ops.repeat(value, self.num_repeats, axis=2)
        query = ops.multiply(query, self._inverse_sqrt_head_dim)
        scores = ops.einsum("bquh,bkuh->buqk", query, key)  # (B, Nq, T, S)
        if attention_mask is not None:
            attention_mask = attention_utils.expand_mask(attention_mask, 4, -3)
        scores = attention_utils.masked_softmax(scores, attention_mask)
        weights = scores
        if self.dropout > 0:
            weights = self._dropout_layer(scores, training=training)
        out = ops.einsum("buqk,bkuh->bquh", weights, value)
        return out, scores

    def call(
        self,
        query: Any,
        value: Any,
        key: Any = None,
        query_mask: Any = None,
        value_mask: Any = None,
        key_mask: Any = None,
        attention_mask: Any = None,
        return_attention_scores: bool = False,
        training: Any = None,
        use_causal_mask: bool = False,
    ) -> Any:
        if query_mask is None:
            query_mask = attention_utils.keras_mask(query)
        if value_mask is None:
            value_mask = attention_utils.keras_mask(value)
        if key is None:
            key = value
        elif key_mask is None:
            key_mask = attention_utils.keras_mask(key)
        causal_only = (
            use_causal_mask
            and query_mask is None
            and value_mask is None
            and key_mask is None
            and attention_mask is None
            and self.sliding_window is None
            and type(self)._compute_attention
            is GroupedQueryAttention._compute_attention
        )
        if not causal_only:
            attention_mask = attention_utils.combine_masks(
                query,
                value,
                query_mask=query_mask,
                value_mask=value_mask,
                key_mask=key_mask,
                attention_mask=attention_mask,
                use_causal_mask=use_causal_mask,
                sliding_window=self.sliding_window,
            )
        gate = self._gate_dense(query) if self.use_gate else None
        query = self._query_dense(query)  # (B, T, Nq, h)
        key = self._key_dense(key)  # (B, S, Nkv, h)
        value = self._value_dense(value)  # (B, S, Nkv, h)
        extra = {"use_causal_mask": True} if causal_only else {}
        output, scores = self._compute_attention(
            query,
            key,
            value,
            attention_mask=attention_mask,
            training=training,
            return_attention_scores=return_attention_scores,
            **extra,
        )
        if gate is not None:
            output = ops.multiply(output, gate)
        output = self._output_dense(output)  # (B, T, dim)
        if return_attention_scores:
            return output, scores
        return output

    def compute_output_shape(
        self, query_shape: Any, value_shape: Any, key_shape: Any = None
    ) -> tuple:
        key_shape = value_shape if key_shape is None else key_shape
        attention_utils.check_key_value_shapes(value_shape, key_shape)
        return tuple(query_shape)

    def compute_output_spec(
        self,
        query: Any,
        value: Any,
        key: Any = None,
        query_mask: Any = None,
        value_mask: Any = None,
        key_mask: Any = None,
        attention_mask: Any = None,
        return_attention_scores: bool = False,
        training: Any = None,
        use_causal_mask: bool = False,
    ) -> Any:
        key_shape = None if key is None else key.shape
        shape = self.compute_output_shape(query.shape, value.shape, key_shape)
        output = KerasTensor(shape, dtype=self.compute_dtype)
        if not return_attention_scores:
            return output
        kv_length = (value if key is None else key).shape[1]
        scores_shape = (
            query.shape[0],
            self.num_query_heads,
            query.shape[1],
            kv_length,
        )
        return output, KerasTensor(scores_shape, dtype=self.compute_dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "head_dim": self.head_dim,
                "num_query_heads": self.num_query_heads,
                "num_key_value_heads": self.num_key_value_heads,
                "use_bias": self.use_bias,
                "use_gate": self.use_gate,
                "sliding_window": self.sliding_window,
                "dropout": self.dropout,
                "kernel_initializer": initializers.serialize(
                    self.kernel_initializer
                ),
                "bias_initializer": initializers.serialize(
                    self.bias_initializer
                ),
                "kernel_regularizer": regularizers.serialize(
                    self.kernel_regularizer
                ),
                "bias_regularizer": regularizers.serialize(
                    self.bias_regularizer
                ),
                "activity_regularizer": regularizers.serialize(
                    self._projection_activity_regularizer
                ),
                "kernel_constraint": constraints.serialize(
                    self.kernel_constraint
                ),
                "bias_constraint": constraints.serialize(self.bias_constraint),
                "seed": self.seed,
            }
        )
        return config
