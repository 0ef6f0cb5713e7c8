"""`RMSNormalization`: scales inputs by their root mean square."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.layers.layer import Layer


@kerata_export("kerata.layers.RMSNormalization")
class RMSNormalization(Layer):
    """Root-mean-square normalization (Zhang & Sennrich, 2019):
    `x / sqrt(mean(x**2, axis) + epsilon) * scale`.

    Cheaper than `LayerNormalization`: it neither centers the inputs nor
    learns an offset, only a scale, which is what many recent language
    models use.

    Args:
        axis: Int or list of ints, the axes to normalize over (and the
            axes of `scale`). Defaults to the last axis.
        epsilon: Small float added to the mean square.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Input shape:
        Any shape; the sizes on `axis` must be known.

    Output shape:
        Same as the input.

    Example:

    >>> layer = kerata.layers.RMSNormalization(epsilon=0.0)
    >>> y = layer(kerata.ops.convert_to_tensor([[3.0, -3.0], [1.0, 1.0]]))
    >>> kerata.ops.convert_to_numpy(y).round(5).tolist()
    [[1.0, -1.0], [1.0, 1.0]]
    """

    def __init__(
        self, axis: Any = -1, epsilon: float = 1e-6, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        if isinstance(axis, (list, tuple)) and all(
            isinstance(a, int) and not isinstance(a, bool) for a in axis
        ):
            axis = list(axis)
        elif isinstance(axis, bool) or not isinstance(axis, int):
            raise TypeError(
                "`axis` of an RMSNormalization layer must be an int or a "
                f"list of ints. Received: axis={axis!r}"
            )
        self.axis = axis
        self.epsilon = epsilon
        self.scale = None
        self._scale_shape: tuple | None = None

    def build(self, input_shape: Any) -> None:
        self.compute_output_shape(input_shape)
        # As in Keras, the axis becomes a sorted list once built.
        axes = self.axis if isinstance(self.axis, list) else [self.axis]
        self.axis = sorted(axes)
        shape = tuple(input_shape[a] for a in self.axis)
        if None in shape:
            raise ValueError(
                f"Layer {self.name!r} needs the sizes of axes {self.axis} "
                f"to create its weights. Received input_shape="
                f"{tuple(input_shape)}."
            )
        self.scale = self.add_weight(
            name="scale", shape=shape, initializer="ones"
        )
        rank = len(input_shape)
        positive = sorted(a % rank for a in self.axis)
        # `scale` broadcasts as it is over trailing axes; other axes need
        # it reshaped, e.g. (features,) -> (features, 1).
        self._scale_shape = (
            None
            if positive == list(range(rank - len(positive), rank))
            else tuple(
                input_shape[i] if i in positive else 1 for i in range(rank)
            )
        )

    def call(self, inputs: Any) -> Any:
        scale = self.scale
        if self._scale_shape is not None:
            scale = ops.reshape(scale, self._scale_shape)
        return ops.rms_normalization(
            inputs, scale=scale, axis=self.axis, epsilon=self.epsilon
        )

    def compute_output_shape(self, input_shape: Any) -> tuple:
        rank = len(input_shape)
        axes = self.axis if isinstance(self.axis, list) else [self.axis]
        for a in axes:
            if not -rank <= a < rank:
                raise ValueError(
                    f"Layer {self.name!r}: axis {a} is out of range for "
                    f"inputs of shape {tuple(input_shape)}. Received: "
                    f"axis={self.axis}"
                )
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"axis": self.axis, "epsilon": self.epsilon})
        return config
