"""The `kerata_export` decorator: how a symbol becomes public.

Implementation lives under `kerata.src`; the public namespaces (`kerata.layers`,
`kerata.ops`, ...) are generated from the names registered here by
`tools/api_gen.py`, so a symbol is public exactly when it is exported.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from typing import TypeVar

T = TypeVar("T")

# Public path -> object, filled in as `kerata.src` modules are imported.
REGISTRY: dict[str, Any] = {}


def kerata_export(*paths: str) -> Callable[[T], T]:
    """Registers the decorated object under one or more public paths.

    Each path is a full dotted name such as `"kerata.layers.Dense"`. The
    object is also registered for serialization under its last component.
    """
    for path in paths:
        if not path.startswith("kerata."):
            raise ValueError(
                f"Export paths must start with 'kerata.'. Received: {path!r}"
            )

    def decorator(obj: T) -> T:
        for path in paths:
            REGISTRY[path] = obj
        _register_serializable(obj, paths[0])
        return obj

    return decorator


# Class name -> class; used by deserialization for built-in objects.
BUILTIN_OBJECTS: dict[str, Any] = {}


def _register_serializable(obj: Any, path: str) -> None:
    name = path.rsplit(".", 1)[-1]
    BUILTIN_OBJECTS.setdefault(name, obj)
