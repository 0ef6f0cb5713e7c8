"""`Sequential`: a plain stack of layers, one input and one output."""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.backend.common.keras_tensor import KerasTensor
from kerata.src.layers import layer as layer_module
from kerata.src.layers.core.input_layer import InputLayer
from kerata.src.layers.layer import Layer
from kerata.src.models.model import Model


@kerata_export("kerata.Sequential", "kerata.models.Sequential")
class Sequential(Model):
    """A linear stack of layers.

    Give the input shape with `kerata.Input` as the first layer to build the
    model at once (so `summary()` works before any data is seen); otherwise
    the model builds on its first call.

    Args:
        layers: Optional list of layers to add.
        trainable: Whether the model's weights are trained.
        name: Model name.

    Example:

    >>> model = kerata.Sequential([
    ...     kerata.Input(shape=(16,)),
    ...     kerata.layers.Dense(8, activation="relu"),
    ...     kerata.layers.Dense(1),
    ... ])
    >>> model.output_shape
    (None, 1)
    >>> model.pop().name
    'dense_1'
    >>> [layer.name for layer in model.layers]
    ['dense']
    """

    def __init__(
        self,
        layers: list | None = None,
        trainable: bool = True,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(trainable=trainable, name=name, **kwargs)
        self._stack: list = []
        self._functional = None
        if layers is not None:
            if not isinstance(layers, (list, tuple)):
                raise TypeError(
                    "`layers` must be a list of layers. Received: "
                    f"{type(layers).__name__}"
                )
            for layer in layers:
                self.add(layer, rebuild=False)
            self._maybe_rebuild()

    def add(self, layer: Any, rebuild: bool = True) -> None:
        """Appends a layer (or a `kerata.Input`) to the stack.

        Example:

        >>> model = kerata.Sequential()
        >>> model.add(kerata.Input((4,)))
        >>> model.add(kerata.layers.Dense(2))
        >>> model.output_shape
        (None, 2)
        """
        if isinstance(layer, KerasTensor):
            origin = layer._history[0] if layer._history else None
            if not isinstance(origin, InputLayer):
                raise ValueError(
                    "Only tensors made by kerata.Input can be added to a "
                    f"Sequential model. Received: {layer}"
                )
            layer = origin
        if not isinstance(layer, Layer):
            raise TypeError(
                "Sequential.add expects a kerata Layer instance. Received: "
                f"{layer!r} of type {type(layer).__name__}"
            )
        if isinstance(layer, InputLayer) and self._stack:
            raise ValueError(
                f"Sequential model {self.name!r}: an InputLayer can only be "
                "the first layer; it was added after "
                f"{[x.name for x in self._stack]}."
            )
        names = {x.name for x in self._stack}
        if layer.name in names:
            raise ValueError(
                f"All layers in a Sequential model must have unique names. "
                f"{layer.name!r} is already in model {self.name!r}."
            )
        if (
            not self._stack
            and not isinstance(layer, InputLayer)
            and getattr(layer, "_input_shape_arg", None) is not None
        ):
            self._stack.append(InputLayer(batch_shape=layer._input_shape_arg))
        self._stack.append(layer)
        self.built = False
        self._functional = None
        if rebuild:
            self._maybe_rebuild()

    def pop(self, rebuild: bool = True) -> Layer:
        """Removes and returns the last layer."""
        if not self.layers:
            raise IndexError(
                f"Sequential model {self.name!r} has no layers to pop."
            )
        layer = self._stack.pop()
        self.built = False
        self._functional = None
        if rebuild:
            self._maybe_rebuild()
        return layer

    def _maybe_rebuild(self) -> None:
        if self._stack and isinstance(self._stack[0], InputLayer):
            if len(self._stack) > 1:
                self._build_graph(self._stack[0].output)
            else:
                self.built = False

    def _build_graph(self, inputs: KerasTensor) -> None:
        from kerata.src.models.functional import Functional

        x = inputs
        for layer in self._stack[1:]:
            try:
                x = layer(x)
            except Exception as e:
                raise type(e)(
                    f"While building Sequential model {self.name!r} at "
                    f"layer {layer.name!r} ({type(layer).__name__}) with "
                    f"input shape {inputs.shape}: {e}"
                ) from e
        self._functional = Functional(inputs, x, name=f"{self.name}_graph")
        self.built = True

    def build(self, input_shape: Any = None) -> None:
        if self._stack and isinstance(self._stack[0], InputLayer):
            self._maybe_rebuild()
            return
        if input_shape is None:
            raise ValueError(
                f"Sequential model {self.name!r} cannot build without an "
                "input shape. Add kerata.Input(shape) as its first layer or "
                "call it on data."
            )
        if not self._stack:
            raise ValueError(
                f"Sequential model {self.name!r} has no layers to build."
            )
        # The batch size of the first call is not part of the model.
        batch_shape = (None,) + tuple(input_shape)[1:]
        self._stack.insert(0, InputLayer(batch_shape=batch_shape))
        self._maybe_rebuild()

    def call(self, inputs: Any, training: Any = None, mask: Any = None) -> Any:
        # A plain loop: the fastest way to run a stack of layers. Masks and
        # the training flag reach each layer through Layer.__call__.
        x = inputs
        stack = self._stack
        start = 0
        if stack and isinstance(stack[0], InputLayer):
            start = 1
            dtype = stack[0].dtype
            if not backend.is_tensor(x) and dtype != "string":
                x = backend.convert_to_tensor(x, dtype=dtype)
        for layer in stack[start:]:
            x = layer(x)
        return x

    def compute_output_spec(self, *args: Any, **kwargs: Any) -> Any:
        if self._functional is not None:
            return self._functional.compute_output_spec(*args, **kwargs)
        return backend.compute_output_spec(self.call, *args, **kwargs)

    @property
    def layers(self) -> list:
        """The layers, without the InputLayer."""
        return [x for x in self._stack if not isinstance(x, InputLayer)]

    @property
    def _layers(self) -> list:
        return list(self._stack)

    @property
    def inputs(self) -> list:
        return self._functional.inputs if self._functional else None

    @property
    def outputs(self) -> list:
        return self._functional.outputs if self._functional else None

    @property
    def input(self) -> Any:
        self._require_graph("input")
        return self._functional.input

    @property
    def output(self) -> Any:
        self._require_graph("output")
        return self._functional.output

    @property
    def input_shape(self) -> Any:
        self._require_graph("input_shape")
        return self._functional.input_shape

    @property
    def output_shape(self) -> Any:
        self._require_graph("output_shape")
        return self._functional.output_shape

    def _require_graph(self, what: str) -> None:
        if self._functional is None:
            raise AttributeError(
                f"Sequential model {self.name!r} has no {what} yet: it is "
                "built on its first call. Start it with kerata.Input(shape) "
                "to define it up front."
            )

    def get_config(self) -> dict:
        from kerata.src.saving import serialization_lib

        policy = self._dtype_policy
        config = {
            "name": self.name,
            "trainable": self.trainable,
            # A full policy dict, as Keras writes it.
            "dtype": layer_module._serialized_policy(policy)
            if policy.name != backend.floatx()
            else backend.floatx(),
        }
        config["layers"] = [
            serialization_lib.serialize_keras_object(layer)
            for layer in self._stack
        ]
        if self._functional is not None:
            config["build_input_shape"] = list(self._stack[0].batch_shape)
        return config

    @classmethod
    def from_config(
        cls, config: dict, custom_objects: dict | None = None
    ) -> Sequential:
        from kerata.src.saving import serialization_lib

        config = dict(config)
        layers = [
            serialization_lib.deserialize_keras_object(
                {k: v for k, v in data.items() if k != "build_config"},
                custom_objects,
            )
            for data in config.pop("layers", [])
        ]
        build_input_shape = config.pop("build_input_shape", None)
        dtype = config.get("dtype")
        if isinstance(dtype, dict):
            # A policy dict; older kerata files wrote its bare config.
            config["dtype"] = dtype.get("config", dtype)["name"]
        model = cls(layers=layers, **config)
        if build_input_shape is not None and not model.built:
            model.build(tuple(build_input_shape))
        return model
