"""`Identity`: returns its input unchanged."""

from __future__ import annotations

from typing import Any

from kerata.src import tree
from kerata.src.api_export import kerata_export
from kerata.src.backend.common.keras_tensor import KerasTensor
from kerata.src.layers.layer import Layer


@kerata_export("kerata.layers.Identity")
class Identity(Layer):
    """A placeholder layer that returns its input (or inputs) unchanged.

    Args:
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Example:

    >>> x = kerata.ops.ones((2, 3))
    >>> kerata.layers.Identity()(x) is x
    True
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Any) -> Any:
        return inputs

    def compute_output_shape(self, input_shape: Any) -> Any:
        return input_shape

    def compute_output_spec(self, inputs: Any, *args: Any, **kwargs: Any):
        return tree.map_structure(
            lambda t: KerasTensor(t.shape, dtype=t.dtype, sparse=t.sparse),
            inputs,
        )
