"""More nested-structure helpers: paths, shape structures, list-to-tuple.

A path is the tuple of indices (lists, tuples, namedtuples) and keys
(dicts) that leads from the root to a leaf, as in Keras. Dicts are walked
in sorted key order, like `flatten`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.tree.tree_api import _children
from kerata.src.tree.tree_api import _rebuild
from kerata.src.tree.tree_api import _sorted_keys
from kerata.src.tree.tree_api import traverse


@kerata_export("kerata.tree.flatten_with_path")
def flatten_with_path(structure: Any) -> list:
    """Returns `(path, leaf)` pairs for the leaves of `structure`, in
    `flatten` order.

    Args:
        structure: A nested structure.

    Returns:
        A list of `(path, leaf)` pairs; `path` is a tuple of indices and
        dict keys.

    Example:

    >>> kerata.tree.flatten_with_path([{"b": 1, "a": 2}, 3])
    [((0, 'a'), 2), ((0, 'b'), 1), ((1,), 3)]
    """
    out: list = []
    _walk(structure, (), out)
    return out


def _walk(x: Any, path: tuple, out: list) -> None:
    if isinstance(x, dict):
        for key in _sorted_keys(x):
            _walk(x[key], path + (key,), out)
    elif isinstance(x, (list, tuple)):
        for i, child in enumerate(x):
            _walk(child, path + (i,), out)
    else:
        out.append((path, x))


@kerata_export("kerata.tree.assert_same_paths")
def assert_same_paths(a: Any, b: Any) -> None:
    """Raises ValueError unless `a` and `b` have the same leaf paths.

    Unlike `assert_same_structure`, container types are not compared: a
    list matches a tuple or a namedtuple of the same length.

    Args:
        a: A nested structure.
        b: A nested structure.

    Raises:
        ValueError: If a path of one structure is missing from the other;
            the message lists the differing paths.

    Example:

    >>> kerata.tree.assert_same_paths([0, 1], (2, 3))
    """
    a_paths = {path for path, _ in flatten_with_path(a)}
    b_paths = {path for path, _ in flatten_with_path(b)}
    if a_paths == b_paths:
        return
    message = "`a` and `b` don't have the same paths."
    only_a = a_paths - b_paths
    only_b = b_paths - a_paths
    if only_a:
        message += f"\nPaths in `a` missing in `b`:\n{sorted(only_a, key=str)}"
    if only_b:
        message += f"\nPaths in `b` missing in `a`:\n{sorted(only_b, key=str)}"
    raise ValueError(message)


@kerata_export("kerata.tree.lists_to_tuples")
def lists_to_tuples(structure: Any) -> Any:
    """Returns `structure` with every list, at any depth, made a tuple.

    Args:
        structure: A nested structure.

    Returns:
        The same structure with tuples in place of lists.

    Example:

    >>> kerata.tree.lists_to_tuples([1, [2, {"a": [3]}]])
    (1, (2, {'a': (3,)}))
    """

    def to_tuple(x: Any) -> Any:
        return tuple(x) if isinstance(x, list) else None

    return traverse(to_tuple, structure, top_down=False)


def _is_shape(x: Any) -> bool:
    return isinstance(x, (list, tuple)) and all(
        d is None or (isinstance(d, int) and not isinstance(d, bool)) for d in x
    )


@kerata_export("kerata.tree.map_shape_structure")
def map_shape_structure(func: Callable, structure: Any) -> Any:
    """Like `map_structure`, but lists and tuples of ints and Nones are
    leaves: `func` receives whole shapes.

    Args:
        func: A callable taking one shape (or other leaf).
        structure: A nested structure of shapes.

    Returns:
        The same structure with `func` applied to each shape.

    Example:

    >>> kerata.tree.map_shape_structure(len, {"x": (None, 3), "y": [(2,)]})
    {'x': 2, 'y': [1]}
    """
    if _is_shape(structure) or not isinstance(structure, (list, tuple, dict)):
        return func(structure)
    return _rebuild(
        structure,
        [map_shape_structure(func, c) for c in _children(structure)],
    )
