"""Plain-Python implementation of the nested-structure helpers."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence
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


@kerata_export("kerata.tree.map_structure_up_to")
def map_structure_up_to(shallow: Any, func: Callable, *structures: Any) -> Any:
    """Like `map_structure`, but stops at the leaves of `shallow`.

    Whatever the structures nest below a leaf of `shallow` is passed to
    `func` whole.

    Args:
        shallow: The structure whose leaves decide where mapping stops.
        func: A callable taking one argument per structure.
        *structures: Structures nested at least as deep as `shallow`.

    Returns:
        A structure shaped like `shallow`.

    Raises:
        ValueError: If a structure is shallower than `shallow` or its
            containers do not match.

    Example:

    >>> kerata.tree.map_structure_up_to([None, None], len, [[1, 1], [2]])
    [2, 1]
    """
    if not structures:
        raise ValueError(
            "map_structure_up_to needs at least one structure after "
            "`shallow` and `func`."
        )
    for s in structures:
        _check_shallow(shallow, s)
    return _map_up_to(shallow, func, structures)


def _map_up_to(shallow: Any, func: Callable, structures: Sequence) -> Any:
    if not isinstance(shallow, (list, tuple, dict)):
        return func(*structures)
    kids = [_children(s) for s in structures]
    return _rebuild(
        shallow,
        [
            _map_up_to(sc, func, cs)
            for sc, *cs in zip(_children(shallow), *kids)
        ],
    )


def _check_shallow(shallow: Any, structure: Any) -> None:
    """Raises ValueError unless `structure` nests at least as deep as
    `shallow`, with the same containers down to its leaves."""
    if not isinstance(shallow, (list, tuple, dict)):
        return
    if not isinstance(structure, (list, tuple, dict)) or isinstance(
        shallow, dict
    ) != isinstance(structure, dict):
        raise ValueError(
            "The structure is shallower than, or of another kind than, "
            f"`shallow`. Received: shallow={shallow!r}, "
            f"structure={structure!r}"
        )
    if isinstance(shallow, dict):
        if set(shallow) != set(structure):
            raise ValueError(
                f"Dict keys differ: {sorted(map(str, shallow))} and "
                f"{sorted(map(str, structure))}"
            )
    elif len(shallow) != len(structure):
        raise ValueError(
            f"`shallow` has {len(shallow)} elements but the structure has "
            f"{len(structure)}. Received: shallow={shallow!r}, "
            f"structure={structure!r}"
        )
    for sc, c in zip(_children(shallow), _children(structure)):
        _check_shallow(sc, c)


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


@kerata_export("kerata.tree.MAP_TO_NONE")
class MAP_TO_NONE:  # noqa: N801  (Keras's public name)
    """Return this class from a `traverse` function to put `None` there.

    `traverse` keeps a node when its function returns `None`, so `None`
    itself cannot be returned as a replacement; `MAP_TO_NONE` can.

    Example:

    >>> drop = lambda x: kerata.tree.MAP_TO_NONE if x == 2 else None
    >>> kerata.tree.traverse(drop, [1, 2])
    [1, None]
    """


def _replacement(result: Any) -> Any:
    return None if result is MAP_TO_NONE else result


@kerata_export("kerata.tree.traverse")
def traverse(func: Callable, structure: Any, top_down: bool = True) -> Any:
    """Calls `func` on every node; a non-None return replaces the node
    (top-down) and stops descent into it.

    Return `kerata.tree.MAP_TO_NONE` to replace a node with `None`.

    Example:

    >>> kerata.tree.traverse(lambda x: None, [1, 2])
    [1, 2]
    """
    if top_down:
        r = func(structure)
        if r is not None:
            return _replacement(r)
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
    return structure if r is None else _replacement(r)
