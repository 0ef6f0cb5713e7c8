import numpy as np
import pytest

import kerata
from kerata import layers
from tests.layers.preprocessing._roundtrip import roundtrip

DATA = np.array([[0, 1], [0, 0], [1, 2], [3, 1]], "int32")


def _np(x):
    return kerata.ops.convert_to_numpy(x)


def _counts(x, depth):
    return np.stack([np.bincount(row, minlength=depth) for row in x])


def test_category_encoding_modes_match_numpy():
    count = layers.CategoryEncoding(4, output_mode="count")(DATA)
    np.testing.assert_allclose(_np(count), _counts(DATA, 4))
    multi = layers.CategoryEncoding(4)(DATA)
    np.testing.assert_allclose(_np(multi), _counts(DATA, 4) > 0)
    one_hot = layers.CategoryEncoding(4, output_mode="one_hot")([3, 2, 0, 1])
    np.testing.assert_allclose(_np(one_hot), np.eye(4)[[3, 2, 0, 1]])
    column = layers.CategoryEncoding(4, output_mode="one_hot")(DATA[:, :1])
    assert tuple(column.shape) == (4, 4)
    assert str(_np(count).dtype) == "float32"


def test_category_encoding_rank1_and_count_weights():
    out = layers.CategoryEncoding(3, output_mode="multi_hot")([0, 2, 2])
    assert _np(out).tolist() == [1.0, 0.0, 1.0]
    weights = np.array([[0.5, 1.0], [2.0, 0.25]], "float32")
    layer = layers.CategoryEncoding(3, output_mode="count")
    out = layer(np.array([[0, 0], [1, 2]]), count_weights=weights)
    np.testing.assert_allclose(_np(out), [[1.5, 0, 0], [0, 2.0, 0.25]])


def test_category_encoding_errors():
    with pytest.raises(ValueError, match="output_mode='tf_idf'"):
        layers.CategoryEncoding(3, output_mode="tf_idf")
    with pytest.raises(ValueError, match="num_tokens"):
        layers.CategoryEncoding()
    with pytest.raises(ValueError, match="num_tokens=0"):
        layers.CategoryEncoding(0)
    with pytest.raises(ValueError, match="count_weights"):
        layers.CategoryEncoding(3)([0], count_weights=[1.0])


def test_category_encoding_roundtrip(tmp_path):
    layer = layers.CategoryEncoding(5, output_mode="count")
    new, store, _ = roundtrip(layer, tmp_path)
    assert store == {}
    assert new.get_config() == layer.get_config()
    assert {"num_tokens", "output_mode"} <= set(layer.get_config())


def test_category_encoding_in_model():
    inputs = kerata.Input(shape=(2,), dtype="int32")
    outputs = layers.CategoryEncoding(4, output_mode="count")(inputs)
    assert tuple(outputs.shape) == (None, 4)
    model = kerata.Model(inputs, outputs)
    np.testing.assert_allclose(model.predict(DATA, verbose=0), _counts(DATA, 4))
