"""`ReLU`: rectified linear unit, with slope, cap and threshold."""

from __future__ import annotations

from typing import Any

from kerata.src import activations
from kerata.src.api_export import kerata_export
from kerata.src.layers.layer import Layer


@kerata_export("kerata.layers.ReLU")
class ReLU(Layer):
    """Rectified linear unit activation layer.

    Computes, elementwise: `max_value` if `x >= max_value`; `x` if
    `threshold < x < max_value`; `negative_slope * (x - threshold)`
    otherwise.

    Args:
        max_value: Largest output value; None for no cap. Must be >= 0.
        negative_slope: Slope below the threshold. Must be >= 0.
        threshold: Value (>= 0) below which the negative slope applies.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Example:

    >>> layer = kerata.layers.ReLU(max_value=2.0)
    >>> x = kerata.ops.convert_to_tensor([-1.0, 1.0, 3.0])
    >>> kerata.ops.convert_to_numpy(layer(x)).tolist()
    [0.0, 1.0, 2.0]
    """

    def __init__(
        self,
        max_value: float | None = None,
        negative_slope: float = 0.0,
        threshold: float = 0.0,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if max_value is not None and max_value < 0.0:
            raise ValueError(
                "`max_value` of a ReLU layer must be >= 0 or None. "
                f"Received: max_value={max_value}"
            )
        if negative_slope is None or negative_slope < 0.0:
            raise ValueError(
                "`negative_slope` of a ReLU layer must be >= 0. "
                f"Received: negative_slope={negative_slope}"
            )
        if threshold is None or threshold < 0.0:
            raise ValueError(
                "`threshold` of a ReLU layer must be a number >= 0. "
                f"Received: threshold={threshold}"
            )
        self.max_value = max_value
        self.negative_slope = negative_slope
        self.threshold = threshold
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Any) -> Any:
        return activations.relu(
            inputs,
            negative_slope=self.negative_slope,
            max_value=self.max_value,
            threshold=self.threshold,
        )

    def compute_output_shape(self, input_shape: Any) -> Any:
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "max_value": self.max_value,
                "negative_slope": self.negative_slope,
                "threshold": self.threshold,
            }
        )
        return config
