"""`ActivityRegularization`: penalizes the size of activations."""

from __future__ import annotations

from typing import Any

from kerata.src import regularizers
from kerata.src.api_export import kerata_export
from kerata.src.layers.layer import Layer


@kerata_export("kerata.layers.ActivityRegularization")
class ActivityRegularization(Layer):
    """Returns its input unchanged and adds `l1 * sum(|x|) + l2 *
    sum(x**2)` of it to the layer's losses.

    Place it after a layer to push that layer's activations toward zero
    (sparse with `l1`, small with `l2`); `fit` adds the penalty to the
    loss.

    Args:
        l1: Non-negative float, the L1 factor.
        l2: Non-negative float, the L2 factor.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Input shape:
        Any shape.

    Output shape:
        Same as the input.

    Example:

    >>> layer = kerata.layers.ActivityRegularization(l1=0.5)
    >>> y = layer(kerata.ops.convert_to_tensor([[1.0, -2.0]]))
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [[1.0, -2.0]]
    >>> [round(float(kerata.ops.convert_to_numpy(v)), 4) for v in layer.losses]
    [1.5]
    """

    def __init__(self, l1: float = 0.0, l2: float = 0.0, **kwargs: Any) -> None:
        super().__init__(
            activity_regularizer=regularizers.L1L2(l1=l1, l2=l2), **kwargs
        )
        self.supports_masking = True
        self.l1 = l1
        self.l2 = l2
        self.built = True

    def call(self, inputs: Any) -> Any:
        return inputs

    def compute_output_shape(self, input_shape: Any) -> Any:
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config.pop("activity_regularizer", None)
        config.update({"l1": self.l1, "l2": self.l2})
        return config
