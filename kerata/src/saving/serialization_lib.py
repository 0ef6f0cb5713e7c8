"""`serialize_keras_object` / `deserialize_keras_object`: Keras 3's dict
format, `{"module", "class_name", "config", "registered_name",
"build_config"?}`, for layers, models and any object with `get_config`."""

from __future__ import annotations

import inspect
import types
from typing import Any

from kerata.src.activations import _serialization
from kerata.src.api_export import BUILTIN_OBJECTS
from kerata.src.api_export import REGISTRY
from kerata.src.api_export import kerata_export
from kerata.src.backend.common import config as config_module
from kerata.src.saving import object_registration

_PLAIN = (str, int, float, bool)


@kerata_export(
    "kerata.saving.serialize_keras_object",
    "kerata.utils.serialize_keras_object",
)
def serialize_keras_object(obj: Any) -> Any:
    """Converts an object to Keras 3's JSON-compatible config format.

    Args:
        obj: A layer, model, other object with `get_config()`, function,
            plain value, or a list/dict of these.

    Returns:
        A JSON-compatible structure.

    Example:

    >>> config = kerata.saving.serialize_keras_object(
    ...     kerata.layers.Dense(2, name="d"))
    >>> config["class_name"], config["module"], config["config"]["units"]
    ('Dense', 'keras.layers', 2)
    """
    if obj is None or isinstance(obj, _PLAIN):
        return obj
    if isinstance(obj, (list, tuple)):
        return [serialize_keras_object(x) for x in obj]
    if isinstance(obj, dict):
        return {k: serialize_keras_object(v) for k, v in obj.items()}
    if hasattr(obj, "dtype") and hasattr(obj, "tolist") and obj.ndim == 0:
        return obj.item()
    cls = obj if isinstance(obj, types.FunctionType) else type(obj)
    if isinstance(obj, types.FunctionType) or hasattr(obj, "get_config"):
        config = _serialization.serialize_object(obj)
        if isinstance(obj, types.FunctionType):
            public = _serialization.public_module(obj)
            if public and obj not in object_registration.GLOBAL_CUSTOM_NAMES:
                # Keras writes its own functions this way, and only finds
                # them this way whatever namespace exports them.
                return {
                    "module": "builtins",
                    "class_name": "function",
                    "config": obj.__name__,
                    "registered_name": "function",
                }
            config["module"] = public or config["module"]
        config.update(_special_names(cls))
        registered = object_registration.GLOBAL_CUSTOM_NAMES.get(cls)
        if registered is not None:
            config["registered_name"] = registered
        build_config = getattr(obj, "get_build_config", lambda: None)()
        if build_config is not None:
            config["build_config"] = build_config
        return config
    raise TypeError(
        "Cannot serialize the object: expected a plain value, a function or "
        f"an object with get_config(). Received: {obj!r} of type "
        f"{type(obj).__name__}"
    )


def _special_names(cls: Any) -> dict:
    # Keras writes internal model classes by their Keras source module.
    if cls.__name__ == "Sequential" and cls.__module__.startswith("kerata."):
        return {"module": "keras", "registered_name": None}
    if cls.__name__ == "Functional" and cls.__module__.startswith("kerata."):
        return {
            "module": "keras.src.models.functional",
            "registered_name": "Functional",
        }
    return {}


@kerata_export(
    "kerata.saving.deserialize_keras_object",
    "kerata.utils.deserialize_keras_object",
)
def deserialize_keras_object(
    config: Any,
    custom_objects: dict | None = None,
    safe_mode: bool = True,
    **kwargs: Any,
) -> Any:
    """Rebuilds an object from the output of `serialize_keras_object`.

    Args:
        config: A config dict in Keras 3's format, a plain value, or a
            list/dict of these.
        custom_objects: Optional dict of name to class or function.
        safe_mode: Whether to refuse configs that would run code, such
            as a Lambda layer holding Python bytecode (default True).
            Classes and functions are only ever looked up among kerata's
            own objects, registered objects and `custom_objects`; no
            module named in a config is imported.
        **kwargs: Ignored, for Keras compatibility.

    Returns:
        The rebuilt object.

    Example:

    >>> layer = kerata.layers.Dense(3, name="d")
    >>> config = kerata.saving.serialize_keras_object(layer)
    >>> kerata.saving.deserialize_keras_object(config).units
    3
    """
    override = config_module.safe_mode_override()
    with config_module.SafeModeScope(
        safe_mode if override is None else override
    ):
        return _deserialize(config, custom_objects)


def _deserialize(config: Any, custom_objects: dict | None) -> Any:
    if config is None or isinstance(config, _PLAIN):
        return config
    if isinstance(config, (list, tuple)):
        return [_deserialize(x, custom_objects) for x in config]
    if not isinstance(config, dict):
        raise TypeError(
            "Could not deserialize: expected a config dict, a list or a "
            f"plain value. Received: {config!r}"
        )
    if "class_name" not in config or "config" not in config:
        return {k: _deserialize(v, custom_objects) for k, v in config.items()}
    found = resolve(config, custom_objects)
    if not inspect.isclass(found):
        return found
    inner = _drop_keras_only_keys(config["class_name"], config["config"] or {})
    with object_registration.CustomObjectScope(custom_objects):
        if "custom_objects" in inspect.signature(found.from_config).parameters:
            obj = found.from_config(inner, custom_objects=custom_objects)
        else:
            obj = found.from_config(inner)
        build_config = config.get("build_config")
        if build_config and not getattr(obj, "built", True):
            obj.build_from_config(build_config)
    return obj


# Config keys Keras writes that kerata's classes do not take, dropped when
# they hold their default (Keras writes `"ragged": false` for InputLayer).
_KERAS_ONLY_KEYS = {"InputLayer": ("ragged",)}


def _drop_keras_only_keys(class_name: str, inner: Any) -> Any:
    keys = _KERAS_ONLY_KEYS.get(class_name, ())
    if not isinstance(inner, dict) or not any(
        inner.get(k) is False for k in keys
    ):
        return inner
    return {k: v for k, v in inner.items() if not (k in keys and v is False)}


def resolve(config: dict, custom_objects: dict | None = None) -> Any:
    """The class or function that a config dict names."""
    class_name = config["class_name"]
    registered = config.get("registered_name")
    module = config.get("module") or ""
    inner = config.get("config")
    if class_name == "function":
        class_name = inner if isinstance(inner, str) else registered
    for name in (registered, class_name):
        if name:
            found = object_registration.get_registered_object(
                name, custom_objects
            )
            if found is not None:
                return found
    if module.startswith("keras"):
        # "keras.activations" + "relu" -> REGISTRY["kerata.activations.relu"]
        path = "kerata" + module[len("keras") :] + "." + class_name
        if path in REGISTRY:
            return REGISTRY[path]
    if config["class_name"] == "function":
        # Built-in functions ({"module": "builtins"}): kerata's activation,
        # loss or metric of that name, never the op that shares it.
        for namespace in ("activations", "losses", "metrics"):
            path = f"kerata.{namespace}.{class_name}"
            if path in REGISTRY:
                return REGISTRY[path]
    found = _model_classes().get(class_name) or BUILTIN_OBJECTS.get(class_name)
    if found is None:
        raise TypeError(
            f"Could not locate {class_name!r} (module {module!r}, registered "
            f"name {registered!r}). Register it with "
            "@kerata.saving.register_keras_serializable() or pass "
            "`custom_objects={name: obj}`."
        )
    return found


def _model_classes() -> dict:
    from kerata.src.models.functional import Functional
    from kerata.src.models.model import Model
    from kerata.src.models.sequential import Sequential

    return {"Functional": Functional, "Model": Model, "Sequential": Sequential}
