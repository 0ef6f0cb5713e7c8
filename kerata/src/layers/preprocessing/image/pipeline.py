"""`Pipeline`: a plain layer that applies a list of layers in order."""

from __future__ import annotations

from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.layers.layer import Layer
from kerata.src.layers.rnn.time_distributed import deserialize_layer
from kerata.src.layers.rnn.time_distributed import serialize_layer


@kerata_export("kerata.layers.Pipeline")
class Pipeline(Layer):
    """Applies a list of layers one after the other.

    Use it to bundle preprocessing or augmentation layers, e.g. to `map`
    over a dataset or to place in a model as one step. Unlike a
    `Sequential` model it is a plain layer: it has no `fit`, no input
    shape of its own, and its config holds only its layers and name. The
    `training` flag (True by default, as for the augmentation layers) is
    passed on to every layer that takes one, and an input mask to the
    first layer.

    Args:
        layers: List of layers, applied in order.
        name: Optional name of the layer.

    Call arguments:
        inputs: The input of the first layer (a tensor, or a dict such as
            `{"images": ..., "labels": ...}` for image layers).
        training: Passed to the layers (default True).
        mask: Optional mask passed to the first layer.

    Example:

    >>> pipeline = kerata.layers.Pipeline([
    ...     kerata.layers.Rescaling(2.0),
    ...     kerata.layers.Rescaling(1.0, offset=1.0),
    ... ])
    >>> x = kerata.ops.convert_to_tensor([[1.0, 2.0]])
    >>> kerata.ops.convert_to_numpy(pipeline(x)).tolist()
    [[3.0, 5.0]]
    >>> [layer["class_name"] for layer in pipeline.get_config()["layers"]]
    ['Rescaling', 'Rescaling']
    """

    def __init__(self, layers: Any, name: str | None = None) -> None:
        super().__init__(name=name)
        if not isinstance(layers, (list, tuple)) or not all(
            isinstance(layer, Layer) for layer in layers
        ):
            raise ValueError(
                "Pipeline's `layers` must be a list of layers. Received: "
                f"layers={layers!r}"
            )
        self._pipeline_layers = list(layers)
        self.built = True

    @property
    def layers(self) -> list:
        """The layers, in the order they are applied."""
        return self._pipeline_layers

    def call(self, inputs: Any, training: Any = True, mask: Any = None) -> Any:
        outputs = inputs
        for index, layer in enumerate(self._pipeline_layers):
            kwargs: dict[str, Any] = {}
            if training is not None:
                kwargs["training"] = training
            # Later layers find the mask attached to their input.
            if index == 0 and mask is not None:
                kwargs["mask"] = mask
            outputs = layer(outputs, **kwargs)
        return outputs

    def get_config(self) -> dict:
        return {
            "layers": [serialize_layer(layer) for layer in self.layers],
            "name": self.name,
        }

    @classmethod
    def from_config(
        cls, config: dict, custom_objects: dict | None = None
    ) -> Pipeline:
        layers = config.get("layers")
        if not isinstance(layers, (list, tuple)):
            raise ValueError(
                "A Pipeline config needs a `layers` key holding a list of "
                f"serialized layers. Received: layers={layers!r}"
            )
        config = dict(config)
        config["layers"] = [
            deserialize_layer(layer, custom_objects) for layer in layers
        ]
        return cls(**config)
