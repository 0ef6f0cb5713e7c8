"""`BatchNormalization`: normalizes features with batch statistics."""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src import constraints
from kerata.src import initializers
from kerata.src import ops
from kerata.src import regularizers
from kerata.src.api_export import kerata_export
from kerata.src.layers.input_spec import InputSpec
from kerata.src.layers.layer import Layer

_HALF = ("float16", "bfloat16")


@kerata_export("kerata.layers.BatchNormalization")
class BatchNormalization(Layer):
    """Normalizes each feature to zero mean and unit variance, then applies
    a learned scale `gamma` and offset `beta`.

    In training (`training=True`) it normalizes with the mean and variance
    of the current batch and moves the moving statistics towards them:
    `moving = moving * momentum + batch * (1 - momentum)`. In inference
    (`training=False`, the default) it normalizes with the moving
    statistics. As in Keras, a layer with `trainable=False` always runs in
    inference mode and leaves its moving statistics alone, which is what
    fine-tuning a pretrained network needs.

    The moving statistics are non-trainable weights, updated with
    `Variable.assign`, so `stateless_call` returns their new values (this
    is how a JAX training step sees them). Inputs in float16 or bfloat16
    are normalized in float32.

    Args:
        axis: Int, the feature axis (-1 for "channels_last" data, 1 for
            "channels_first").
        momentum: Float, the weight of the old moving statistics.
        epsilon: Small float added to the variance before the square root.
        center: Whether to learn the offset `beta`.
        scale: Whether to learn the scale `gamma`. Turn it off when the next
            layer is linear (e.g. `relu` followed by `Dense`).
        beta_initializer: Initializer of `beta`.
        gamma_initializer: Initializer of `gamma`.
        moving_mean_initializer: Initializer of the moving mean.
        moving_variance_initializer: Initializer of the moving variance.
        beta_regularizer: Regularizer applied to `beta`.
        gamma_regularizer: Regularizer applied to `gamma`.
        beta_constraint: Constraint applied to `beta` after updates.
        gamma_constraint: Constraint applied to `gamma` after updates.
        synchronized: Keras's cross-replica statistics; only False is
            supported.
        renorm: Batch renormalization; only False is supported.
        renorm_clipping: Kept for Keras compatibility; must be None.
        renorm_momentum: Kept for Keras compatibility.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Call arguments:
        inputs: A tensor of any rank.
        training: Whether to use (and update) batch statistics.
        mask: Optional boolean tensor of rank `inputs.ndim - 1`; masked-out
            positions do not count in the batch statistics.

    Input shape:
        Any shape. The size of `axis` must be known.

    Output shape:
        Same as the input.

    Example:

    >>> layer = kerata.layers.BatchNormalization()
    >>> x = kerata.ops.convert_to_tensor([[0.0, 10.0], [2.0, 30.0]])
    >>> y = layer(x, training=True)
    >>> [round(v, 2) for v in kerata.ops.convert_to_numpy(y)[0].tolist()]
    [-1.0, -1.0]
    >>> [round(v, 2) for v in layer.moving_mean.numpy().tolist()]
    [0.01, 0.2]
    """

    def __init__(
        self,
        axis: int = -1,
        momentum: float = 0.99,
        epsilon: float = 1e-3,
        center: bool = True,
        scale: bool = True,
        beta_initializer: Any = "zeros",
        gamma_initializer: Any = "ones",
        moving_mean_initializer: Any = "zeros",
        moving_variance_initializer: Any = "ones",
        beta_regularizer: Any = None,
        gamma_regularizer: Any = None,
        beta_constraint: Any = None,
        gamma_constraint: Any = None,
        synchronized: bool = False,
        renorm: bool = False,
        renorm_clipping: Any = None,
        renorm_momentum: float = 0.99,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if isinstance(axis, bool) or not isinstance(axis, int):
            raise TypeError(
                "`axis` must be an int, the feature axis. Received: "
                f"axis={axis!r}"
            )
        if synchronized:
            raise ValueError(
                "`synchronized=True` (cross-replica statistics) is not "
                "supported by kerata. Pass synchronized=False."
            )
        if renorm or renorm_clipping is not None:
            raise NotImplementedError(
                "kerata does not support batch renormalization yet. "
                f"Received: renorm={renorm!r}, renorm_clipping="
                f"{renorm_clipping!r}. Pass renorm=False."
            )
        self.axis = axis
        self.momentum = float(momentum)
        self.epsilon = float(epsilon)
        self.center = center
        self.scale = scale
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(
            moving_variance_initializer
        )
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.synchronized = synchronized
        self.renorm = renorm
        self.renorm_clipping = renorm_clipping
        self.renorm_momentum = renorm_momentum
        self.supports_masking = True
        self.gamma = None
        self.beta = None
        self.moving_mean = None
        self.moving_variance = None
        self._reduction_axes: tuple = ()

    def build(self, input_shape: Any) -> None:
        rank = len(input_shape)
        if not -rank <= self.axis < rank:
            raise ValueError(
                f"Layer {self.name!r}: axis={self.axis} is out of range for "
                f"inputs of shape {tuple(input_shape)}."
            )
        axis = self.axis % rank
        size = input_shape[axis]
        if size is None:
            raise ValueError(
                f"Layer {self.name!r} needs the size of axis {self.axis} to "
                f"create its weights. Received input_shape="
                f"{tuple(input_shape)}."
            )
        shape = (size,)
        if self.scale:
            self.gamma = self.add_weight(
                shape=shape,
                name="gamma",
                initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer,
                constraint=self.gamma_constraint,
                autocast=False,
            )
        if self.center:
            self.beta = self.add_weight(
                shape=shape,
                name="beta",
                initializer=self.beta_initializer,
                regularizer=self.beta_regularizer,
                constraint=self.beta_constraint,
                autocast=False,
            )
        self.moving_mean = self.add_weight(
            shape=shape,
            name="moving_mean",
            initializer=self.moving_mean_initializer,
            trainable=False,
            autocast=False,
        )
        self.moving_variance = self.add_weight(
            shape=shape,
            name="moving_variance",
            initializer=self.moving_variance_initializer,
            trainable=False,
            autocast=False,
        )
        self.input_spec = InputSpec(ndim=rank, axes={self.axis: size})
        self._reduction_axes = tuple(i for i in range(rank) if i != axis)
        self.built = True

    def call(
        self, inputs: Any, training: bool | None = None, mask: Any = None
    ) -> Any:
        half = self.compute_dtype in _HALF
        # Statistics in half precision overflow easily: compute in float32.
        x = ops.cast(inputs, "float32") if half else inputs
        if training and self.trainable:
            mean, variance = self._moments(x, mask)
            keep = self.momentum
            self.moving_mean.assign(
                ops.add(
                    ops.multiply(self.moving_mean, keep),
                    ops.multiply(mean, 1.0 - keep),
                )
            )
            self.moving_variance.assign(
                ops.add(
                    ops.multiply(self.moving_variance, keep),
                    ops.multiply(variance, 1.0 - keep),
                )
            )
        else:
            mean, variance = self.moving_mean, self.moving_variance
        outputs = ops.batch_normalization(
            x,
            mean,
            variance,
            axis=self.axis,
            offset=self.beta,
            scale=self.gamma,
            epsilon=self.epsilon,
        )
        return ops.cast(outputs, self.compute_dtype) if half else outputs

    def _moments(self, x: Any, mask: Any) -> tuple:
        """Batch mean and variance, each of shape `(features,)`."""
        if mask is None:
            return ops.moments(x, axes=self._reduction_axes)
        if len(mask.shape) != len(x.shape) - 1:
            raise ValueError(
                f"Layer {self.name!r}: the mask must have one axis less than "
                f"the inputs. Received: mask.shape={tuple(mask.shape)}, "
                f"inputs.shape={tuple(x.shape)}."
            )
        axes = self._reduction_axes
        keep = ops.broadcast_to(
            ops.expand_dims(ops.cast(mask, "bool"), -1), ops.shape(x)
        )
        weight = ops.sum(ops.cast(keep, x.dtype), axes, keepdims=True)
        weight = ops.add(weight, backend.epsilon())
        mean = ops.sum(ops.where(keep, x, 0.0), axes, keepdims=True) / weight
        squares = ops.square(ops.where(keep, ops.subtract(x, mean), 0.0))
        variance = ops.sum(squares, axes, keepdims=True) / weight
        return ops.reshape(mean, (-1,)), ops.reshape(variance, (-1,))

    def compute_output_shape(self, input_shape: Any) -> tuple:
        rank = len(input_shape)
        if not -rank <= self.axis < rank:
            raise ValueError(
                f"Layer {self.name!r}: axis={self.axis} is out of range for "
                f"inputs of shape {tuple(input_shape)}."
            )
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "axis": self.axis,
                "momentum": self.momentum,
                "epsilon": self.epsilon,
                "center": self.center,
                "scale": self.scale,
                "beta_initializer": initializers.serialize(
                    self.beta_initializer
                ),
                "gamma_initializer": initializers.serialize(
                    self.gamma_initializer
                ),
                "moving_mean_initializer": initializers.serialize(
                    self.moving_mean_initializer
                ),
                "moving_variance_initializer": initializers.serialize(
                    self.moving_variance_initializer
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
                "synchronized": self.synchronized,
                "renorm": self.renorm,
                "renorm_clipping": self.renorm_clipping,
                "renorm_momentum": self.renorm_momentum,
            }
        )
        return config
