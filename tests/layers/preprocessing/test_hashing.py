import numpy as np
import pytest

import kerata
from kerata import layers
from kerata.src.layers.preprocessing import _hash_functions
from tests.layers.preprocessing._roundtrip import roundtrip

LETTERS = [["A"], ["B"], ["C"], ["D"], ["E"]]
WORDS = np.array([["omar"], ["stringer"], ["marlo"], ["wire"], ["skywalker"]])


def _np(x):
    return kerata.ops.convert_to_numpy(x)


@pytest.mark.parametrize(
    ("kwargs", "inputs", "expected"),
    [
        # Keras's documented and tested outputs.
        ({"num_bins": 3}, LETTERS, [1, 0, 1, 1, 2]),
        ({"num_bins": 3, "salt": [133, 137]}, LETTERS, [1, 2, 1, 0, 2]),
        ({"num_bins": 3, "salt": 133}, LETTERS, [0, 0, 2, 1, 0]),
        ({"num_bins": 2}, WORDS, [0, 0, 1, 0, 0]),
        ({"num_bins": 2, "salt": [133, 137]}, WORDS, [0, 1, 0, 1, 0]),
        ({"num_bins": 2, "salt": [211, 137]}, WORDS, [1, 0, 1, 0, 1]),
        ({"num_bins": 3}, np.arange(5)[:, None], [1, 0, 1, 0, 2]),
        (
            {"num_bins": 3, "salt": [133, 137]},
            np.arange(5)[:, None],
            [1, 1, 2, 0, 1],
        ),
        ({"num_bins": 1}, LETTERS, [0, 0, 0, 0, 0]),
    ],
)
def test_hashing_matches_keras(kwargs, inputs, expected):
    out = layers.Hashing(**kwargs)(inputs)
    assert _np(out).reshape(-1).tolist() == expected
    assert str(_np(out).dtype) == "int64"


def test_hashing_mask_value():
    out = layers.Hashing(num_bins=3, mask_value="")(
        [["A"], ["B"], [""], ["C"], ["D"]]
    )
    assert _np(out).tolist() == [[1], [1], [0], [2], [2]]
    out = layers.Hashing(num_bins=3, mask_value="omar")(WORDS)
    assert _np(out).tolist() == [[0], [1], [2], [1], [1]]


def test_hashing_encoded_modes():
    one_hot = layers.Hashing(num_bins=3, output_mode="one_hot")([0, 1, 2, 3, 4])
    np.testing.assert_allclose(_np(one_hot), np.eye(3)[[1, 0, 1, 0, 2]])
    count = layers.Hashing(num_bins=3, output_mode="count")([[0, 1, 2, 3, 4]])
    np.testing.assert_allclose(_np(count), [[2.0, 2.0, 1.0]])
    multi = layers.Hashing(num_bins=3, output_mode="multi_hot")(
        [[0, 1, 2, 3, 4]]
    )
    np.testing.assert_allclose(_np(multi), [[1.0, 1.0, 1.0]])


def test_fingerprint64_matches_farmhash():
    farmhash = pytest.importorskip("farmhash", reason="needs pyfarmhash")
    rng = np.random.default_rng(0)
    for n in [0, 1, 3, 4, 8, 15, 16, 17, 32, 33, 64, 65, 127, 128, 300]:
        data = rng.integers(0, 256, n, dtype="uint8").tobytes()
        assert _hash_functions.fingerprint64(data) == farmhash.fingerprint64(
            data
        )


def test_siphash_reference_vector():
    # The SipHash-2-4 paper's vectors: key 00..0f, messages 00..(n-1).
    key0 = int.from_bytes(bytes(range(8)), "little")
    key1 = int.from_bytes(bytes(range(8, 16)), "little")
    assert _hash_functions.siphash64(key0, key1, b"") == 0x726FDB47DD0E0E31
    digest = _hash_functions.siphash64(key0, key1, bytes(range(15)))
    assert digest == 0xA129CA6149BE45E5


def test_hashing_errors():
    with pytest.raises(ValueError, match="num_bins=0"):
        layers.Hashing(num_bins=0)
    with pytest.raises(ValueError, match="salt='x'"):
        layers.Hashing(num_bins=2, salt="x")
    with pytest.raises(ValueError, match="output_mode='bad'"):
        layers.Hashing(num_bins=2, output_mode="bad")
    with pytest.raises(ValueError, match="int32"):
        layers.Hashing(num_bins=2, dtype="float32")


def test_hashing_roundtrip(tmp_path):
    layer = layers.Hashing(num_bins=5, salt=7, mask_value="")
    new, store, _ = roundtrip(layer, tmp_path)
    assert store == {}
    config = layer.get_config()
    assert config["salt"] == [7, 7]
    assert new.dtype == "int64"
    np.testing.assert_array_equal(_np(new(WORDS)), _np(layer(WORDS)))


def test_hashing_in_model():
    inputs = kerata.Input(shape=(None,), dtype="int32")
    outputs = layers.Hashing(num_bins=3, output_mode="multi_hot")(inputs)
    assert tuple(outputs.shape) == (None, 3)
    model = kerata.Model(inputs, outputs)
    out = model.predict(np.array([[0, 1, 2, 3, 4]]), verbose=0)
    np.testing.assert_allclose(out, [[1.0, 1.0, 1.0]])
