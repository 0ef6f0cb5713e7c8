import collections
import os
import sys

import pytest

from kerata.src import backend
from kerata.src import tree

Point = collections.namedtuple("Point", ["x", "y"])

STRUCTURES = [
    1,
    None,
    [],
    [1, [2, 3], (4,)],
    {"b": [1, 2], "a": {"d": 3, "c": (4, None)}},
    (Point(1, [2, 3]), {"k": 5}),
]


@pytest.fixture(scope="module")
def keras():
    if "keras" not in sys.modules:
        # Keras picks its backend once, at import; use kerata's.
        os.environ["KERAS_BACKEND"] = backend.backend()
    return pytest.importorskip("keras")


@pytest.mark.parity
@pytest.mark.parametrize("structure", STRUCTURES)
def test_paths_and_tuples_match_keras(structure, keras):
    pairs = tree.flatten_with_path(structure)
    # Keras's torch tree leaves nested dicts unsorted; its optree version
    # (jax, numpy) sorts them, as kerata does: compare the pairs as sets.
    expected = keras.tree.flatten_with_path(structure)
    assert sorted(pairs, key=repr) == sorted(expected, key=repr)
    assert [leaf for _, leaf in pairs] == tree.flatten(structure)
    assert tree.lists_to_tuples(structure) == keras.tree.lists_to_tuples(
        structure
    )


@pytest.mark.parity
def test_map_shape_structure_matches_keras(keras):
    shapes = {"x": (None, 3), "y": [(2,), [4, 5]], "z": ()}
    expected = keras.tree.map_shape_structure(lambda s: len(s) * 10, shapes)
    assert tree.map_shape_structure(lambda s: len(s) * 10, shapes) == dict(
        expected
    )


@pytest.mark.parity
def test_map_structure_up_to_matches_keras(keras):
    # Leaves other than None: Keras's optree version mishandles None in
    # `shallow` (jax, numpy backends).
    for shallow, deep in [
        ([0, [0, 0]], [[1, 1], [[2], (3, 4)]]),
        ({"a": 0, "b": [0, 0]}, {"b": [[2], (3, 4)], "a": [1]}),
    ]:
        assert tree.map_structure_up_to(
            shallow, str, deep
        ) == keras.tree.map_structure_up_to(shallow, str, deep)


def test_flatten_with_path_namedtuple_uses_indices():
    assert tree.flatten_with_path(Point(1, {"a": 2})) == [
        ((0,), 1),
        ((1, "a"), 2),
    ]


def test_assert_same_paths_ignores_container_types():
    tree.assert_same_paths([0, 1], (2, 3))
    tree.assert_same_paths(Point(0, 1), [2, 3])
    with pytest.raises(ValueError, match=r"Paths in `a` missing in `b`"):
        tree.assert_same_paths({"a": 1, "b": 2}, {"a": 1})
    with pytest.raises(ValueError, match=r"Paths in `b` missing in `a`"):
        tree.assert_same_paths([1], [1, 2])


def test_lists_to_tuples_keeps_namedtuples_and_dicts():
    out = tree.lists_to_tuples({"p": Point([1], 2), "q": [[3]]})
    assert out == {"p": Point((1,), 2), "q": ((3,),)}
    assert isinstance(out["p"], Point)


def test_map_shape_structure_leaves_non_shapes():
    out = tree.map_shape_structure(str, [(1, None), "a", [True]])
    # [True] holds a bool, not a dimension: it is a list of one leaf.
    assert out == ["(1, None)", "a", ["True"]]


def test_map_structure_up_to_errors():
    with pytest.raises(ValueError, match="shallower"):
        tree.map_structure_up_to([None, [None]], len, [1, 2])
    with pytest.raises(ValueError, match="2 elements"):
        tree.map_structure_up_to([None, None], len, [[1], [2], [3]])
    with pytest.raises(ValueError, match="Dict keys differ"):
        tree.map_structure_up_to({"a": None}, len, {"b": [1]})
    with pytest.raises(ValueError, match="at least one structure"):
        tree.map_structure_up_to([None], len)


def test_traverse_map_to_none():
    def drop_lists(x):
        return tree.MAP_TO_NONE if isinstance(x, list) else None

    assert tree.traverse(drop_lists, ({"a": [1]}, 2)) == ({"a": None}, 2)
    assert tree.traverse(drop_lists, [1, (2,)], top_down=False) is None
