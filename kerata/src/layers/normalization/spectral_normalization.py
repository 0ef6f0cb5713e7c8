"""`SpectralNormalization`: divides a wrapped layer's kernel by its largest
singular value."""

from __future__ import annotations

from typing import Any

import numpy as np

from kerata.src import backend
from kerata.src import initializers
from kerata.src import ops
from kerata.src.activations import _serialization
from kerata.src.api_export import BUILTIN_OBJECTS
from kerata.src.api_export import kerata_export
from kerata.src.layers.core.wrapper import Wrapper
from kerata.src.layers.input_spec import InputSpec
from kerata.src.layers.layer import Layer


@kerata_export("kerata.layers.SpectralNormalization")
class SpectralNormalization(Wrapper):
    """Wraps a layer with a `kernel` (or `embeddings`) and keeps its
    spectral norm near 1 (Miyato et al., 2018), e.g. in GAN
    discriminators.

    In training calls, power iteration estimates the largest singular
    value `sigma` of the kernel reshaped to `(-1, units)`, using and then
    updating the non-trainable estimate `vector_u`; the kernel is replaced
    by `kernel / sigma` before the wrapped layer runs. Inference calls use
    the kernel as it is. An all-zero kernel is left unchanged.

    Args:
        layer: The layer to wrap; it must have a `kernel` or `embeddings`
            weight once built.
        power_iterations: Positive int, power iteration steps per call.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Call arguments:
        inputs: Input tensor of the wrapped layer.
        training: Whether to normalize the kernel before the call.

    Example:

    >>> layer = kerata.layers.SpectralNormalization(
    ...     kerata.layers.Dense(2, kernel_initializer="ones"))
    >>> y = layer(kerata.ops.ones((1, 2)), training=True)
    >>> [round(v, 3) for v in kerata.ops.convert_to_numpy(y)[0].tolist()]
    [1.0, 1.0]
    >>> [w.name for w in layer.weights]
    ['kernel', 'vector_u', 'bias']
    """

    def __init__(
        self, layer: Layer, power_iterations: int = 1, **kwargs: Any
    ) -> None:
        if not isinstance(layer, Layer):
            raise ValueError(
                "`layer` of a SpectralNormalization wrapper must be a "
                f"kerata layer. Received: layer={layer!r}"
            )
        if (
            isinstance(power_iterations, bool)
            or not isinstance(power_iterations, int)
            or power_iterations <= 0
        ):
            raise ValueError(
                "`power_iterations` must be a positive int. Received: "
                f"power_iterations={power_iterations!r}"
            )
        super().__init__(layer, **kwargs)
        self.power_iterations = power_iterations
        self.kernel = None
        self.vector_u = None

    def build(self, input_shape: Any) -> None:
        if not self.layer.built:
            self.layer.build(input_shape)
            self.layer.built = True
        self.input_spec = InputSpec(min_ndim=1, axes={-1: input_shape[-1]})
        kernel = getattr(self.layer, "kernel", None)
        if kernel is None:
            kernel = getattr(self.layer, "embeddings", None)
        if kernel is None:
            raise ValueError(
                f"SpectralNormalization needs a layer with a `kernel` or "
                f"`embeddings` weight. Received: "
                f"{type(self.layer).__name__} layer {self.layer.name!r}."
            )
        self.kernel = kernel
        self.vector_u = self.add_weight(
            name="vector_u",
            shape=(1, tuple(kernel.shape)[-1]),
            initializer=initializers.TruncatedNormal(stddev=0.02),
            trainable=False,
            dtype=kernel.dtype,
        )

    def call(self, inputs: Any, training: bool = False) -> Any:
        if training:
            vector_u, kernel = self.normalized_weights()
            # Where the kernel is all zeros sigma is 0: keep it (and u).
            is_zero = ops.all(ops.equal(self.kernel.value, 0))
            self.vector_u.assign(
                ops.where(is_zero, self.vector_u.value, vector_u)
            )
            self.kernel.assign(ops.where(is_zero, self.kernel.value, kernel))
        output = self.layer(inputs)
        dtype = backend.standardize_dtype(inputs.dtype)
        if "float" not in dtype:
            # Integer inputs (token ids of a wrapped Embedding): Keras
            # would cast the output to them; keep the layer's dtype.
            return output
        return ops.cast(output, dtype)

    def normalized_weights(self) -> tuple:
        """Returns the new `vector_u` and the spectrally normalized kernel,
        from `power_iterations` steps of power iteration."""
        shape = tuple(self.kernel.shape)
        weights = ops.reshape(self.kernel.value, (-1, shape[-1]))
        vector_u = self.vector_u.value  # (1, units)
        for _ in range(self.power_iterations):
            # (1, fan_in)
            vector_v = ops.normalize(
                ops.matmul(vector_u, ops.transpose(weights)), axis=None
            )
            vector_u = ops.normalize(ops.matmul(vector_v, weights), axis=None)
        vector_u = ops.stop_gradient(vector_u)
        vector_v = ops.stop_gradient(vector_v)
        sigma = ops.matmul(
            ops.matmul(vector_v, weights), ops.transpose(vector_u)
        )  # (1, 1)
        kernel = ops.reshape(ops.divide(weights, sigma), shape)
        return (
            ops.cast(vector_u, self.vector_u.dtype),
            ops.cast(kernel, self.kernel.dtype),
        )

    def save_own_variables(self, store: Any) -> None:
        # Keras saves the wrapped kernel here too (and in the sublayer).
        if self.vector_u is None:
            return
        store["0"] = np.array(backend.convert_to_numpy(self.kernel.value))
        store["1"] = np.array(backend.convert_to_numpy(self.vector_u.value))

    def load_own_variables(self, store: Any) -> None:
        if self.vector_u is None:
            if len(store):
                raise ValueError(
                    f"Layer {self.name!r} is not built, but the saved "
                    f"state holds {len(store)} values for it."
                )
            return
        if len(store) != 2:
            raise ValueError(
                f"Layer {self.name!r} saves 2 values (kernel, vector_u); "
                f"the saved state holds {len(store)}."
            )
        for variable, key in ((self.kernel, "0"), (self.vector_u, "1")):
            if tuple(np.shape(store[key])) != tuple(variable.shape):
                raise ValueError(
                    f"Layer {self.name!r}: variable {variable.path!r} has "
                    f"shape {tuple(variable.shape)}, but the saved value has "
                    f"shape {tuple(np.shape(store[key]))}."
                )
        self.kernel.assign(store["0"])
        self.vector_u.assign(store["1"])

    def compute_output_shape(self, input_shape: Any) -> Any:
        return self.layer.compute_output_shape(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config["layer"] = _serialization.serialize_object(self.layer)
        config["power_iterations"] = self.power_iterations
        return config

    @classmethod
    def from_config(
        cls, config: dict, custom_objects: dict | None = None
    ) -> SpectralNormalization:
        config = dict(config)
        layer = _serialization.deserialize_object(
            config.pop("layer"), BUILTIN_OBJECTS, custom_objects, "layer"
        )
        return super().from_config({**config, "layer": layer})
