"""Name and config lookup shared by activations, initializers, regularizers
and constraints: `get`, `serialize` and `deserialize` are thin calls here.

Configs use Keras 3's dict format, `{"module", "class_name", "config",
"registered_name"}`, with `module` set to the Keras module of built-in
objects so that a config written by kerata loads in Keras and back.
"""

from __future__ import annotations

import inspect
import re
import types
from typing import Any

from kerata.src.api_export import BUILTIN_OBJECTS
from kerata.src.api_export import REGISTRY


def to_snake_case(name: str) -> str:
    """`"GlorotUniform"` -> `"glorot_uniform"`, `"L1L2"` -> `"l1l2"`."""
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def public_module(cls: Any) -> str | None:
    """`"keras.initializers"` for a class exported as
    `"kerata.initializers.X"`; None for classes kerata does not export."""
    paths = [path for path, obj in REGISTRY.items() if obj is cls]
    if not paths:
        return None
    namespace = max(paths, key=lambda p: p.count(".")).rsplit(".", 1)[0]
    return "keras" + namespace[len("kerata") :]


def public_name(cls: Any) -> str:
    """The name a class is exported under (Keras writes that name: its
    `GroupedQueryAttention` class is saved as "GroupQueryAttention")."""
    paths = [path for path, obj in REGISTRY.items() if obj is cls]
    names = {p.rsplit(".", 1)[1] for p in paths}
    if not names or cls.__name__ in names:
        return cls.__name__
    return min(names)


def serialize_object(obj: Any) -> dict | None:
    """Keras's dict for an object with `get_config()` or a named function;
    None for None."""
    if obj is None:
        return None
    if not hasattr(obj, "get_config"):
        name = getattr(obj, "__name__", None)
        if not isinstance(obj, types.FunctionType) or name is None:
            raise ValueError(
                "Could not serialize the object: expected an object with "
                f"get_config() or a named function. Received: {obj!r}"
            )
        return {
            # Keras looks exported functions up by their public module.
            "module": public_module(obj) or obj.__module__,
            "class_name": "function",
            "config": name,
            "registered_name": name,
        }
    cls = type(obj)
    module = public_module(cls)
    return {
        "module": module or cls.__module__,
        "class_name": public_name(cls) if module else cls.__name__,
        "config": obj.get_config(),
        "registered_name": None if module else cls.__name__,
    }


def lookup(
    name: str, builtins: dict, custom_objects: dict | None
) -> Any | None:
    if custom_objects and name in custom_objects:
        return custom_objects[name]
    return builtins.get(name)


def deserialize_object(
    config: Any,
    builtins: dict,
    custom_objects: dict | None,
    kind: str,
) -> Any:
    """Rebuilds an object from a name or a Keras config dict.

    A name gives a new instance (of a class) or the function itself; a dict
    gives `cls.from_config(config["config"])`, or, for the function format
    `{"class_name": "function", "config": name}`, the named function.
    """
    if isinstance(config, str):
        found = lookup(config, builtins, custom_objects)
        if found is None:
            raise _unknown(kind, config, builtins)
        return found() if inspect.isclass(found) else found
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(
            f"Could not interpret {kind} config: expected a name or a dict "
            "with keys 'class_name' and 'config'. Received: "
            f"config={config!r}"
        )
    class_name = config["class_name"]
    inner = config.get("config")
    if class_name == "function":
        name = inner if isinstance(inner, str) else config["registered_name"]
        return deserialize_object(name, builtins, custom_objects, kind)
    names = [config.get("registered_name"), class_name]
    found = None
    for name in names:
        if name:
            found = lookup(name, builtins, custom_objects)
            if found is not None:
                break
    if found is None and inspect.isclass(BUILTIN_OBJECTS.get(class_name)):
        # Another family's class, such as a layer used as an activation.
        found = BUILTIN_OBJECTS[class_name]
    if found is None:
        raise _unknown(kind, class_name, builtins)
    if not inspect.isclass(found):
        return found
    inner = {} if inner is None else inner
    if hasattr(found, "from_config"):
        return found.from_config(inner)
    return found(**inner)


def _unknown(kind: str, received: Any, builtins: dict) -> ValueError:
    names = sorted(n for n in builtins if n[:1].islower())
    return ValueError(
        f"Could not interpret {kind} identifier: {received!r}. Expected one "
        f"of the built-in names {names}, a class name, a config dict, or a "
        "callable. Pass `custom_objects={name: obj}` for your own objects."
    )
