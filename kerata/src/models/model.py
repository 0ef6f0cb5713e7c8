"""`Model`: a `Layer` with training, saving and summary features."""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.layers.layer import Layer
from kerata.src.trainers.trainer import Trainer

# The backend's Trainer subclass (its step functions), or the plain
# Trainer (eager evaluate/predict, no fit) where the backend has none.
_TRAINER = backend.load_adapter("trainer")
if _TRAINER is object:
    _TRAINER = Trainer


@kerata_export("kerata.Model", "kerata.models.Model")
class Model(_TRAINER, Layer):  # type: ignore[misc,valid-type]
    """Groups layers into an object with training and inference features.

    There are three ways to make a model:

    1. Functional: chain layer calls from `kerata.Input` and pass the
       inputs and outputs, `Model(inputs, outputs)`.
    2. Subclassing: define layers in `__init__` and the forward pass in
       `call`.
    3. `kerata.Sequential`: a plain stack of layers.

    Args:
        inputs: Input KerasTensor(s) of a functional model.
        outputs: Output KerasTensor(s) of a functional model.
        name: Model name.

    Example:

    >>> inputs = kerata.Input(shape=(3,))
    >>> outputs = kerata.layers.Dense(2)(inputs)
    >>> model = kerata.Model(inputs, outputs)
    >>> tuple(model(kerata.ops.ones((4, 3))).shape)
    (4, 2)

    >>> class TwoLayer(kerata.Model):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.hidden = kerata.layers.Dense(8, activation="relu")
    ...         self.out = kerata.layers.Dense(1)
    ...     def call(self, x):
    ...         return self.out(self.hidden(x))
    >>> model = TwoLayer()
    >>> tuple(model(kerata.ops.ones((2, 5))).shape)
    (2, 1)
    >>> model.count_params()
    57
    """

    def __new__(cls, *args: Any, **kwargs: Any) -> Model:
        if cls is Model and _is_functional_call(args, kwargs):
            from kerata.src.models.functional import Functional

            return Functional.__new__(Functional, *args, **kwargs)
        return super().__new__(cls, *args, **kwargs)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if args or "inputs" in kwargs:
            raise TypeError(
                f"{type(self).__name__}.__init__ got positional arguments "
                f"{args}: a subclassed Model takes only keyword arguments "
                "such as name=..., and a functional Model needs both "
                "inputs and outputs."
            )
        trainable = kwargs.pop("trainable", True)
        name = kwargs.pop("name", None)
        dtype = kwargs.pop("dtype", None)
        Layer.__init__(
            self, trainable=trainable, name=name, dtype=dtype, **kwargs
        )
        Trainer.__init__(self)

    @property
    def layers(self) -> list:
        """The model's direct sublayers, in the order they were tracked."""
        return self._layers

    def get_layer(self, name: str | None = None, index: int | None = None):
        """Returns a layer by name or by index in `layers`.

        Example:

        >>> model = kerata.Sequential([kerata.Input((2,)),
        ...                            kerata.layers.Dense(3, name="hidden")])
        >>> model.get_layer("hidden").units
        3
        >>> model.get_layer(index=0).name
        'hidden'
        """
        if index is not None and name is not None:
            raise ValueError(
                "Provide either a layer name or a layer index, not both. "
                f"Received: name={name!r}, index={index}"
            )
        layers = self.layers
        if index is not None:
            if not isinstance(index, int):
                raise TypeError(f"`index` must be an int. Received: {index!r}")
            if index >= len(layers) or index < -len(layers):
                raise ValueError(
                    f"Asked for layer {index} of model {self.name!r}, which "
                    f"has {len(layers)} layers."
                )
            return layers[index]
        if name is not None:
            for layer in layers:
                if layer.name == name:
                    return layer
            raise ValueError(
                f"No layer named {name!r} in model {self.name!r}. "
                f"Available layers: {[layer.name for layer in layers]}"
            )
        raise ValueError("Provide either a layer name or a layer index.")

    def summary(
        self,
        line_length: int | None = None,
        positions: Any = None,
        print_fn: Any = None,
        expand_nested: bool = False,
        show_trainable: bool = False,
        layer_range: Any = None,
    ) -> None:
        """Prints a table of the model's layers, output shapes and
        parameter counts.

        Args:
            line_length: Total width of the table.
            positions: Relative or absolute column end positions.
            print_fn: Function called with each line (default `print`).
            expand_nested: Also list the layers inside nested models.
            show_trainable: Add a column saying whether each layer trains.
            layer_range: `[first_name, last_name]` to print a sub-range.

        Example:

        >>> model = kerata.Sequential([kerata.Input((4,)),
        ...                            kerata.layers.Dense(2)])
        >>> lines = []
        >>> model.summary(print_fn=lines.append)
        >>> lines[-3].strip()
        'Total params: 10 (40.00 B)'
        """
        from kerata.src.utils import summary_utils

        summary_utils.print_summary(
            self,
            line_length=line_length,
            positions=positions,
            print_fn=print_fn,
            expand_nested=expand_nested,
            show_trainable=show_trainable,
            layer_range=layer_range,
        )

    def get_config(self) -> dict:
        return Layer.get_config(self)

    def build_from_config(self, config: dict) -> None:
        # A subclassed model without its own build() creates its weights
        # on its first call: call it on symbolic inputs of the saved shape.
        if (
            config
            and "input_shape" in config
            and type(self).build is Layer.build
            and not self.built
        ):
            from kerata.src.backend.common.keras_tensor import KerasTensor

            def spec(shape: Any) -> Any:
                if isinstance(shape, (list, tuple)) and all(
                    d is None or isinstance(d, int) for d in shape
                ):
                    return KerasTensor(tuple(shape), dtype=self.input_dtype)
                if isinstance(shape, dict):
                    return {k: spec(v) for k, v in shape.items()}
                return [spec(s) for s in shape]

            self(spec(config["input_shape"]))
            self.built = True
            return
        super().build_from_config(config)

    @classmethod
    def from_config(
        cls, config: dict, custom_objects: dict | None = None
    ) -> Model:
        # A functional config (Keras writes one for `Model(inputs, outputs)`
        # and its subclasses) is rebuilt as a graph; others go to __init__.
        if "layers" in config and "output_layers" in config:
            from kerata.src.models.functional import Functional

            return Functional.from_config(config, custom_objects)
        return super().from_config(config)

    def to_json(self, **kwargs: Any) -> str:
        """The model's architecture as a JSON string (no weights).

        Args:
            **kwargs: Passed to `json.dumps`.

        Returns:
            A JSON string for `kerata.models.model_from_json`.

        Example:

        >>> model = kerata.Sequential([kerata.Input((2,)),
        ...                            kerata.layers.Dense(1, name="d")])
        >>> copy = kerata.models.model_from_json(model.to_json())
        >>> [layer.name for layer in copy.layers]
        ['d']
        """
        import json

        from kerata.src.saving import serialization_lib

        config = serialization_lib.serialize_keras_object(self)
        return json.dumps(config, **kwargs)

    def save(
        self,
        filepath: Any,
        overwrite: bool = True,
        zipped: bool | None = None,
        **kwargs: Any,
    ) -> None:
        """Saves the whole model to a `.keras` file (Keras 3's format).

        The archive holds the architecture, the weights, the compile
        settings and the optimizer state; `kerata.models.load_model`
        (or Keras 3's) restores all of them. See
        `kerata.saving.save_model` for the arguments
        (`include_optimizer=False` leaves the optimizer state out).

        Example:

        >>> import os, tempfile
        >>> model = kerata.Sequential([kerata.Input((3,)),
        ...                            kerata.layers.Dense(2)])
        >>> path = os.path.join(tempfile.mkdtemp(), "model.keras")
        >>> model.save(path)
        >>> kerata.models.load_model(path).output_shape
        (None, 2)
        """
        # Saving sits above models in the dependency order.
        from kerata.src.saving import saving_api

        saving_api.save_model(
            self, filepath, overwrite=overwrite, zipped=zipped, **kwargs
        )

    def save_weights(self, filepath: Any, overwrite: bool = True) -> None:
        """Saves all weights to a `.weights.h5` or `.safetensors` file.

        `.weights.h5` is Keras 3's layout. Layers are stored by their
        position in the model, not by name, so the file loads into any
        model with the same architecture, in kerata or in Keras 3. A
        compiled model also saves its optimizer state. The file is
        written to a temporary name and renamed into place.

        Args:
            filepath: Destination path, ending in `.weights.h5` or
                `.safetensors`.
            overwrite: Whether to replace an existing file.

        Raises:
            ValueError: If `filepath` has another ending.
            FileExistsError: If the file exists and `overwrite=False`.

        Example:

        >>> import os, tempfile
        >>> model = kerata.Sequential([kerata.Input((2,)),
        ...                            kerata.layers.Dense(1)])
        >>> path = os.path.join(tempfile.mkdtemp(), "m.weights.h5")
        >>> model.save_weights(path)
        >>> os.path.exists(path)
        True
        """
        from kerata.src.saving import saving_api

        saving_api.save_weights(self, filepath, overwrite=overwrite)

    def load_weights(
        self, filepath: Any, skip_mismatch: bool = False, **kwargs: Any
    ) -> None:
        """Loads weights saved by `save_weights` or `save` (kerata, Keras).

        Reads `.weights.h5`, `.safetensors`, `.keras` and Keras 2 `.h5`
        files. Every value is read and checked before any is assigned,
        so a file that does not match leaves the model unchanged.

        Args:
            filepath: Path to the file.
            skip_mismatch: Whether to skip, with a warning, layers whose
                variable count or shapes differ from the file's, instead
                of raising.
            **kwargs: `by_name=True` matches layers by name instead of
                by position (`.weights.h5` and legacy `.h5` files); layers
                absent from the file are left as they are.

        Raises:
            FileNotFoundError: If `filepath` does not exist.
            ValueError: If the file is unreadable or does not match.

        Example:

        >>> import os, tempfile
        >>> model = kerata.Sequential([kerata.Input((2,)),
        ...                            kerata.layers.Dense(1)])
        >>> path = os.path.join(tempfile.mkdtemp(), "m.weights.h5")
        >>> model.save_weights(path)
        >>> copy = kerata.Sequential([kerata.Input((2,)),
        ...                           kerata.layers.Dense(1)])
        >>> copy.load_weights(path)
        >>> [w.tolist() for w in copy.get_weights()] == [
        ...     w.tolist() for w in model.get_weights()]
        True
        """
        from kerata.src.saving import saving_api

        saving_api.load_weights(
            self, filepath, skip_mismatch=skip_mismatch, **kwargs
        )


@kerata_export("kerata.models.model_from_json")
def model_from_json(json_string: str, custom_objects: dict | None = None):
    """Rebuilds a model (without weights) from `Model.to_json()` output.

    Also reads the JSON of `keras.Model.to_json()` from Keras 3.

    Args:
        json_string: JSON string of a model config.
        custom_objects: Optional dict of name to custom class or function.

    Returns:
        A new, freshly initialized model.

    Example:

    >>> model = kerata.Sequential([kerata.Input((3,)),
    ...                            kerata.layers.Dense(2)])
    >>> copy = kerata.models.model_from_json(model.to_json())
    >>> copy.output_shape
    (None, 2)
    """
    import json

    from kerata.src.saving import serialization_lib

    return serialization_lib.deserialize_keras_object(
        json.loads(json_string), custom_objects
    )


def _is_functional_call(args: tuple, kwargs: dict) -> bool:
    if "inputs" in kwargs and "outputs" in kwargs:
        return True
    if len(args) == 2:
        return True
    return len(args) == 1 and "outputs" in kwargs
