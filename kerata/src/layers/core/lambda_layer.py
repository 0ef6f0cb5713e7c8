"""`Lambda`: wraps a plain function as a layer."""

from __future__ import annotations

import base64
import builtins
import inspect
import marshal
import types
from typing import Any

from kerata.src import backend
from kerata.src import tree
from kerata.src.activations import _serialization
from kerata.src.api_export import BUILTIN_OBJECTS
from kerata.src.api_export import REGISTRY
from kerata.src.api_export import kerata_export
from kerata.src.backend.common import config as config_module
from kerata.src.backend.common.keras_tensor import KerasTensor
from kerata.src.layers.layer import Layer


@kerata_export("kerata.layers.Lambda")
class Lambda(Layer):
    """Wraps a function of tensors as a layer.

    Good for stateless one-liners inside functional and sequential models.
    The function must not create weights (write a `Layer` subclass for
    that). A named function serializes by name; a Python lambda
    serializes as bytecode, which only loads with `safe_mode=False`.

    Args:
        function: The function, called as `function(inputs, **arguments)`;
            it also gets `mask` and `training` if it accepts them.
        output_shape: Output shape without the batch axis, or a function
            from the input shape to the full output shape. None infers it
            by tracing the function.
        mask: None (no output mask), a function
            `mask(inputs, previous_mask)` returning the output mask, or a
            fixed mask returned whatever the input.
        arguments: Dict of keyword arguments passed to `function`.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Example:

    >>> layer = kerata.layers.Lambda(lambda x: x * 2)
    >>> kerata.ops.convert_to_numpy(layer(kerata.ops.ones((1, 2)))).tolist()
    [[2.0, 2.0]]
    >>> layer(kerata.KerasTensor((None, 5))).shape
    (None, 5)
    """

    def __init__(
        self,
        function: Any,
        output_shape: Any = None,
        mask: Any = None,
        arguments: dict | None = None,
        **kwargs: Any,
    ) -> None:
        if not callable(function):
            raise TypeError(
                "`function` must be callable. Received: "
                f"function={function!r} of type {type(function).__name__}."
            )
        super().__init__(**kwargs)
        self.arguments = dict(arguments or {})
        self.function = function
        self.mask = mask
        self.supports_masking = mask is not None
        self._output_shape = output_shape
        params = _parameter_names(function)
        self._fn_expects_mask_arg = "mask" in params
        self._fn_expects_training_arg = "training" in params
        self.built = True

    def call(self, inputs: Any, mask: Any = None, training: Any = None) -> Any:
        kwargs = dict(self.arguments)
        if self._fn_expects_mask_arg:
            kwargs["mask"] = mask
        if self._fn_expects_training_arg:
            kwargs["training"] = training
        return self.function(inputs, **kwargs)

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        if callable(self.mask):
            return self.mask(inputs, mask)
        return self.mask

    def compute_output_shape(self, input_shape: Any) -> Any:
        if self._output_shape is None:
            specs = _specs(input_shape, self.compute_dtype)
            return tree.map_structure(
                lambda t: t.shape, self.compute_output_spec(specs)
            )
        if callable(self._output_shape):
            return self._output_shape(input_shape)
        return _add_batch(self._output_shape, _first_batch(input_shape))

    def compute_output_spec(self, inputs: Any, *args: Any, **kwargs: Any):
        if self._output_shape is None:
            try:
                return backend.compute_output_spec(
                    self.call, inputs, *args, **kwargs
                )
            except Exception as e:
                raise NotImplementedError(
                    f"Lambda layer {self.name!r} could not infer its output "
                    f"shape by tracing its function ({type(e).__name__}: "
                    f"{e}). Pass `output_shape=...` to the Lambda layer."
                ) from e
        input_shape = tree.map_structure(lambda t: t.shape, inputs)
        shape = self.compute_output_shape(input_shape)
        return _specs(shape, self.compute_dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config["function"] = _serialize_function(self.function)
        if self._output_shape is not None:
            config["output_shape"] = (
                _serialize_function(self._output_shape)
                if callable(self._output_shape)
                else self._output_shape
            )
        if self.mask is not None:
            if not callable(self.mask):
                raise NotImplementedError(
                    f"Lambda layer {self.name!r}: a fixed tensor `mask` "
                    "cannot be serialized. Pass a mask function instead."
                )
            config["mask"] = _serialize_function(self.mask)
        config["arguments"] = self.arguments
        return config

    @classmethod
    def from_config(
        cls,
        config: dict,
        custom_objects: dict | None = None,
        safe_mode: bool | None = None,
    ) -> Lambda:
        config = dict(config)
        for key in ("function", "output_shape", "mask"):
            value = config.get(key)
            if isinstance(value, dict):
                config[key] = _deserialize_function(
                    value,
                    custom_objects,
                    config_module.in_safe_mode()
                    if safe_mode is None
                    else bool(safe_mode),
                )
            elif key == "output_shape" and isinstance(value, list):
                config[key] = tuple(value)
        return super().from_config(config)


def _parameter_names(fn: Any) -> set:
    try:
        return set(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        return set()


def _is_shape(x: Any) -> bool:
    return isinstance(x, (tuple, list)) and all(
        d is None or isinstance(d, int) for d in x
    )


def _specs(shape: Any, dtype: str) -> Any:
    """KerasTensors for a shape or a nested structure of shapes."""
    if _is_shape(shape):
        return KerasTensor(tuple(shape), dtype=dtype)
    if isinstance(shape, dict):
        return {k: _specs(v, dtype) for k, v in shape.items()}
    return type(shape)(_specs(s, dtype) for s in shape)


def _first_batch(shape: Any) -> Any:
    if _is_shape(shape):
        return shape[0] if shape else None
    values = list(shape.values()) if isinstance(shape, dict) else shape
    return _first_batch(values[0]) if values else None


def _add_batch(shape: Any, batch: Any) -> Any:
    if _is_shape(shape):
        return (batch,) + tuple(shape)
    if isinstance(shape, dict):
        return {k: _add_batch(v, batch) for k, v in shape.items()}
    return type(shape)(_add_batch(s, batch) for s in shape)


def _serialize_function(fn: Any) -> dict:
    if isinstance(fn, types.LambdaType) and fn.__name__ == "<lambda>":
        closure = (
            tuple(cell.cell_contents for cell in fn.__closure__)
            if fn.__closure__
            else None
        )
        code = base64.encodebytes(marshal.dumps(fn.__code__)).decode("ascii")
        return {
            "class_name": "__lambda__",
            "config": {
                "code": code,
                "defaults": fn.__defaults__,
                "closure": closure,
            },
        }
    name = getattr(fn, "__name__", None)
    if name is None:
        raise ValueError(
            f"Cannot serialize {fn!r} for a Lambda layer: expected a named "
            "function or a Python lambda."
        )
    # Saving sits above layers; the registry is plain data.
    from kerata.src.saving import object_registration

    registered = object_registration.GLOBAL_CUSTOM_NAMES.get(fn)
    return {
        "module": _serialization.public_module(fn)
        or getattr(fn, "__module__", None)
        or "builtins",
        "class_name": "function",
        "config": name,
        "registered_name": registered or name,
    }


def _deserialize_function(
    config: dict, custom_objects: dict | None, safe_mode: bool
) -> Any:
    if config.get("class_name") == "__lambda__":
        if safe_mode:
            raise ValueError(
                "This Lambda layer's function is a Python lambda stored as "
                "bytecode; loading it could run arbitrary code, so it is "
                "refused by default. If you trust the source, pass "
                "safe_mode=False to `kerata.saving.load_model` (or to "
                "from_config), or call "
                "`kerata.config.enable_unsafe_deserialization()`."
            )
        inner = config["config"]
        code = marshal.loads(base64.decodebytes(inner["code"].encode("ascii")))
        closure = inner.get("closure")
        cells = (
            tuple(types.CellType(v) for v in closure)
            if closure is not None
            else None
        )
        defaults = inner.get("defaults")
        return types.FunctionType(
            code,
            {"__builtins__": builtins},
            code.co_name,
            tuple(defaults) if defaults is not None else None,
            cells,
        )
    from kerata.src.saving import object_registration

    name = config.get("config")
    registered = config.get("registered_name")
    if not (custom_objects and name in custom_objects):
        found = _public_function(config.get("module") or "", name)
        if found is not None:
            return found
    for candidate in (registered, name):
        if candidate and candidate != "function":
            found = object_registration.get_registered_object(
                candidate, custom_objects, BUILTIN_OBJECTS
            )
            if found is not None:
                return found
    raise ValueError(
        f"Cannot find the function {name!r} of a Lambda layer. Pass it in "
        f"`custom_objects`, e.g. from_config(config, "
        f"custom_objects={{{name!r}: {name}}})."
    )


# Where Keras looks up the functions it writes with module "builtins".
_FUNCTION_NAMESPACES = ("activations", "losses", "metrics")


def _public_function(module: str, name: Any) -> Any:
    """kerata's public function for a Keras module and name: several
    namespaces export functions with the same name (`ops.relu` and
    `activations.relu`), so the module decides which one."""
    if module == "keras" or module.startswith("keras."):
        return REGISTRY.get(f"kerata{module[len('keras') :]}.{name}")
    if module == "builtins":
        for namespace in _FUNCTION_NAMESPACES:
            found = REGISTRY.get(f"kerata.{namespace}.{name}")
            if found is not None:
                return found
    return None
