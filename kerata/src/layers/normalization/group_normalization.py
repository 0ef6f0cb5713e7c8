"""`GroupNormalization`: normalizes groups of channels per example."""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src import constraints
from kerata.src import initializers
from kerata.src import regularizers
from kerata.src.api_export import kerata_export
from kerata.src.layers.input_spec import InputSpec
from kerata.src.layers.layer import Layer

_WIDE = ("float32", "float64")


@kerata_export("kerata.layers.GroupNormalization")
class GroupNormalization(Layer):
    """Splits the channels into `groups` and normalizes each group of each
    example to zero mean and unit variance (Wu & He, 2018), then applies a
    learned per-channel scale `gamma` and offset `beta`.

    The statistics do not depend on the batch, so the layer behaves the
    same in training and inference and works with small batches.
    `groups=1` gives layer normalization over all non-batch axes,
    `groups=-1` (one group per channel) instance normalization.

    Args:
        groups: Int, the number of groups; must divide the number of
            channels. -1 means one group per channel.
        axis: Int, the channel axis (-1 for channels_last inputs, 1 for
            channels_first).
        epsilon: Small float added to the variance before the square root.
        center: Whether to learn the offset `beta`.
        scale: Whether to learn the scale `gamma`.
        beta_initializer: Initializer of `beta`.
        gamma_initializer: Initializer of `gamma`.
        beta_regularizer: Regularizer applied to `beta`.
        gamma_regularizer: Regularizer applied to `gamma`.
        beta_constraint: Constraint applied to `beta` after updates.
        gamma_constraint: Constraint applied to `gamma` after updates.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Input shape:
        Any shape of rank 2 or more; the channel size must be known.

    Output shape:
        Same as the input.

    Example:

    >>> layer = kerata.layers.GroupNormalization(groups=2, epsilon=0.0)
    >>> x = kerata.ops.convert_to_tensor([[1.0, 3.0, 4.0, 6.0]])
    >>> kerata.ops.convert_to_numpy(layer(x)).tolist()
    [[-1.0, 1.0, -1.0, 1.0]]
    """

    def __init__(
        self,
        groups: int = 32,
        axis: int = -1,
        epsilon: float = 1e-3,
        center: bool = True,
        scale: bool = True,
        beta_initializer: Any = "zeros",
        gamma_initializer: Any = "ones",
        beta_regularizer: Any = None,
        gamma_regularizer: Any = None,
        beta_constraint: Any = None,
        gamma_constraint: Any = None,
        **kwargs: Any,
    ) -> None:
        if (
            isinstance(groups, bool)
            or not isinstance(groups, int)
            or (groups <= 0 and groups != -1)
        ):
            raise ValueError(
                "`groups` of a GroupNormalization layer must be a positive "
                "int, or -1 for one group per channel (instance "
                f"normalization). Received: groups={groups!r}"
            )
        if isinstance(axis, bool) or not isinstance(axis, int):
            raise TypeError(
                "`axis` of a GroupNormalization layer must be an int, the "
                f"channel axis. Received: axis={axis!r}"
            )
        super().__init__(**kwargs)
        # Statistics are computed in float32 at least, as in Keras.
        self.autocast = False
        self.supports_masking = True
        self.groups = groups
        self.axis = axis
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.gamma = None
        self.beta = None

    def build(self, input_shape: Any) -> None:
        self.compute_output_shape(input_shape)
        rank = len(input_shape)
        axis = self.axis % rank
        if axis == 0:
            raise ValueError(
                f"Layer {self.name!r}: `axis` must be a channel axis, not "
                f"the batch axis. Received: axis={self.axis}"
            )
        dim = input_shape[axis]
        if dim is None:
            raise ValueError(
                f"Layer {self.name!r} needs the size of axis {self.axis} to "
                f"create its weights. Received input_shape="
                f"{tuple(input_shape)}."
            )
        if self.groups == -1:
            self.groups = dim
        if dim < self.groups or dim % self.groups != 0:
            raise ValueError(
                f"Layer {self.name!r}: `groups` must divide the number of "
                f"channels. Received: groups={self.groups} for {dim} "
                f"channels (input_shape={tuple(input_shape)})."
            )
        self._axis = axis
        self.input_spec = InputSpec(ndim=rank, axes={self.axis: dim})
        if self.scale:
            self.gamma = self.add_weight(
                name="gamma",
                shape=(dim,),
                initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer,
                constraint=self.gamma_constraint,
                autocast=False,
            )
        if self.center:
            self.beta = self.add_weight(
                name="beta",
                shape=(dim,),
                initializer=self.beta_initializer,
                regularizer=self.beta_regularizer,
                constraint=self.beta_constraint,
                autocast=False,
            )
        # gamma and beta as (groups, channels per group) on the grouped
        # axes, 1 elsewhere.
        per_group = dim // self.groups
        self._param_shape = (
            (1,) * axis + (self.groups, per_group) + (1,) * (rank - axis - 1)
        )

    def call(self, inputs: Any) -> Any:
        # `call` never sees symbolic tensors: call the backend directly,
        # skipping the ops' symbolic checks (this is a hot layer).
        bnp = backend.numpy
        axis = self._axis
        shape = tuple(inputs.shape)
        dim = shape[axis]
        grouped = shape[:axis] + (self.groups, dim // self.groups)
        x = bnp.reshape(inputs, grouped + shape[axis + 1 :])
        if backend.standardize_dtype(x.dtype) not in _WIDE:
            x = backend.cast(x, "float32")
        reduce_axes = [i for i in range(1, x.ndim) if i != axis]
        mean, variance = backend.nn.moments(x, reduce_axes, keepdims=True)
        inv = backend.math.rsqrt(bnp.add(variance, self.epsilon))
        if self.gamma is not None:
            gamma = bnp.reshape(self.gamma.value, self._param_shape)
            inv = bnp.multiply(inv, backend.cast(gamma, x.dtype))
        out = bnp.multiply(bnp.subtract(x, mean), inv)
        if self.beta is not None:
            beta = bnp.reshape(self.beta.value, self._param_shape)
            out = bnp.add(out, backend.cast(beta, x.dtype))
        return backend.cast(bnp.reshape(out, shape), self.compute_dtype)

    def compute_output_shape(self, input_shape: Any) -> tuple:
        rank = len(input_shape)
        if not -rank <= self.axis < rank:
            raise ValueError(
                f"Layer {self.name!r}: axis {self.axis} is out of range for "
                f"inputs of shape {tuple(input_shape)}."
            )
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "groups": self.groups,
                "axis": self.axis,
                "epsilon": self.epsilon,
                "center": self.center,
                "scale": self.scale,
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
