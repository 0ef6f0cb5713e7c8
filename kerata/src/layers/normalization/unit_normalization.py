"""`UnitNormalization`: scales each example to unit L2 norm."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.layers.layer import Layer


@kerata_export("kerata.layers.UnitNormalization")
class UnitNormalization(Layer):
    """Divides each input by its L2 norm over `axis`.

    After the layer, the sum of squares over `axis` is 1 (0 for all-zero
    inputs), e.g. to compare embeddings by cosine similarity with a dot
    product.

    Args:
        axis: Int or list of ints, the axes over which the norm is taken.
            Defaults to the last axis.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Input shape:
        Any shape.

    Output shape:
        Same as the input.

    Example:

    >>> layer = kerata.layers.UnitNormalization()
    >>> y = layer(kerata.ops.convert_to_tensor([[3.0, 4.0], [0.0, 2.0]]))
    >>> [[round(v, 4) for v in row] for row in
    ...  kerata.ops.convert_to_numpy(y).tolist()]
    [[0.6, 0.8], [0.0, 1.0]]
    """

    def __init__(self, axis: Any = -1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if isinstance(axis, (list, tuple)) and all(
            isinstance(a, int) and not isinstance(a, bool) for a in axis
        ):
            self.axis = list(axis)
        elif isinstance(axis, int) and not isinstance(axis, bool):
            self.axis = axis
        else:
            raise TypeError(
                "`axis` of a UnitNormalization layer must be an int or a "
                f"list of ints. Received: axis={axis!r}"
            )
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Any) -> Any:
        axis = tuple(self.axis) if isinstance(self.axis, list) else self.axis
        return ops.normalize(inputs, axis=axis, order=2, epsilon=1e-12)

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
        config["axis"] = self.axis
        return config
