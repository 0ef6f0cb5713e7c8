"""Model configs from legacy HDF5 files, rewritten in Keras 3's format.

tf.keras 2.x and Keras 3 both store `{"class_name", "config"}` JSON in a
`.h5` file's `model_config` attribute, but Keras 2 configs differ from
what kerata's deserializers read:

- Functional nodes are lists of `[layer_name, node_index, tensor_index,
  kwargs]` instead of `{"args", "kwargs"}` with `__keras_tensor__`s, and
  a nested Sequential built on an `Input` counts its own graph as node 0
  (in Keras 3, only a nested Functional model does).
- Layers carry Keras 2 argument names (`batch_input_shape`, an `axis`
  list, `time_major`, `implementation`, ...) and dtype policies named
  `Policy`.
- Lambda functions are `[bytecode, defaults, closure]` lists.

`convert_model_config` rewrites such a config; Keras 3 configs pass
through it unchanged apart from the same argument clean-ups. Nothing here
runs code from the file: classes are only looked up by name.
"""

from __future__ import annotations

import inspect
import json
import warnings
from typing import Any

from kerata.src.layers.layer import Layer
from kerata.src.saving import serialization_lib

_MODELS = ("Functional", "Model")

# Keras 2 arguments with no kerata counterpart whose stored (default)
# values change nothing; dropped silently. Any other unknown argument is
# dropped with a warning.
_KERAS2_ONLY = {
    "time_major",
    "implementation",
    "input_length",
    "renorm",
    "renorm_clipping",
    "renorm_momentum",
    "fused",
    "virtual_batch_size",
    "adjustment",
    "ragged",
    "sparse",
    "dynamic",
    "zero_output_for_mask",
}

# Keras 2's optimizer arguments Keras 3 dropped or renamed.
_OPTIMIZER_RENAMES = {"lr": "learning_rate"}
_OPTIMIZER_DROPS = {"decay", "jit_compile", "is_legacy_optimizer"}


def decode_json(text: Any, what: str) -> Any:
    """Parses a JSON attribute, turning Keras 2's tuple and TensorShape
    markers into lists."""
    if hasattr(text, "decode"):
        text = text.decode("utf-8")
    if not isinstance(text, str):
        raise ValueError(
            f"Expected {what} as a JSON string. Received: {text!r}"
        )
    return json.loads(text, object_hook=_decode_markers)


def _decode_markers(obj: dict) -> Any:
    if obj.get("class_name") in ("__tuple__", "TensorShape") and set(obj) == {
        "class_name",
        "items",
    }:
        items = obj["items"]
        return list(items) if items is not None else None
    return obj


def convert_model_config(
    config: Any, custom_objects: dict | None = None
) -> dict:
    """Returns `config` (a model's `{"class_name", "config"}`) in the
    format `deserialize_keras_object` reads."""
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(
            "Expected a model config: a dict with 'class_name' and "
            f"'config' keys. Received: {str(config)[:200]!r}"
        )
    return _convert_layer(config, custom_objects)


def _convert_layer(data: dict, custom_objects: dict | None) -> dict:
    data = dict(data)
    class_name = data.get("class_name")
    inner = data.get("config")
    if class_name == "Sequential":
        data["config"] = _convert_sequential(inner, custom_objects)
    elif class_name in _MODELS and _is_functional(inner):
        data["class_name"] = "Functional"
        data["config"] = _convert_functional(inner, custom_objects)
    elif isinstance(inner, dict):
        data["config"] = _convert_layer_args(class_name, inner, custom_objects)
    return data


def _is_functional(inner: Any) -> bool:
    return isinstance(inner, dict) and "layers" in inner


def _convert_sequential(inner: Any, custom_objects: dict | None) -> dict:
    if isinstance(inner, list):  # Keras 2.0 to 2.2: just the layers.
        inner = {"layers": inner}
    inner = dict(inner)
    inner["layers"] = [
        _convert_layer(layer, custom_objects) for layer in inner["layers"]
    ]
    if isinstance(inner.get("dtype"), dict):
        inner["dtype"] = _policy_name(inner["dtype"])
    return inner


def _convert_functional(inner: dict, custom_objects: dict | None) -> dict:
    inner = dict(inner)
    layers = inner["layers"]
    legacy = any(
        isinstance(node, list)
        for layer in layers
        for node in layer.get("inbound_nodes", [])
    )
    # Keras 2 counts the own graph of a nested Sequential built on an Input
    # as its node 0; Keras 3 does so only for Functional models.
    shift = {
        layer["name"]: 1 if legacy and _sequential_with_input(layer) else 0
        for layer in layers
        if "name" in layer
    }
    converted = []
    for layer in layers:
        new = _convert_layer(layer, custom_objects)
        new["inbound_nodes"] = [
            _convert_node(node, shift) if isinstance(node, list) else node
            for node in layer.get("inbound_nodes", [])
        ]
        converted.append(new)
    inner["layers"] = converted
    for key in ("input_layers", "output_layers"):
        struct = _shift_history(inner.get(key, []), shift)
        if legacy and isinstance(struct, list) and len(struct) == 1:
            # Keras 2 wrapped a single input or output in a list; the
            # model still took and returned a bare tensor.
            struct = struct[0]
        inner[key] = struct
    return inner


def _sequential_with_input(layer: dict) -> bool:
    inner = layer.get("config")
    if layer.get("class_name") != "Sequential":
        return False
    sublayers = inner if isinstance(inner, list) else inner.get("layers", [])
    if not sublayers:
        return False
    first = sublayers[0]
    first_config = first.get("config") or {}
    return first.get("class_name") == "InputLayer" or any(
        key in first_config
        for key in ("batch_input_shape", "input_shape", "input_dim")
    )


def _convert_node(node: list, shift: dict) -> dict:
    tensors = []
    kwargs: dict = {}
    for entry in node:
        if not isinstance(entry, list) or len(entry) not in (3, 4):
            raise ValueError(
                "Expected a Keras 2 node entry [layer_name, node_index, "
                f"tensor_index, kwargs]. Received: {entry!r}"
            )
        name, node_index, tensor_index = entry[:3]
        if len(entry) == 4 and entry[3]:
            kwargs.update(entry[3])
        tensors.append(
            _tensor(name, node_index - shift.get(name, 0), tensor_index)
        )
    args = tensors[0] if len(tensors) == 1 else tensors
    return {"args": [args], "kwargs": _convert_kwargs(kwargs, shift)}


def _convert_kwargs(kwargs: dict, shift: dict) -> dict:
    # tf.keras 2.x wrote tensors among call kwargs as history triples.
    out = {}
    for key, value in kwargs.items():
        if _is_history(value):
            name, node_index, tensor_index = value
            value = _tensor(name, node_index - shift.get(name, 0), tensor_index)
        out[key] = value
    return out


def _tensor(name: str, node_index: int, tensor_index: int) -> dict:
    return {
        "class_name": "__keras_tensor__",
        "config": {
            "shape": None,
            "dtype": None,
            "keras_history": [name, node_index, tensor_index],
        },
    }


def _is_history(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 3
        and isinstance(value[0], str)
        and isinstance(value[1], int)
        and isinstance(value[2], int)
    )


def _shift_history(struct: Any, shift: dict) -> Any:
    if _is_history(struct):
        name, node_index, tensor_index = struct
        return [name, node_index - shift.get(name, 0), tensor_index]
    if isinstance(struct, dict):
        return {k: _shift_history(v, shift) for k, v in struct.items()}
    if isinstance(struct, list):
        return [_shift_history(v, shift) for v in struct]
    return struct


def _convert_layer_args(
    class_name: Any, inner: dict, custom_objects: dict | None
) -> dict:
    inner = {k: _convert_nested(v, custom_objects) for k, v in inner.items()}
    if isinstance(inner.get("dtype"), dict):
        inner["dtype"] = _policy_name(inner["dtype"])
    batch_input_shape = inner.pop("batch_input_shape", None)
    if batch_input_shape is not None:
        key = (
            "batch_shape" if class_name == "InputLayer" else "batch_input_shape"
        )
        inner[key] = batch_input_shape
    axis = inner.get("axis")
    if isinstance(axis, list) and len(axis) == 1:
        inner["axis"] = int(axis[0])
    if class_name == "Lambda":
        inner = _convert_lambda(inner)
    return _drop_unknown(class_name, inner, custom_objects)


def _convert_nested(value: Any, custom_objects: dict | None) -> Any:
    """Sublayers (Bidirectional's, an RNN's cell) and other objects."""
    if isinstance(value, list):
        return [_convert_nested(v, custom_objects) for v in value]
    if not isinstance(value, dict):
        return value
    if "class_name" in value and isinstance(value.get("config"), dict):
        value = dict(value)
        class_name = value["class_name"]
        if class_name == "VarianceScaling":
            # Keras 2's "normal" was already a truncated normal.
            inner = dict(value["config"])
            if inner.get("distribution") == "normal":
                inner["distribution"] = "truncated_normal"
            value["config"] = inner
        elif _is_layer_class(value, custom_objects):
            return _convert_layer(value, custom_objects)
        return value
    return value


def _is_layer_class(value: dict, custom_objects: dict | None) -> bool:
    try:
        found = serialization_lib.resolve(value, custom_objects)
    except (TypeError, ValueError):
        return False
    return inspect.isclass(found) and issubclass(found, Layer)


def _policy_name(policy: dict) -> Any:
    inner = policy.get("config")
    if isinstance(inner, dict) and "name" in inner:
        return inner["name"]
    return policy


def _convert_lambda(inner: dict) -> dict:
    inner = dict(inner)
    kinds = {
        "function": inner.pop("function_type", None),
        "output_shape": inner.pop("output_shape_type", None),
    }
    inner.pop("module", None)
    inner.pop("output_shape_module", None)
    for key, kind in kinds.items():
        if key in inner:
            inner[key] = _legacy_function(inner[key], kind)
    return inner


def _legacy_function(value: Any, kind: Any) -> Any:
    if kind == "lambda" and isinstance(value, list):
        # [base64 bytecode, defaults, closure]: the Lambda layer refuses
        # it unless safe mode is off.
        padded = list(value) + [None, None]
        return {
            "class_name": "__lambda__",
            "config": {
                "code": padded[0],
                "defaults": padded[1],
                "closure": padded[2],
            },
        }
    if kind == "function" and isinstance(value, str):
        # A named function: looked up among registered and custom objects.
        return {
            "class_name": "function",
            "config": value,
            "module": None,
            "registered_name": value,
        }
    return value


def _drop_unknown(
    class_name: Any, inner: dict, custom_objects: dict | None
) -> dict:
    try:
        cls = serialization_lib.resolve(
            {"class_name": class_name, "config": inner}, custom_objects
        )
    except (TypeError, ValueError):
        return inner  # Reported with context when the model is rebuilt.
    accepted = _accepted_arguments(cls)
    if accepted is None:
        return inner
    # Embedding still takes Keras 2's `input_length`, only to warn.
    unknown = [k for k in inner if k not in accepted or k == "input_length"]
    surprising = [k for k in unknown if k not in _KERAS2_ONLY]
    if surprising:
        warnings.warn(
            f"Ignoring the arguments {surprising} of layer "
            f"{inner.get('name')!r} ({class_name}) from the legacy file: "
            f"kerata's {class_name} does not take them.",
            stacklevel=2,
        )
    return {k: v for k, v in inner.items() if k not in unknown}


def _accepted_arguments(cls: Any) -> set | None:
    """Constructor arguments of a Layer subclass, following `**kwargs`
    up to `Layer`; None where that cannot be known."""
    if not (inspect.isclass(cls) and issubclass(cls, Layer)):
        return None
    from kerata.src.layers import layer as layer_module

    accepted = set(layer_module._BASE_KWARGS)
    for klass in cls.__mro__:
        init = klass.__dict__.get("__init__")
        if init is None:
            continue
        params = inspect.signature(init).parameters.values()
        accepted.update(
            p.name
            for p in params
            if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)
        )
        if klass is Layer:
            return accepted
        if not any(p.kind is p.VAR_KEYWORD for p in params):
            return accepted
    return None


def convert_optimizer_config(config: Any) -> Any:
    """Renames and drops Keras 2 optimizer arguments."""
    if not isinstance(config, dict) or not isinstance(
        config.get("config"), dict
    ):
        return config
    inner = {}
    for key, value in config["config"].items():
        if key in _OPTIMIZER_DROPS:
            if key == "decay" and value not in (0, 0.0, None):
                warnings.warn(
                    f"Ignoring the optimizer's Keras 2 `decay={value}`: use "
                    "a learning rate schedule instead.",
                    stacklevel=2,
                )
            continue
        inner[_OPTIMIZER_RENAMES.get(key, key)] = value
    return {**config, "config": inner}
