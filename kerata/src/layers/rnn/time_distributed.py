"""`TimeDistributed`: applies a layer to every temporal slice of an input."""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src.activations import _serialization
from kerata.src.api_export import BUILTIN_OBJECTS
from kerata.src.api_export import kerata_export
from kerata.src.layers.core.wrapper import Wrapper
from kerata.src.layers.layer import Layer


@kerata_export("kerata.layers.TimeDistributed")
class TimeDistributed(Wrapper):
    """Applies one layer, with one set of weights, to every timestep.

    The input's axis 1 is time. For a batch of 4 clips of 10 frames of
    32x32 RGB images, of shape `(4, 10, 32, 32, 3)`, a wrapped `Conv2D`
    sees each of the 10 frames as an image. The time axis is folded into
    the batch axis, so the layer runs once on `batch * timesteps` samples
    instead of once per timestep: the result is the same for layers that
    treat samples independently (all layers except batch-statistics ones
    such as `BatchNormalization` in training).

    Args:
        layer: A `kerata.layers.Layer` instance.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Call arguments:
        inputs: Tensor of shape `(batch, timesteps, ...)`.
        training: Python bool, passed to the wrapped layer if its `call`
            takes it.
        mask: Boolean tensor of shape `(batch, timesteps)` (or more axes),
            passed to the wrapped layer, folded like the inputs, if its
            `call` takes one. The output keeps the input mask.

    Input shape:
        `(batch_size, timesteps, ...)`, at least rank 3.

    Output shape:
        `(batch_size, timesteps, ...)`: the wrapped layer's output shape
        with the time axis put back.

    Example:

    >>> layer = kerata.layers.TimeDistributed(kerata.layers.Dense(4))
    >>> tuple(layer(kerata.ops.ones((2, 5, 3))).shape)
    (2, 5, 4)
    >>> x = kerata.Input(shape=(10, 8, 8, 3))
    >>> conv = kerata.layers.Conv2D(6, 3)
    >>> kerata.layers.TimeDistributed(conv)(x).shape
    (None, 10, 6, 6, 6)
    """

    def __init__(self, layer: Layer, **kwargs: Any) -> None:
        if not isinstance(layer, Layer):
            raise ValueError(
                "`layer` must be a `kerata.layers.Layer` instance. "
                f"Received: layer={layer!r}. Pass a layer, e.g. "
                "TimeDistributed(Dense(8))."
            )
        super().__init__(layer, **kwargs)
        self.supports_masking = True

    def _child_input_shape(self, input_shape: Any) -> tuple:
        if not isinstance(input_shape, (tuple, list)) or len(input_shape) < 3:
            raise ValueError(
                f"Layer {self.name!r} needs inputs of rank 3 or more, "
                "`(batch, timesteps, ...)`. Received input_shape="
                f"{input_shape!r}."
            )
        return (input_shape[0], *input_shape[2:])

    def build(self, input_shape: Any) -> None:
        child_shape = self._child_input_shape(tuple(input_shape))
        if not self.layer.built:
            self.layer.build(child_shape)
            self.layer.built = True
            # Written to the config as Keras does ("build_config").
            self.layer._build_shapes = {"input_shape": child_shape}

    def compute_output_shape(self, input_shape: Any) -> tuple:
        child_shape = self._child_input_shape(tuple(input_shape))
        out = tuple(self.layer.compute_output_shape(child_shape))
        return (out[0], input_shape[1], *out[1:])

    def call(self, inputs: Any, training: Any = None, mask: Any = None) -> Any:
        shape = tuple(inputs.shape)
        if len(shape) < 3:
            self._child_input_shape(shape)
        batch, steps = shape[0], shape[1]
        # Time folded into the batch: one call on (batch * steps, ...).
        folded = backend.numpy.reshape(inputs, (batch * steps, *shape[2:]))
        kwargs = {}
        if training is not None:
            kwargs["training"] = training
        if mask is not None and self.layer._sig.has_mask:
            kwargs["mask"] = self._fold_mask(mask, batch, steps)
        outputs = self.layer(folded, **kwargs)
        out_shape = tuple(outputs.shape)
        return backend.numpy.reshape(outputs, (batch, steps, *out_shape[1:]))

    def _fold_mask(self, mask: Any, batch: int, steps: int) -> Any:
        mask_shape = tuple(mask.shape)
        if len(mask_shape) < 2 or mask_shape[:2] != (batch, steps):
            raise ValueError(
                f"Layer {self.name!r}: the mask must have shape "
                f"({batch}, {steps}, ...), the input's batch and time "
                f"axes. Received a mask of shape {mask_shape}."
            )
        return backend.numpy.reshape(mask, (batch * steps, *mask_shape[2:]))

    def get_config(self) -> dict:
        config = super().get_config()
        config["layer"] = serialize_layer(self.layer)
        return config

    @classmethod
    def from_config(
        cls, config: dict, custom_objects: dict | None = None
    ) -> TimeDistributed:
        config = dict(config)
        config["layer"] = deserialize_layer(config["layer"], custom_objects)
        return super().from_config(config)


def serialize_layer(layer: Layer) -> dict:
    """Keras's dict for a nested layer, with its build config."""
    config = _serialization.serialize_object(layer)
    build_config = layer.get_build_config()
    if build_config is not None:
        config["build_config"] = build_config
    return config


def deserialize_layer(
    config: Any, custom_objects: dict | None = None, build: bool = True
) -> Any:
    """A layer from the dict of `serialize_layer` (or a layer itself),
    built from its build config when `build` is set."""
    if isinstance(config, Layer):
        return config
    layer = _serialization.deserialize_object(
        config, BUILTIN_OBJECTS, custom_objects, "layer"
    )
    build_config = config.get("build_config")
    if build and build_config and not layer.built:
        layer.build_from_config(build_config)
        # Kept, so that the layer's config is written back unchanged.
        layer._build_shapes = dict(
            build_config.get("shapes_dict") or build_config
        )
    return layer
