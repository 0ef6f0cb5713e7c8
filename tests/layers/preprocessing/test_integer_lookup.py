import numpy as np
import pytest

import kerata
from kerata import layers
from tests.layers.preprocessing._roundtrip import roundtrip

VOCAB = [12, 36, 1138, 42]


def _np(x):
    return kerata.ops.convert_to_numpy(x)


def test_integer_lookup_int_output_and_oov():
    layer = layers.IntegerLookup(vocabulary=VOCAB)
    out = layer(np.array([[12, 1138, 42], [42, 1000, 36]]))
    assert _np(out).tolist() == [[1, 3, 4], [4, 0, 2]]
    assert str(_np(out).dtype) == "int64"
    two = layers.IntegerLookup(vocabulary=VOCAB, num_oov_indices=2)
    assert _np(two([[12, 1138, 42], [37, 1000, 36]])).tolist() == [
        [2, 4, 5],
        [1, 0, 3],
    ]
    masked = layers.IntegerLookup(vocabulary=VOCAB, mask_token=0)
    assert _np(masked([[12, 0, 42]])).tolist() == [[2, 0, 5]]
    tensor_in = layer(kerata.ops.convert_to_tensor([36, 5], dtype="int32"))
    assert _np(tensor_in).tolist() == [2, 0]


def test_integer_lookup_adapt_and_invert():
    data = np.array([[12, 1138, 42], [42, 1000, 36]])
    layer = layers.IntegerLookup()
    layer.adapt(data)
    assert layer.get_vocabulary() == [-1, 42, 1138, 1000, 36, 12]
    assert _np(layer(data)).tolist() == [[5, 2, 1], [1, 3, 4]]
    inverse = layers.IntegerLookup(vocabulary=VOCAB, invert=True)
    out = inverse(np.array([[1, 3, 4], [4, 0, 2]]))
    assert _np(out).tolist() == [[12, 1138, 42], [42, -1, 36]]


def test_integer_lookup_encodings():
    layer = layers.IntegerLookup(vocabulary=VOCAB, output_mode="multi_hot")
    out = layer(np.array([[12, 1138, 42, 42], [42, 7, 36, 7]]))
    assert _np(out).tolist() == [[0, 1, 0, 1, 1], [1, 0, 1, 0, 1]]
    count = layers.IntegerLookup(vocabulary=VOCAB, output_mode="count")
    out = count(np.array([[12, 1138, 42, 42], [42, 7, 36, 7]]))
    assert _np(out).tolist() == [[0, 1, 0, 1, 2], [2, 0, 1, 0, 1]]


def test_integer_lookup_errors():
    with pytest.raises(TypeError, match="float"):
        layers.IntegerLookup(vocabulary=VOCAB)(np.array([1.5]))
    with pytest.raises(TypeError, match="str"):
        layers.IntegerLookup(vocabulary=["a", "b"])
    with pytest.raises(ValueError, match="repeated tokens.*12"):
        layers.IntegerLookup(vocabulary=[12, 12])
    with pytest.raises(ValueError, match="int32"):
        layers.IntegerLookup(vocabulary_dtype="int32")
    with pytest.raises(ValueError, match="output_mode='nope'"):
        layers.IntegerLookup(output_mode="nope")
    with pytest.raises(ValueError, match="farmhash"):
        layers.IntegerLookup(salt=3)
    with pytest.raises(ValueError, match="no tokens"):
        layers.IntegerLookup().adapt(np.zeros((0,), "int64"))


def test_integer_lookup_roundtrip(tmp_path):
    layer = layers.IntegerLookup(mask_token=0)
    layer.adapt(np.array([5, 5, 9, 0, 3]))
    new, store, assets = roundtrip(layer, tmp_path)
    assert store == {}
    assert assets == ["vocabulary.txt"]
    assert new.get_vocabulary() == layer.get_vocabulary() == [0, -1, 5, 9, 3]
    config = layer.get_config()
    assert config["vocabulary_dtype"] == "int64"
    assert config["oov_token"] == -1
    with_vocab = layers.IntegerLookup(vocabulary=np.array(VOCAB))
    assert with_vocab.get_config()["vocabulary"] == VOCAB


def test_integer_lookup_in_model():
    inputs = kerata.Input(shape=(2,), dtype="int64")
    outputs = layers.IntegerLookup(vocabulary=[5, 7], output_mode="multi_hot")(
        inputs
    )
    assert tuple(outputs.shape) == (None, 3)
    model = kerata.Model(inputs, outputs)
    out = model.predict(np.array([[5, 9], [7, 7]]), verbose=0)
    assert np.asarray(out).tolist() == [[1, 1, 0], [0, 0, 1]]
