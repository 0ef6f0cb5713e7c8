import collections

import pytest

from kerata.src import tree


def test_flatten_and_pack_round_trip():
    Point = collections.namedtuple("Point", ["x", "y"])
    structure = {"b": [1, (2, 3)], "a": Point(4, None)}
    flat = tree.flatten(structure)
    assert flat == [4, None, 1, 2, 3]
    rebuilt = tree.pack_sequence_as(structure, flat)
    assert rebuilt == structure
    assert isinstance(rebuilt["a"], Point)


def test_map_structure_and_mismatch():
    assert tree.map_structure(
        lambda a, b: a * b, [1, {"k": 2}], [3, {"k": 4}]
    ) == [
        3,
        {"k": 8},
    ]
    with pytest.raises(ValueError, match="same number of elements"):
        tree.map_structure(lambda a, b: a, [1, 2], [1])


def test_pack_sequence_as_length_errors():
    with pytest.raises(ValueError, match="fewer than"):
        tree.pack_sequence_as([0, 0], [1])
    with pytest.raises(ValueError, match="has 3 items"):
        tree.pack_sequence_as([0, 0], [1, 2, 3])
