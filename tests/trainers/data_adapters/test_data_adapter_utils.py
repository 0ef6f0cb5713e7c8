import numpy as np
import pytest

import kerata
from kerata.src import backend
from kerata.src.trainers.data_adapters import data_adapter_utils as utils


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("x", ("x", None, None)),
        (("x",), ("x", None, None)),
        (["x", "y"], ("x", "y", None)),
        (("x", "y", "w"), ("x", "y", "w")),
        ({"a": 1}, ({"a": 1}, None, None)),
    ],
)
def test_unpack_x_y_sample_weight(data, expected):
    assert kerata.utils.unpack_x_y_sample_weight(data) == expected


def test_unpack_rejects_long_tuples():
    with pytest.raises(ValueError, match="4 elements"):
        kerata.utils.unpack_x_y_sample_weight((1, 2, 3, 4))


def test_pack_x_y_sample_weight():
    pack = kerata.utils.pack_x_y_sample_weight
    assert pack("x") == "x"
    assert pack(["a", "b"]) == (["a", "b"],)
    assert pack("x", "y") == ("x", "y")
    assert pack("x", "y", "w") == ("x", "y", "w")
    assert pack("x", None, "w") == "x"
    x, y, w = kerata.utils.unpack_x_y_sample_weight(pack(("a", "b"), "y"))
    assert (x, y, w) == (("a", "b"), "y", None)


@pytest.mark.parametrize("split", [0.2, 0.25, 0.5, 0.7])
def test_train_validation_split_takes_the_last_fraction(split):
    x = np.arange(20).reshape(10, 2)
    y = {"a": np.arange(10), "b": None}
    train, val = utils.train_validation_split((x, y), split)
    cut = int(np.floor(10 * (1 - split)))
    np.testing.assert_array_equal(train[0], x[:cut])
    np.testing.assert_array_equal(val[0], x[cut:])
    np.testing.assert_array_equal(train[1]["a"], np.arange(10)[:cut])
    np.testing.assert_array_equal(val[1]["a"], np.arange(10)[cut:])
    assert train[1]["b"] is None
    assert val[1]["b"] is None


def test_train_validation_split_of_tensors():
    x = backend.convert_to_tensor(np.arange(6, dtype="float32"))
    train, val = utils.train_validation_split(x, 0.5)
    assert backend.convert_to_numpy(train).tolist() == [0.0, 1.0, 2.0]
    assert backend.convert_to_numpy(val).tolist() == [3.0, 4.0, 5.0]


@pytest.mark.parametrize("split", [0.0, 1.0, -0.1, 1.5, "0.2", True])
def test_train_validation_split_rejects_bad_fractions(split):
    with pytest.raises(ValueError, match="validation_split"):
        utils.train_validation_split(np.zeros((10, 1)), split)


def test_train_validation_split_needs_enough_samples():
    with pytest.raises(ValueError, match="contains 3 samples"):
        utils.train_validation_split(np.zeros((3, 1)), 0.7)


def test_train_validation_split_rejects_non_arrays():
    with pytest.raises(TypeError, match="generator"):
        utils.train_validation_split((i for i in range(3)), 0.5)
    with pytest.raises(TypeError, match="int"):
        utils.train_validation_split([1, 2, 3], 0.5)


def _reference_class_weights(labels, class_weight):
    return np.array([class_weight.get(int(c), 1.0) for c in labels])


@pytest.mark.parametrize("form", ["int", "column", "one_hot"])
def test_class_weight_to_sample_weights(form):
    labels = np.array([0, 2, 1, 2, 3])
    class_weight = {0: 0.5, 2: 3.0, 1: 1.5}
    y = {
        "int": labels,
        "column": labels.reshape(-1, 1).astype("float32"),
        "one_hot": np.eye(4)[labels],
    }[form]
    weights = utils.class_weight_to_sample_weights(y, class_weight)
    assert weights.dtype == backend.floatx()
    np.testing.assert_allclose(
        weights, _reference_class_weights(labels, class_weight)
    )


def test_class_weight_errors():
    with pytest.raises(ValueError, match="single output"):
        utils.class_weight_to_sample_weights(
            [np.zeros(3), np.zeros(3)], {0: 1.0}
        )
    with pytest.raises(TypeError, match="dict"):
        utils.class_weight_to_sample_weights(np.zeros(3), [1.0, 2.0])
    with pytest.raises(TypeError, match="'a'"):
        utils.class_weight_to_sample_weights(np.zeros(3), {"a": 2.0})


def test_convert_leaf_casts_floats_to_floatx_and_keeps_ints():
    f = utils.convert_leaf(np.zeros((2,), dtype="float64"))
    i = utils.convert_leaf(np.zeros((2,), dtype="int64"))
    b = utils.convert_leaf(np.zeros((2,), dtype="bool"))
    assert backend.is_tensor(f)
    assert backend.standardize_dtype(f.dtype) == backend.floatx()
    assert backend.standardize_dtype(i.dtype) == "int64"
    assert backend.standardize_dtype(b.dtype) == "bool"


def test_make_packer_round_trips_structures():
    structure = ({"b": 1, "a": [2, None]}, (3,), 4)
    leaves, pack = utils.make_packer(structure)
    assert leaves == [2, 1, 3, 4]
    assert pack(leaves) == structure
    leaves, pack = utils.make_packer((1, 2))
    assert pack is tuple
    assert leaves == [1, 2]
