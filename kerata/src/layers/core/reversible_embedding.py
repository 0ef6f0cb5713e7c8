"""`ReversibleEmbedding`: an embedding that can also project vectors back
to vocabulary logits."""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.backend.common import masking
from kerata.src.backend.common.keras_tensor import KerasTensor
from kerata.src.layers.core.embedding import Embedding


@kerata_export("kerata.layers.ReversibleEmbedding")
class ReversibleEmbedding(Embedding):
    """An embedding whose reverse call maps vectors back to the vocabulary.

    Called normally, it is an `Embedding`: indices of shape `(batch, ...)`
    become vectors of shape `(batch, ..., output_dim)`. Called with
    `reverse=True`, it multiplies vectors of shape `(batch, ...,
    output_dim)` by an `(output_dim, input_dim)` matrix, giving logits over
    the vocabulary: the output head of a language model. With
    `tie_weights=True` that matrix is the transposed embedding matrix, so
    the input and output embeddings share their weights (Press and Wolf,
    2016); otherwise it is a separate trainable `reverse_embeddings`
    weight. There is no bias.

    Args:
        input_dim: Size of the vocabulary (largest index + 1).
        output_dim: Size of each embedding vector.
        tie_weights: Whether the reverse projection uses the transposed
            `embeddings` matrix (True) or its own weight (False).
        embeddings_initializer: Initializer of the embedding matrix (and of
            the reverse matrix when the weights are not tied).
        embeddings_regularizer: Regularizer applied to the matrix.
        embeddings_constraint: Constraint applied to the matrix.
        mask_zero: Whether index 0 is padding (see `Embedding`); only the
            forward call outputs a mask.
        reverse_dtype: Dtype of the reverse projection's computation, e.g.
            "float32" to compute logits in full precision under a mixed
            policy. None means the layer's compute dtype.
        logit_soft_cap: Optional positive float `cap`. The reverse call
            then returns `cap * tanh(logits / cap)`, which keeps logits
            within `(-cap, cap)`.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Call arguments:
        inputs: Integer indices, or, with `reverse=True`, float vectors
            whose last axis has size `output_dim`.
        reverse: Whether to project vectors back to `input_dim` logits
            instead of embedding indices.

    Input shape:
        `(batch_size, ...)` integers, or `(batch_size, ..., output_dim)`
        floats with `reverse=True`.

    Output shape:
        `(batch_size, ..., output_dim)`, or `(batch_size, ..., input_dim)`
        with `reverse=True`.

    Example:

    >>> layer = kerata.layers.ReversibleEmbedding(10, 4)
    >>> hidden = layer(kerata.ops.convert_to_tensor([[1, 2, 3]]))
    >>> tuple(hidden.shape)
    (1, 3, 4)
    >>> tuple(layer(hidden, reverse=True).shape)
    (1, 3, 10)
    >>> [w.name for w in layer.weights]
    ['embeddings']
    """

    def __init__(
        self,
        input_dim: int,
        output_dim: int,
        tie_weights: bool = True,
        embeddings_initializer: Any = "uniform",
        embeddings_regularizer: Any = None,
        embeddings_constraint: Any = None,
        mask_zero: bool = False,
        reverse_dtype: Any = None,
        logit_soft_cap: float | None = None,
        **kwargs: Any,
    ) -> None:
        if not isinstance(tie_weights, bool):
            raise TypeError(
                "`tie_weights` must be a bool. Received: "
                f"tie_weights={tie_weights!r}."
            )
        if logit_soft_cap is not None and (
            isinstance(logit_soft_cap, bool)
            or not isinstance(logit_soft_cap, (int, float))
            or logit_soft_cap <= 0
        ):
            raise ValueError(
                "`logit_soft_cap` must be None or a positive number. "
                f"Received: logit_soft_cap={logit_soft_cap!r}. Pass e.g. "
                "logit_soft_cap=30.0."
            )
        if reverse_dtype is not None:
            reverse_dtype = backend.standardize_dtype(reverse_dtype)
        # Set after the attributes below: building needs `tie_weights`.
        weights = kwargs.pop("weights", None)
        super().__init__(
            input_dim,
            output_dim,
            embeddings_initializer=embeddings_initializer,
            embeddings_regularizer=embeddings_regularizer,
            embeddings_constraint=embeddings_constraint,
            mask_zero=mask_zero,
            **kwargs,
        )
        self.tie_weights = tie_weights
        self.reverse_dtype = reverse_dtype
        self.logit_soft_cap = logit_soft_cap
        if weights is not None:
            self.build()
            if not isinstance(weights, (list, tuple)):
                weights = [weights]
            self.set_weights(list(weights))

    def build(self, input_shape: Any = None) -> None:
        if self.built:
            return
        super().build(input_shape)
        if not self.tie_weights:
            self.reverse_embeddings = self.add_weight(
                name="reverse_embeddings",
                shape=(self.output_dim, self.input_dim),
                initializer=self.embeddings_initializer,
            )

    def call(self, inputs: Any, reverse: bool = False) -> Any:
        if not reverse:
            if not hasattr(inputs, "dtype"):
                inputs = ops.convert_to_tensor(inputs)
            outputs = super().call(inputs)
            if self.mask_zero:
                # Set here, not in compute_mask, which cannot tell a
                # forward call from a reverse one.
                masking.set_keras_mask(outputs, ops.not_equal(inputs, 0))
            return outputs
        if self.tie_weights:
            kernel = ops.transpose(self.embeddings)  # (output_dim, input_dim)
        else:
            kernel = self.reverse_embeddings
        if self.reverse_dtype is not None:
            inputs = ops.cast(inputs, self.reverse_dtype)
            kernel = ops.cast(kernel, self.reverse_dtype)
        elif backend.standardize_dtype(kernel.dtype) != self.compute_dtype:
            kernel = ops.cast(kernel, self.compute_dtype)
        logits = ops.matmul(inputs, kernel)  # (batch, ..., input_dim)
        if self.logit_soft_cap is not None:
            cap = self.logit_soft_cap
            logits = ops.multiply(ops.tanh(ops.divide(logits, cap)), cap)
        return logits

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        # The forward call attaches its mask itself.
        return None

    def compute_output_shape(
        self, input_shape: Any, reverse: bool = False
    ) -> tuple:
        if reverse:
            return tuple(input_shape)[:-1] + (self.input_dim,)
        return tuple(input_shape) + (self.output_dim,)

    def compute_output_spec(
        self, inputs: Any, reverse: bool = False, **kwargs: Any
    ) -> KerasTensor:
        shape = self.compute_output_shape(inputs.shape, reverse=reverse)
        dtype = self.compute_dtype
        if reverse and self.reverse_dtype is not None:
            dtype = self.reverse_dtype
        return KerasTensor(shape, dtype=dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "tie_weights": self.tie_weights,
                "reverse_dtype": self.reverse_dtype,
                "logit_soft_cap": self.logit_soft_cap,
            }
        )
        return config
