"""`Embedding`: integer indices to dense vectors."""

from __future__ import annotations

import warnings
from typing import Any

from kerata.src import backend
from kerata.src import constraints
from kerata.src import initializers
from kerata.src import ops
from kerata.src import regularizers
from kerata.src.api_export import kerata_export
from kerata.src.backend.common.keras_tensor import KerasTensor
from kerata.src.layers.core.dense import _reject_unsupported
from kerata.src.layers.layer import Layer

_INDEX_DTYPES = ("int32", "int64")


@kerata_export("kerata.layers.Embedding")
class Embedding(Layer):
    """Turns non-negative integers (indices) into dense vectors.

    Row `i` of the `(input_dim, output_dim)` embedding matrix is the
    vector of index `i`. Usually the first layer of a text model.

    Args:
        input_dim: Size of the vocabulary (largest index + 1).
        output_dim: Size of each embedding vector.
        embeddings_initializer: Initializer of the embedding matrix.
        embeddings_regularizer: Regularizer applied to the matrix.
        embeddings_constraint: Constraint applied to the matrix.
        mask_zero: Whether index 0 is padding. If True, the layer outputs
            the mask `inputs != 0` for the layers after it, and index 0
            cannot be a real token (so `input_dim` is vocabulary size + 1).
        weights: Optional initial embedding matrix, of shape
            `(input_dim, output_dim)`.
        lora_rank: Not supported yet; must be None.
        lora_alpha: Not supported yet; ignored without `lora_rank`.
        quantization_config: Not supported yet; must be None.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Input shape:
        `(batch_size, ...)` integers.

    Output shape:
        `(batch_size, ..., output_dim)`.

    Example:

    >>> layer = kerata.layers.Embedding(10, 4, mask_zero=True)
    >>> x = kerata.ops.convert_to_tensor([[1, 2, 0]])
    >>> tuple(layer(x).shape)
    (1, 3, 4)
    >>> kerata.ops.convert_to_numpy(layer.compute_mask(x)).tolist()
    [[True, True, False]]
    """

    def __init__(
        self,
        input_dim: int,
        output_dim: int,
        embeddings_initializer: Any = "uniform",
        embeddings_regularizer: Any = None,
        embeddings_constraint: Any = None,
        mask_zero: bool = False,
        weights: Any = None,
        lora_rank: int | None = None,
        lora_alpha: float | None = None,
        quantization_config: Any = None,
        **kwargs: Any,
    ) -> None:
        _reject_unsupported(
            lora_rank=lora_rank, quantization_config=quantization_config
        )
        for arg, value in (
            ("input_dim", input_dim),
            ("output_dim", output_dim),
        ):
            if (
                isinstance(value, bool)
                or not isinstance(value, int)
                or value <= 0
            ):
                raise ValueError(
                    f"`{arg}` must be a positive int. Received: "
                    f"{arg}={value!r}."
                )
        if kwargs.pop("input_length", None) is not None:
            warnings.warn(
                "Argument `input_length` is deprecated. Just remove it.",
                stacklevel=2,
            )
        activity_regularizer = kwargs.pop("activity_regularizer", None)
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.input_dim = input_dim
        self.output_dim = output_dim
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = constraints.get(embeddings_constraint)
        self.mask_zero = mask_zero
        self.supports_masking = mask_zero
        # Indices are never cast to the compute dtype.
        self.autocast = False
        if weights is not None:
            self.build()
            if not (isinstance(weights, list) and len(weights) == 1):
                weights = [weights]
            self.set_weights(weights)

    def build(self, input_shape: Any = None) -> None:
        if self.built:
            return
        self.embeddings = self.add_weight(
            name="embeddings",
            shape=(self.input_dim, self.output_dim),
            initializer=self.embeddings_initializer,
            regularizer=self.embeddings_regularizer,
            constraint=self.embeddings_constraint,
        )
        self.built = True

    def call(self, inputs: Any) -> Any:
        if not hasattr(inputs, "dtype"):
            inputs = ops.convert_to_tensor(inputs)
        if backend.standardize_dtype(inputs.dtype) not in _INDEX_DTYPES:
            inputs = ops.cast(inputs, "int32")
        outputs = ops.take(self.embeddings, inputs, axis=0)
        if backend.standardize_dtype(outputs.dtype) != self.compute_dtype:
            outputs = ops.cast(outputs, self.compute_dtype)
        return outputs

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        if not self.mask_zero:
            return None
        return ops.not_equal(inputs, 0)

    def compute_output_shape(self, input_shape: Any) -> tuple:
        return tuple(input_shape) + (self.output_dim,)

    def compute_output_spec(self, inputs: Any, *args: Any, **kwargs: Any):
        shape = self.compute_output_shape(inputs.shape)
        return KerasTensor(shape, dtype=self.compute_dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "input_dim": self.input_dim,
                "output_dim": self.output_dim,
                "embeddings_initializer": initializers.serialize(
                    self.embeddings_initializer
                ),
                "embeddings_regularizer": regularizers.serialize(
                    self.embeddings_regularizer
                ),
                "activity_regularizer": regularizers.serialize(
                    self.activity_regularizer
                ),
                "embeddings_constraint": constraints.serialize(
                    self.embeddings_constraint
                ),
                "mask_zero": self.mask_zero,
                "quantization_config": None,
            }
        )
        return config
