"""Registry of user objects for serialization: `register_keras_serializable`
and `custom_object_scope`, as in Keras 3."""

from __future__ import annotations

import inspect
import threading
from typing import Any

from kerata.src.api_export import kerata_export

# Registered name ("Package>Name") -> object, and object -> registered name.
GLOBAL_CUSTOM_OBJECTS: dict[str, Any] = {}
GLOBAL_CUSTOM_NAMES: dict[Any, str] = {}
_SCOPE = threading.local()


@kerata_export(
    "kerata.saving.CustomObjectScope",
    "kerata.saving.custom_object_scope",
    "kerata.utils.CustomObjectScope",
    "kerata.utils.custom_object_scope",
)
class CustomObjectScope:
    """Context manager that makes custom objects visible to deserialization.

    Args:
        custom_objects: Dict of name to class or function.

    Example:

    >>> def my_act(x):
    ...     return x
    >>> with kerata.saving.custom_object_scope({"my_act": my_act}):
    ...     found = kerata.saving.get_registered_object("my_act")
    >>> found is my_act
    True
    """

    def __init__(self, custom_objects: dict | None = None) -> None:
        self.custom_objects = dict(custom_objects or {})
        self._backup: dict | None = None

    def __enter__(self) -> CustomObjectScope:
        self._backup = scope_objects()
        _SCOPE.objects = {**self._backup, **self.custom_objects}
        return self

    def __exit__(self, *args: Any) -> None:
        _SCOPE.objects = self._backup


def scope_objects() -> dict:
    """The objects of the active custom object scopes."""
    return getattr(_SCOPE, "objects", None) or {}


@kerata_export(
    "kerata.saving.get_custom_objects", "kerata.utils.get_custom_objects"
)
def get_custom_objects() -> dict:
    """The global dict of registered custom objects (mutable).

    Returns:
        Dict of registered name to object.

    Example:

    >>> isinstance(kerata.saving.get_custom_objects(), dict)
    True
    """
    return GLOBAL_CUSTOM_OBJECTS


@kerata_export(
    "kerata.saving.register_keras_serializable",
    "kerata.utils.register_keras_serializable",
)
def register_keras_serializable(
    package: str = "Custom", name: str | None = None
):
    """Registers a class or function under `"package>name"`.

    Registered objects are found by `deserialize_keras_object` and model
    loading without passing `custom_objects`.

    Args:
        package: Package the name is prefixed with.
        name: Name to register; the object's `__name__` by default.

    Returns:
        A decorator that registers and returns its argument.

    Example:

    >>> @kerata.saving.register_keras_serializable(package="Doc")
    ... def double(x):
    ...     return x * 2
    >>> kerata.saving.get_registered_name(double)
    'Doc>double'
    """

    def decorator(obj: Any) -> Any:
        registered = f"{package}>{name or obj.__name__}"
        if inspect.isclass(obj) and not hasattr(obj, "get_config"):
            raise ValueError(
                "Cannot register a class that does not define get_config(). "
                f"Received: {obj.__name__}"
            )
        if registered in GLOBAL_CUSTOM_OBJECTS:
            raise ValueError(
                f"{registered!r} has already been registered to "
                f"{GLOBAL_CUSTOM_OBJECTS[registered]!r}. Pass another "
                "`package` or `name`."
            )
        GLOBAL_CUSTOM_OBJECTS[registered] = obj
        GLOBAL_CUSTOM_NAMES[obj] = registered
        return obj

    return decorator


@kerata_export(
    "kerata.saving.get_registered_name", "kerata.utils.get_registered_name"
)
def get_registered_name(obj: Any) -> str:
    """The name `obj` is registered under, else its `__name__`.

    Args:
        obj: A class or function.

    Returns:
        The registered name as a string.

    Example:

    >>> kerata.saving.get_registered_name(kerata.layers.Dense)
    'Dense'
    """
    if obj in GLOBAL_CUSTOM_NAMES:
        return GLOBAL_CUSTOM_NAMES[obj]
    return obj.__name__


@kerata_export(
    "kerata.saving.get_registered_object", "kerata.utils.get_registered_object"
)
def get_registered_object(
    name: str,
    custom_objects: dict | None = None,
    module_objects: dict | None = None,
) -> Any:
    """Looks `name` up in the custom object scope, the global registry,
    `custom_objects` and `module_objects`, in that order.

    Args:
        name: A registered name.
        custom_objects: Optional dict of name to object.
        module_objects: Optional dict of name to object, searched last.

    Returns:
        The object, or None if the name is unknown.

    Example:

    >>> kerata.saving.get_registered_object("NoSuchName") is None
    True
    """
    for table in (
        scope_objects(),
        GLOBAL_CUSTOM_OBJECTS,
        custom_objects or {},
        module_objects or {},
    ):
        if name in table:
            return table[name]
    return None
