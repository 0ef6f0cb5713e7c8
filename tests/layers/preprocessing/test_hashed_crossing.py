import numpy as np
import pytest

import kerata
from kerata import layers
from kerata.src.layers.preprocessing import _hash_functions
from tests.layers.preprocessing._roundtrip import roundtrip

FEAT1 = np.array(["A", "B", "A", "B", "A"])
FEAT2 = np.array([101, 101, 101, 102, 102])


def _np(x):
    return kerata.ops.convert_to_numpy(x)


def _reference(features, num_bins):
    """TensorFlow's `sparse.cross_hashed`, sample by sample."""
    out = []
    for values in zip(*features):
        digest = 0xDECAFCAFFE
        for v in values:
            if isinstance(v, str):
                v = _hash_functions.fingerprint64(v.encode())
            digest = _hash_functions.fingerprint_cat64(digest, int(v) % 2**64)
        out.append(digest % num_bins)
    return out


def test_hashed_crossing_matches_keras_example():
    out = layers.HashedCrossing(num_bins=5)((FEAT1, FEAT2))
    assert _np(out).tolist() == [1, 4, 1, 1, 3]
    assert str(_np(out).dtype) == "int64"
    one_hot = layers.HashedCrossing(num_bins=5, output_mode="one_hot")(
        (FEAT1, FEAT2)
    )
    np.testing.assert_allclose(_np(one_hot), np.eye(5)[[1, 4, 1, 1, 3]])


def test_hashed_crossing_three_features_and_column_shape():
    feat3 = np.array([-1, 0, 7, 2**40, -5])
    expected = _reference([FEAT1.tolist(), FEAT2.tolist(), feat3.tolist()], 7)
    out = layers.HashedCrossing(num_bins=7)((FEAT1, FEAT2, feat3))
    assert _np(out).tolist() == expected
    column = layers.HashedCrossing(num_bins=7)((FEAT1[:, None], FEAT2[:, None]))
    assert tuple(column.shape) == (5, 1)


def test_hashed_crossing_errors():
    layer = layers.HashedCrossing(num_bins=5)
    with pytest.raises(ValueError, match="at least two"):
        layer(FEAT1)
    with pytest.raises(ValueError, match="same shape"):
        layer((FEAT1, FEAT2[:3]))
    with pytest.raises(ValueError, match="float"):
        layer((FEAT1, FEAT2.astype("float32")))
    with pytest.raises(ValueError, match="output_mode='count'"):
        layers.HashedCrossing(num_bins=5, output_mode="count")


def test_hashed_crossing_roundtrip(tmp_path):
    layer = layers.HashedCrossing(num_bins=5, output_mode="one_hot")
    new, _, _ = roundtrip(layer, tmp_path)
    assert new.get_config() == layer.get_config()
    assert set(layer.get_config()) == {
        "num_bins",
        "output_mode",
        "sparse",
        "name",
        "dtype",
    }


def test_hashed_crossing_in_model():
    a = kerata.Input(shape=(), dtype="int64")
    b = kerata.Input(shape=(), dtype="int64")
    out = layers.HashedCrossing(num_bins=5, output_mode="one_hot")((a, b))
    assert tuple(out.shape) == (None, 5)
    model = kerata.Model([a, b], out)
    x1, x2 = np.array([1, 2, 3]), np.array([4, 5, 6])
    expected = np.eye(5)[_reference([x1.tolist(), x2.tolist()], 5)]
    np.testing.assert_allclose(model.predict([x1, x2], verbose=0), expected)
