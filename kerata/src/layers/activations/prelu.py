"""`PReLU`: leaky ReLU with a learned slope."""

from __future__ import annotations

from typing import Any

from kerata.src import activations
from kerata.src import constraints
from kerata.src import initializers
from kerata.src import ops
from kerata.src import regularizers
from kerata.src.api_export import kerata_export
from kerata.src.layers.input_spec import InputSpec
from kerata.src.layers.layer import Layer


@kerata_export("kerata.layers.PReLU")
class PReLU(Layer):
    """Parametric ReLU: `x` if `x >= 0`, else `alpha * x`, where `alpha`
    is a learned array of the input's shape without the batch axis.

    Args:
        alpha_initializer: Initializer of `alpha` (zeros by default, which
            starts as a ReLU).
        alpha_regularizer: Regularizer applied to `alpha`.
        alpha_constraint: Constraint applied to `alpha`.
        shared_axes: Axes (counting the batch axis as 0) along which one
            slope is shared, e.g. `[1, 2]` for one slope per channel of a
            `(batch, height, width, channels)` feature map.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Example:

    >>> layer = kerata.layers.PReLU(alpha_initializer="ones",
    ...                             shared_axes=[1])
    >>> y = layer(kerata.ops.ones((2, 5, 3)))
    >>> tuple(layer.alpha.shape)
    (1, 3)
    """

    def __init__(
        self,
        alpha_initializer: Any = "Zeros",
        alpha_regularizer: Any = None,
        alpha_constraint: Any = None,
        shared_axes: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.supports_masking = True
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.alpha_constraint = constraints.get(alpha_constraint)
        if shared_axes is None:
            self.shared_axes = None
        elif isinstance(shared_axes, (list, tuple)):
            self.shared_axes = list(shared_axes)
        else:
            self.shared_axes = [shared_axes]

    def build(self, input_shape: Any) -> None:
        rank = len(input_shape)
        shared = {a % rank for a in self.shared_axes or ()}
        if 0 in shared:
            raise ValueError(
                f"Layer {self.name!r}: `shared_axes` count the batch axis as "
                "0 and cannot include it. Received: "
                f"shared_axes={self.shared_axes}."
            )
        param_shape = tuple(
            1 if axis in shared else input_shape[axis]
            for axis in range(1, rank)
        )
        if None in param_shape:
            raise ValueError(
                f"Layer {self.name!r} needs every non-shared axis of its "
                f"input to have a known size. Received input_shape="
                f"{tuple(input_shape)} and shared_axes={self.shared_axes}."
            )
        self.alpha = self.add_weight(
            name="alpha",
            shape=param_shape,
            initializer=self.alpha_initializer,
            regularizer=self.alpha_regularizer,
            constraint=self.alpha_constraint,
        )
        axes = {}
        if shared:
            axes = {
                axis: input_shape[axis]
                for axis in range(1, rank)
                if axis not in shared
            }
        self.input_spec = InputSpec(ndim=rank, axes=axes)
        self.built = True

    def call(self, inputs: Any) -> Any:
        positive = activations.relu(inputs)
        # `-alpha * relu(-x)` rather than a `where`, so the gradient with
        # respect to alpha is the plain product.
        negative = ops.multiply(
            ops.negative(self.alpha), activations.relu(ops.negative(inputs))
        )
        return ops.add(positive, negative)

    def compute_output_shape(self, input_shape: Any) -> Any:
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "alpha_initializer": initializers.serialize(
                    self.alpha_initializer
                ),
                "alpha_regularizer": regularizers.serialize(
                    self.alpha_regularizer
                ),
                "alpha_constraint": constraints.serialize(
                    self.alpha_constraint
                ),
                "shared_axes": self.shared_axes,
            }
        )
        return config
