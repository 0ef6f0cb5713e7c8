"""`MultiHeadAttention`: the attention of "Attention Is All You Need"."""

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


@kerata_export("kerata.layers.MultiHeadAttention")
class MultiHeadAttention(Layer):
    """Multi-head attention (Vaswani et al., 2017).

    `query`, `key` and `value` are projected to `num_heads` heads each
    (EinsumDense layers named `query`, `key` and `value`, with kernels of
    shape `(dim, num_heads, key_dim)`); every head computes
    `softmax(q @ k.T / sqrt(key_dim)) @ v`; the heads are concatenated
    and projected back to the query's feature size (or `output_shape`)
    by the `attention_output` EinsumDense. With `query is value` this is
    self-attention.

    Args:
        num_heads: Number of attention heads.
        key_dim: Size of each head for query and key.
        value_dim: Size of each head for value; defaults to `key_dim`.
        dropout: Dropout rate of the attention weights.
        use_bias: Whether the projections have biases.
        output_shape: Shape of the output besides the batch and sequence
            axes (int or tuple); defaults to the query's last dimension.
        attention_axes: Axes of the query/value over which attention is
            applied; None means every axis but the batch, heads and
            feature axes (the sequence axis of a rank-3 input).
        sliding_window: Optional positive int: each query position only
            attends to key positions less than `sliding_window` away.
        flash_attention: Accepted for Keras compatibility. When True,
            `dropout` must be 0 and scores cannot be returned; the backend
            picks its fastest kernel either way (torch: SDPA).
        kernel_initializer: Initializer of the projection kernels.
        bias_initializer: Initializer of the projection biases.
        kernel_regularizer: Regularizer of the projection kernels.
        bias_regularizer: Regularizer of the projection biases.
        activity_regularizer: Regularizer of the projections' outputs.
        kernel_constraint: Constraint of the projection kernels.
        bias_constraint: Constraint of the projection biases.
        use_gate: If True, the attention output is multiplied by a
            sigmoid gate computed from the query (EinsumDense `gate`)
            before the output projection.
        seed: Int seed for the dropout.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Call arguments:
        query: Tensor `(B, T, dim)`.
        value: Tensor `(B, S, dim)`.
        key: Optional tensor `(B, S, dim)`; defaults to `value`.
        query_mask: Optional boolean `(B, T)` padding mask of the query;
            defaults to the mask attached to `query` (e.g. by
            `Embedding(mask_zero=True)`).
        value_mask: Optional boolean `(B, S)`; defaults to the mask
            attached to `value`.
        key_mask: Optional boolean `(B, S)`; defaults to the mask attached
            to `key`.
        attention_mask: Optional boolean `(B, T, S)`: True where query
            position `t` may attend to key position `s`. Combined (AND)
            with the padding masks and the causal mask.
        return_attention_scores: If True, returns `(output, scores)`,
            the scores `(B, num_heads, T, S)` after softmax.
        training: Whether to apply dropout.
        use_causal_mask: If True, position `t` may only attend to
            positions `s <= t` (decoder self-attention).

    Output shape:
        `(B, T, dim)`, or `(B, T) + output_shape`.

    Example:

    >>> layer = kerata.layers.MultiHeadAttention(num_heads=2, key_dim=4)
    >>> query = kerata.ops.ones((2, 3, 8))
    >>> value = kerata.ops.ones((2, 5, 8))
    >>> out, scores = layer(query, value, return_attention_scores=True)
    >>> tuple(out.shape), tuple(scores.shape)
    ((2, 3, 8), (2, 2, 3, 5))
    >>> tuple(layer.query_dense.kernel.shape)
    (8, 2, 4)
    """

    def __init__(
        self,
        num_heads: int,
        key_dim: int,
        value_dim: int | None = None,
        dropout: float = 0.0,
        use_bias: bool = True,
        output_shape: Any = None,
        attention_axes: Any = None,
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
        attention_utils.check_positive_int("num_heads", num_heads)
        attention_utils.check_positive_int("key_dim", key_dim)
        if value_dim is not None:
            attention_utils.check_positive_int("value_dim", value_dim)
        super().__init__(**kwargs)
        self.supports_masking = True
        self._num_heads = num_heads
        self._key_dim = key_dim
        self._value_dim = value_dim if value_dim else key_dim
        self._dropout = dropout
        self._use_bias = use_bias
        self._use_gate = use_gate
        self._output_shape = _standardize_output_shape(output_shape)
        self._flash_attention = flash_attention
        self._kernel_initializer = initializers.get(kernel_initializer)
        self._bias_initializer = initializers.get(bias_initializer)
        self._kernel_regularizer = regularizers.get(kernel_regularizer)
        self._bias_regularizer = regularizers.get(bias_regularizer)
        self._activity_regularizer = regularizers.get(activity_regularizer)
        self._kernel_constraint = constraints.get(kernel_constraint)
        self._bias_constraint = constraints.get(bias_constraint)
        if isinstance(attention_axes, int):
            attention_axes = (attention_axes,)
        elif attention_axes is not None and not isinstance(
            attention_axes, (list, tuple)
        ):
            raise ValueError(
                "`attention_axes` must be an int, a list or a tuple. "
                f"Received: attention_axes={attention_axes!r}"
            )
        self._attention_axes = (
            None if attention_axes is None else tuple(attention_axes)
        )
        attention_utils.check_sliding_window(sliding_window)
        self._sliding_window = sliding_window
        self.seed = seed
        self._inverse_sqrt_key_dim = 1.0 / math.sqrt(float(key_dim))
        if flash_attention and dropout > 0:
            raise ValueError(
                "Dropout is not supported with flash attention. Received: "
                f"dropout={dropout}, flash_attention=True. Set dropout=0.0 "
                "or flash_attention=None."
            )

    num_heads = property(lambda self: self._num_heads)
    key_dim = property(lambda self: self._key_dim)
    value_dim = property(lambda self: self._value_dim)
    dropout = property(lambda self: self._dropout)
    use_bias = property(lambda self: self._use_bias)
    attention_axes = property(lambda self: self._attention_axes)
    query_dense = property(lambda self: self._query_dense)
    key_dense = property(lambda self: self._key_dense)
    value_dense = property(lambda self: self._value_dense)
    output_dense = property(lambda self: self._output_dense)

    def build(
        self, query_shape: Any, value_shape: Any, key_shape: Any = None
    ) -> None:
        key_shape = value_shape if key_shape is None else key_shape
        attention_utils.check_key_value_shapes(value_shape, key_shape)
        self._query_dense = self._projection(
            query_shape, self._key_dim, "query"
        )
        self._key_dense = self._projection(key_shape, self._key_dim, "key")
        if self._use_gate:
            self._gate_dense = self._projection(
                query_shape, self._value_dim, "gate", activation="sigmoid"
            )
        self._value_dense = self._projection(
            value_shape, self._value_dim, "value"
        )
        rank = len(query_shape) + 1  # of the projected tensors
        self._build_attention(rank)
        output_shape = self._output_shape or (query_shape[-1],)
        equation, bias_axes, output_rank = attention_utils.projection_equation(
            len(query_shape) - 1, 2, len(output_shape)
        )
        self._output_dense = EinsumDense(
            equation,
            output_shape=_partial_shape(output_rank - 1, output_shape),
            bias_axes=bias_axes if self._use_bias else None,
            name="attention_output",
            **self._sublayer_kwargs(),
        )
        heads_shape = list(self._query_dense.compute_output_shape(query_shape))
        heads_shape[-1] = self._value_dim
        self._output_dense.build(tuple(heads_shape))

    def _projection(
        self, input_shape: Any, head_size: int, name: str, **kwargs: Any
    ) -> EinsumDense:
        """A built EinsumDense from `(..., dim)` to `(..., heads, size)`."""
        equation, bias_axes, output_rank = attention_utils.projection_equation(
            len(input_shape) - 1, 1, 2
        )
        layer = EinsumDense(
            equation,
            output_shape=_partial_shape(
                output_rank - 1, (self._num_heads, head_size)
            ),
            bias_axes=bias_axes if self._use_bias else None,
            name=name,
            **kwargs,
            **self._sublayer_kwargs(),
        )
        layer.build(tuple(input_shape))
        return layer

    def _sublayer_kwargs(self) -> dict:
        # Fresh initializer objects per sublayer: a seeded initializer
        # would otherwise give every projection the same kernel.
        return {
            "kernel_initializer": attention_utils.clone_initializer(
                self._kernel_initializer
            ),
            "bias_initializer": attention_utils.clone_initializer(
                self._bias_initializer
            ),
            "kernel_regularizer": self._kernel_regularizer,
            "bias_regularizer": self._bias_regularizer,
            "activity_regularizer": self._activity_regularizer,
            "kernel_constraint": self._kernel_constraint,
            "bias_constraint": self._bias_constraint,
            "dtype": self.dtype_policy,
        }

    def _build_attention(self, rank: int) -> None:
        """Normalizes `attention_axes` for projected tensors of rank
        `rank` and derives the einsum equations and softmax axes."""
        if self._attention_axes is None:
            self._attention_axes = tuple(range(1, rank - 2))
        else:
            self._attention_axes = tuple(
                axis if axis >= 0 else (rank - 1) + axis
                for axis in self._attention_axes
            )
        (
            self._dot_product_equation,
            self._combine_equation,
            scores_rank,
        ) = attention_utils.attention_equations(rank, self._attention_axes)
        count = len(self._attention_axes)
        self._softmax_axes = tuple(range(scores_rank - count, scores_rank))
        self._dropout_layer = Dropout(
            rate=self._dropout, seed=self.seed, dtype=self.dtype_policy
        )

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
        """Attention of projected `query (B, T, N, key_dim)`, `key (B, S,
        N, key_dim)` and `value (B, S, N, value_dim)`. Returns `(output,
        scores)`; scores are None when the fused kernel computed it."""
        if self._flash_attention and return_attention_scores:
            raise ValueError(
                "Attention scores cannot be returned with flash attention. "
                "Create the layer with flash_attention=None to get them."
            )
        count = len(self._attention_axes)
        # The fused kernel is used where Keras uses it (no dropout, no
        # scores returned, one attention axis), but only for equal key and
        # value head sizes: the JAX and NumPy kernels assume them.
        fused = not (
            self._dropout > 0 or return_attention_scores or query.ndim != 4
        )
        if fused and self._key_dim == self._value_dim:
            mask = None
            if attention_mask is not None:
                mask = attention_utils.expand_mask(attention_mask, 4, -3)
            out = backend.nn.dot_product_attention(
                query,
                key,
                value,
                mask=mask,
                scale=self._inverse_sqrt_key_dim,
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
        query = ops.multiply(query, self._inverse_sqrt_key_dim)
        # (B, N, T, S) for the default attention axes.
        scores = ops.einsum(self._dot_product_equation, key, query)
        if attention_mask is not None:
            attention_mask = attention_utils.expand_mask(
                attention_mask, scores.ndim, -2 * count - 1
            )
        scores = attention_utils.masked_softmax(
            scores, attention_mask, axis=self._softmax_axes
        )
        weights = scores
        if self._dropout > 0:
            weights = self._dropout_layer(scores, training=training)
        out = ops.einsum(self._combine_equation, weights, value)
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
        # With the causal mask as the only mask, the fused kernel builds
        # it itself (is_causal) instead of reading a (T, S) tensor.
        causal_only = (
            use_causal_mask
            and query_mask is None
            and value_mask is None
            and key_mask is None
            and attention_mask is None
            and self._sliding_window is None
            and type(self)._compute_attention
            is MultiHeadAttention._compute_attention
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
                sliding_window=self._sliding_window,
            )
        gate = self._gate_dense(query) if self._use_gate else None
        query = self._query_dense(query)  # (B, T, N, key_dim)
        key = self._key_dense(key)  # (B, S, N, key_dim)
        value = self._value_dense(value)  # (B, S, N, value_dim)
        extra = {"use_causal_mask": True} if causal_only else {}
        output, scores = self._compute_attention(
            query,
            key,
            value,
            attention_mask,
            training,
            return_attention_scores,
            **extra,
        )
        if gate is not None:
            output = ops.multiply(output, gate)
        output = self._output_dense(output)
        if return_attention_scores:
            return output, scores
        return output

    def compute_output_shape(
        self, query_shape: Any, value_shape: Any, key_shape: Any = None
    ) -> tuple:
        query_shape = tuple(query_shape)
        value_shape = tuple(value_shape)
        key_shape = value_shape if key_shape is None else tuple(key_shape)
        attention_utils.check_key_value_shapes(value_shape, key_shape)
        if self._output_shape:
            return query_shape[:-1] + self._output_shape
        return query_shape

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
        rank = len(query.shape) + 1
        axes = self._attention_axes
        if axes is None or not self.built:
            axes = tuple(range(1, rank - 2))
        heads_shape = (*query.shape[:-1], self._num_heads)
        scores_shape = (
            *(heads_shape[i] for i in range(rank - 1) if i not in axes),
            *(query.shape[i] for i in axes),
            *(value.shape[i] for i in axes),
        )
        return output, KerasTensor(scores_shape, dtype=self.compute_dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "num_heads": self._num_heads,
                "key_dim": self._key_dim,
                "value_dim": self._value_dim,
                "dropout": self._dropout,
                "use_bias": self._use_bias,
                "use_gate": self._use_gate,
                "output_shape": self._output_shape,
                "attention_axes": self._attention_axes,
                "sliding_window": self._sliding_window,
                "kernel_initializer": initializers.serialize(
                    self._kernel_initializer
                ),
                "bias_initializer": initializers.serialize(
                    self._bias_initializer
                ),
                "kernel_regularizer": regularizers.serialize(
                    self._kernel_regularizer
                ),
                "bias_regularizer": regularizers.serialize(
                    self._bias_regularizer
                ),
                "activity_regularizer": regularizers.serialize(
                    self._activity_regularizer
                ),
                "kernel_constraint": constraints.serialize(
                    self._kernel_constraint
                ),
                "bias_constraint": constraints.serialize(self._bias_constraint),
                "seed": self.seed,
            }
        )
        return config


def _partial_shape(rank: int, last_dims: Any) -> list:
    """`last_dims` preceded by None entries up to `rank` entries."""
    return [None] * (rank - len(last_dims)) + list(last_dims)


def _standardize_output_shape(output_shape: Any) -> tuple | None:
    if not output_shape:
        return None
    if isinstance(output_shape, int):
        return (output_shape,)
    if isinstance(output_shape, (list, tuple)):
        return tuple(output_shape)
    raise ValueError(
        "`output_shape` must be an int, a tuple or a list. Received: "
        f"output_shape={output_shape!r}"
    )
