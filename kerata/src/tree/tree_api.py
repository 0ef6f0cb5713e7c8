"""Plain-Python implementation of the nested-structure helpers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kerata.src.api_export import kerata_export


def _is_namedtuple(x: Any) -> bool:
    return isinstance(x, tuple) and hasattr(x, "_fields")


@kerata_export("kerata.tree.is_nested")
def is_nested(structure: Any) -> bool:
    """Whether `structure` is a list, tuple or dict.

    Example:

    >>> kerata.tree.is_nested([1, 2]), kerata.tree.is_nested(1)
    (True, False)
    """
    return isinstance(structure, (list, tuple, dict))


def _children(x: Any) -> list:
    if isinstance(x, dict):
        return [x[k] for k in _sorted_keys(x)]
    return list(x)


def _sorted_keys(d: dict) -> list:
    try:
        return sorted(d)
    except TypeError:
        return list(d)


@kerata_export("kerata.tree.flatten")
def flatten(structure: Any) -> list:
    """Returns the leaves of `structure` in order.

    Example:

    >>> kerata.tree.flatten({"b": [1, 2], "a": 3})
    [3, 1, 2]
    """
    if not isinstance(structure, (list, tuple, dict)):
        return [structure]
    out: list = []
    _flatten_into(structure, out)
    return out


def _flatten_into(x: Any, out: list) -> None:
    if isinstance(x, (list, tuple, dict)):
        for c in _children(x):
            _flatten_into(c, out)
    else:
        out.append(x)


def _rebuild(template: Any, children: list) -> Any:
    if isinstance(template, dict):
        keys = _sorted_keys(template)
        rebuilt = dict(zip(keys, children))
        return type(template)((k, rebuilt[k]) for k in template)
    if _is_namedtuple(template):
        return type(template)(*children)
    if isinstance(template, tuple):
        return tuple(children)
    return list(children)


@kerata_export("kerata.tree.pack_sequence_as")
def pack_sequence_as(structure: Any, flat_sequence: Any) -> Any:
    """Builds `structure`'s shape from a flat list of leaves.

    Example:

    >>> kerata.tree.pack_sequence_as([0, (0, 0)], [1, 2, 3])
    [1, (2, 3)]
    """
    flat = list(flat_sequence)
    pos = [0]

    def build(t: Any) -> Any:
        if isinstance(t, (list, tuple, dict)):
            return _rebuild(t, [build(c) for c in _children(t)])
        if pos[0] >= len(flat):
            raise ValueError(
                f"The flat sequence has {len(flat)} items, fewer than the "
                f"structure's leaves: {structure!r}"
            )
        pos[0] += 1
        return flat[pos[0] - 1]

    result = build(structure)
    if pos[0] != len(flat):
        raise ValueError(
            f"The flat sequence has {len(flat)} items but the structure has "
            f"{pos[0]} leaves: {structure!r}"
        )
    return result


@kerata_export("kerata.tree.map_structure")
def map_structure(func: Callable, *structures: Any) -> Any:
    """Applies `func` leaf-wise over one or more same-shaped structures.

    Example:

    >>> kerata.tree.map_structure(lambda a, b: a + b, [1, (2,)], [10, (20,)])
    [11, (22,)]
    """
    if not structures:
        raise ValueError("map_structure needs at least one structure.")
    first = structures[0]
    for other in structures[1:]:
        assert_same_structure(first, other)
    if not isinstance(first, (list, tuple, dict)):
        return func(*structures)
    kids = [_children(s) for s in structures]
    return _rebuild(first, [map_structure(func, *cs) for cs in zip(*kids)])


def map_structure_up_to(shallow: Any, func: Callable, *structures: Any) -> Any:
    """Like `map_structure`, but stops at the leaves of `shallow`."""
    if not isinstance(shallow, (list, tuple, dict)):
        return func(*structures)
    kids = [_children(s) for s in structures]
    return _rebuild(
        shallow,
        [
            map_structure_up_to(sc, func, *cs)
            for sc, *cs in zip(_children(shallow), *kids)
        ],
    )


@kerata_export("kerata.tree.assert_same_structure")
def assert_same_structure(a: Any, b: Any, check_types: bool = False) -> None:
    """Raises ValueError unless `a` and `b` nest the same way.

    Example:

    >>> kerata.tree.assert_same_structure([1, 2], [3, 4])
    """
    a_nested = isinstance(a, (list, tuple, dict))
    b_nested = isinstance(b, (list, tuple, dict))
    if a_nested != b_nested:
        raise ValueError(
            f"The two structures don't have the same nesting: {a!r} and {b!r}"
        )
    if not a_nested:
        return
    if isinstance(a, dict) != isinstance(b, dict):
        raise ValueError(f"Structures differ: {a!r} and {b!r}")
    if isinstance(a, dict) and set(a) != set(b):
        raise ValueError(
            f"Dict keys differ: {sorted(map(str, a))} and {sorted(map(str, b))}"
        )
    if check_types and type(a) is not type(b):
        raise TypeError(f"Types differ: {type(a)} and {type(b)}")
    ka, kb = _children(a), _children(b)
    if len(ka) != len(kb):
        raise ValueError(
            f"The two structures don't have the same number of elements: "
            f"{len(ka)} and {len(kb)}. Received: {a!r} and {b!r}"
        )
    for x, y in zip(ka, kb):
        assert_same_structure(x, y, check_types)


@kerata_export("kerata.tree.traverse")
def traverse(func: Callable, structure: Any, top_down: bool = True) -> Any:
    """Calls `func` on every node; a non-None return replaces the node
    (top-down) and stops descent into it.

    Example:

    >>> kerata.tree.traverse(lambda x: None, [1, 2])
    [1, 2]
    """
    if top_down:
        r = func(structure)
        if r is not None:
            return r
        if isinstance(structure, (list, tuple, dict)):
            return _rebuild(
                structure,
                [traverse(func, c, True) for c in _children(structure)],
            )
        return structure
    if isinstance(structure, (list, tuple, dict)):
        structure = _rebuild(
            structure, [traverse(func, c, False) for c in _children(structure)]
        )
    r = func(structure)
    return structure if r is None else r
