"""`LayerNormalization`: normalizes each example over its feature axes."""

from __future__ import annotations

from typing import Any

from kerata.src import constraints
from kerata.src import initializers
from kerata.src import ops
from kerata.src import regularizers
from kerata.src.api_export import kerata_export
from kerata.src.layers.layer import Layer

_HALF = ("float16", "bfloat16")


@kerata_export("kerata.layers.LayerNormalization")
class LayerNormalization(Layer):
    """Normalizes each example to zero mean and unit variance over `axis`,
    then applies a learned scale `gamma` and offset `beta` (Ba et al.).

    Unlike `BatchNormalization`, the statistics come from each example
    alone, so training and inference compute the same thing and the batch
    size does not matter: the normalization of Transformers.

    Args:
        axis: Int or list of ints, the axes to normalize over (and the
            axes of `gamma` and `beta`). Defaults to the last axis.
        epsilon: Small float added to the variance before the square root.
        center: Whether to learn the offset `beta`.
        scale: Whether to learn the scale `gamma`.
        rms_scaling: Kept for Keras compatibility, where it is deprecated:
            divides the inputs by `sqrt(variance + epsilon)` without
            centering them and learns `gamma` only. For real RMS
            normalization, use `RMSNormalization`.
        beta_initializer: Initializer of `beta`.
        gamma_initializer: Initializer of `gamma`.
        beta_regularizer: Regularizer applied to `beta`.
        gamma_regularizer: Regularizer applied to `gamma`.
        beta_constraint: Constraint applied to `beta` after updates.
        gamma_constraint: Constraint applied to `gamma` after updates.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Input shape:
        Any shape; the sizes on `axis` must be known.

    Output shape:
        Same as the input.

    Example:

    >>> layer = kerata.layers.LayerNormalization(epsilon=0.0)
    >>> y = layer(kerata.ops.convert_to_tensor([[1.0, 3.0], [0.0, 10.0]]))
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [[-1.0, 1.0], [-1.0, 1.0]]
    """

    def __init__(
        self,
        axis: Any = -1,
        epsilon: float = 1e-3,
        center: bool = True,
        scale: bool = True,
        beta_initializer: Any = "zeros",
        gamma_initializer: Any = "ones",
        beta_regularizer: Any = None,
        gamma_regularizer: Any = None,
        beta_constraint: Any = None,
        gamma_constraint: Any = None,
        rms_scaling: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if isinstance(axis, (list, tuple)) and all(
            isinstance(a, int) for a in axis
        ):
            self.axis = list(axis)
        elif isinstance(axis, int) and not isinstance(axis, bool):
            self.axis = axis
        else:
            raise TypeError(
                "`axis` must be an int or a list of ints. Received: "
                f"axis={axis!r}"
            )
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.rms_scaling = rms_scaling
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.supports_masking = True
        self.gamma = None
        self.beta = None
        self._weight_shape: tuple | None = None

    def build(self, input_shape: Any) -> None:
        self.compute_output_shape(input_shape)
        axes = self.axis if isinstance(self.axis, list) else [self.axis]
        self.axis = sorted(axes)
        shape = tuple(input_shape[a] for a in self.axis)
        if None in shape:
            raise ValueError(
                f"Layer {self.name!r} needs the sizes of axes {self.axis} "
                f"to create its weights. Received input_shape="
                f"{tuple(input_shape)}."
            )
        if self.scale or self.rms_scaling:
            self.gamma = self.add_weight(
                name="gamma",
                shape=shape,
                initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer,
                constraint=self.gamma_constraint,
                autocast=False,
            )
        if self.center and not self.rms_scaling:
            self.beta = self.add_weight(
                name="beta",
                shape=shape,
                initializer=self.beta_initializer,
                regularizer=self.beta_regularizer,
                constraint=self.beta_constraint,
                autocast=False,
            )
        rank = len(input_shape)
        axes = sorted(a % rank for a in self.axis)
        # gamma and beta broadcast as they are over trailing axes; other
        # axes need them reshaped, e.g. (features,) -> (features, 1).
        self._weight_shape = (
            None
            if axes == list(range(rank - len(axes), rank))
            else tuple(input_shape[i] if i in axes else 1 for i in range(rank))
        )
        self.built = True

    def call(self, inputs: Any) -> Any:
        gamma, beta = self.gamma, self.beta
        if self._weight_shape is not None:
            gamma = (
                None
                if gamma is None
                else ops.reshape(gamma, self._weight_shape)
            )
            beta = (
                None if beta is None else ops.reshape(beta, self._weight_shape)
            )
        if self.rms_scaling:
            return self._rms_scaling(inputs, gamma)
        # The op computes in float32 at least and returns the input's
        # dtype, which autocasting made the compute dtype.
        return ops.layer_normalization(
            inputs, gamma, beta, axis=self.axis, epsilon=self.epsilon
        )

    def _rms_scaling(self, inputs: Any, gamma: Any) -> Any:
        """Keras's deprecated `rms_scaling`: `x / sqrt(var(x) + epsilon)`,
        times gamma, with no centering."""
        dtype = self.compute_dtype
        x = ops.cast(inputs, "float32") if dtype in _HALF else inputs
        variance = ops.var(x, axis=self.axis, keepdims=True)
        out = ops.multiply(x, ops.rsqrt(ops.add(variance, self.epsilon)))
        if gamma is not None:
            out = ops.multiply(out, gamma)
        return ops.cast(out, dtype) if dtype in _HALF else out

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
        config.update(
            {
                "axis": self.axis,
                "epsilon": self.epsilon,
                "center": self.center,
                "scale": self.scale,
                "rms_scaling": self.rms_scaling,
                "beta_initializer": initializers.serialize(
                    self.beta_initializer
                ),
                "gamma_initializer": initializers.serialize(
                    self.gamma_initializer
                ),
                "beta_regularizer": regularizers.serialize(
                    self.beta_regularizer
                ),
                "gamma_regularizer": regularizers.serialize(
                    self.gamma_regularizer
                ),
                "beta_constraint": constraints.serialize(self.beta_constraint),
                "gamma_constraint": constraints.serialize(
                    self.gamma_constraint
                ),
            }
        )
        return config
