"""Process-wide state: auto-naming counters and the name-scope stack."""

from __future__ import annotations

import re
import threading
from typing import Any

from kerata.src.api_export import kerata_export

_STATE = threading.local()
_NAME_UIDS: dict[str, int] = {}


def _camel_to_snake(name: str) -> str:
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def auto_name(prefix: str) -> str:
    """Returns `prefix`, then `prefix_1`, `prefix_2`, ... on later calls."""
    prefix = _camel_to_snake(prefix)
    uid = _NAME_UIDS.get(prefix, 0)
    _NAME_UIDS[prefix] = uid + 1
    return prefix if uid == 0 else f"{prefix}_{uid}"


@kerata_export("kerata.backend.get_uid")
def get_uid(prefix: str = "") -> int:
    """Returns 1 for a new `prefix`, then 2, 3, ... on later calls.

    The counters are the ones behind automatic layer names (a layer called
    "dense" takes the first uid of "dense") and `clear_session()` resets
    them.

    Args:
        prefix: The string whose counter to advance.

    Returns:
        The counter's new value, an int.

    Example:

    >>> kerata.backend.get_uid("my_block")
    1
    >>> kerata.backend.get_uid("my_block")
    2
    """
    uid = _NAME_UIDS.get(prefix, 0) + 1
    _NAME_UIDS[prefix] = uid
    return uid


def clear_session(free_memory: bool = True) -> None:
    """Resets kerata's global state: generated layer names start over.

    Example:

    >>> kerata.utils.clear_session()
    >>> kerata.layers.Dense(2).name
    'dense'
    """
    _NAME_UIDS.clear()
    for hook in _CLEAR_HOOKS:
        hook()


# Functions run by clear_session, registered by higher tiers (e.g. the
# global random generator) so this module imports nothing from them.
_CLEAR_HOOKS: list = []


def register_clear_session_hook(hook) -> None:
    _CLEAR_HOOKS.append(hook)


def name_scope_stack() -> list:
    stack = getattr(_STATE, "name_scopes", None)
    if stack is None:
        stack = _STATE.name_scopes = []
    return stack


def current_path() -> str:
    return "/".join(name_scope_stack())


class name_scope:
    """Context manager that prefixes the paths of variables created inside.

    Example:

    >>> with kerata.name_scope("block"):
    ...     v = kerata.Variable(1.0, name="scale")
    >>> v.path
    'block/scale'
    """

    def __init__(self, name: str, **kwargs: Any) -> None:
        if not isinstance(name, str) or "/" in name:
            raise ValueError(
                f"A name scope must be a str without '/'. Received: {name!r}"
            )
        self.name = name

    def __enter__(self) -> name_scope:
        name_scope_stack().append(self.name)
        return self

    def __exit__(self, *exc: Any) -> None:
        name_scope_stack().pop()


# Bumped whenever a layer gains a weight or changes `trainable`; trainers
# cache variable lists and check this one int per step instead of walking
# the layer tree.
_STRUCTURE_VERSION = [0]


def bump_structure_version() -> None:
    _STRUCTURE_VERSION[0] += 1


def structure_version() -> int:
    return _STRUCTURE_VERSION[0]
