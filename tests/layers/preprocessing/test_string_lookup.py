import os

import numpy as np
import pytest

import kerata
from kerata import layers
from tests.layers.preprocessing._roundtrip import roundtrip

VOCAB = ["a", "b", "c", "d"]
DATA = [["a", "c", "d", "d"], ["d", "z", "b", "z"]]


def _np(x):
    return kerata.ops.convert_to_numpy(x)


def _reference_adapt(documents, max_tokens=None, start=1):
    """Tokens by decreasing count, ties by decreasing token."""
    counts = {}
    for doc in documents:
        for t in doc:
            counts[t] = counts.get(t, 0) + 1
    tokens = sorted(counts, key=lambda t: (counts[t], t), reverse=True)
    return tokens[: max_tokens - start] if max_tokens else tokens


def test_string_lookup_int_output():
    layer = layers.StringLookup(vocabulary=VOCAB)
    out = layer([["a", "c", "d"], ["d", "z", "b"]])
    assert _np(out).tolist() == [[1, 3, 4], [4, 0, 2]]
    assert str(_np(out).dtype) == "int64"
    bytes_in = layer(np.array([b"a", b"z"], dtype=object))
    assert _np(bytes_in).tolist() == [1, 0]
    assert layer.vocabulary_size() == 5


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("multi_hot", [[0, 1, 0, 1, 1], [1, 0, 1, 0, 1]]),
        ("count", [[0, 1, 0, 1, 2], [2, 0, 1, 0, 1]]),
    ],
)
def test_string_lookup_encodings(mode, expected):
    out = layers.StringLookup(vocabulary=VOCAB, output_mode=mode)(DATA)
    assert _np(out).tolist() == expected
    assert str(_np(out).dtype) == "int64"


def test_string_lookup_one_hot_and_tf_idf():
    one_hot = layers.StringLookup(vocabulary=VOCAB, output_mode="one_hot")
    np.testing.assert_array_equal(
        _np(one_hot(["a", "b", "c", "d", "z"])), np.eye(5)[[1, 2, 3, 4, 0]]
    )
    tf_idf = layers.StringLookup(
        output_mode="tf_idf",
        vocabulary=VOCAB,
        idf_weights=[0.25, 0.75, 0.6, 0.4],
    )
    np.testing.assert_allclose(
        _np(tf_idf(DATA)),
        [[0.0, 0.25, 0.0, 0.6, 0.8], [1.0, 0.0, 0.75, 0.0, 0.4]],
        rtol=1e-6,
    )
    padded = layers.StringLookup(
        vocabulary=VOCAB,
        output_mode="multi_hot",
        max_tokens=8,
        pad_to_max_tokens=True,
    )
    assert tuple(padded(DATA).shape) == (2, 8)


def test_string_lookup_adapt_orders_by_frequency():
    data = [["a", "c", "d"], ["d", "z", "b"]]
    layer = layers.StringLookup()
    layer.adapt(data)
    assert layer.get_vocabulary() == ["[UNK]", "d", "z", "c", "b", "a"]
    assert _np(layer(data)).tolist() == [[5, 3, 1], [1, 2, 4]]
    words = np.random.default_rng(0).choice(list("abcdefgh"), (30, 4))
    capped = layers.StringLookup(max_tokens=5, mask_token="")
    capped.adapt(words)
    expected = _reference_adapt(words.tolist(), max_tokens=5, start=2)
    assert capped.get_vocabulary(include_special_tokens=False) == expected


def test_string_lookup_adapt_tf_idf_matches_formula():
    docs = [["a", "a", "b"], ["b", "c", "a"], ["c", "c", "c"]]
    layer = layers.StringLookup(output_mode="tf_idf")
    layer.adapt(docs)
    tokens = layer.get_vocabulary(include_special_tokens=False)
    df = np.array([sum(t in d for d in docs) for t in tokens])
    idf = np.log(1 + 3 / (1 + df))
    np.testing.assert_allclose(layer.idf_weights, [idf.mean(), *idf], rtol=1e-6)


def test_string_lookup_oov_mask_and_invert():
    layer = layers.StringLookup(vocabulary=VOCAB, num_oov_indices=2)
    out = layer([["a", "c", "d"], ["m", "z", "b"]])
    assert _np(out).tolist() == [[2, 4, 5], [0, 1, 3]]
    salted = layers.StringLookup(vocabulary=VOCAB, num_oov_indices=3, salt=7)
    assert set(_np(salted(["m", "n", "o", "p", "q"])).tolist()) <= {0, 1, 2}
    masked = layers.StringLookup(vocabulary=VOCAB, mask_token="")
    assert _np(masked([["a", "", "z"]])).tolist() == [[2, 0, 1]]
    assert masked.get_vocabulary()[:2] == ["", "[UNK]"]
    inverse = layers.StringLookup(vocabulary=VOCAB, invert=True)
    assert inverse([[1, 3, 4], [4, 0, 2]]).tolist() == [
        ["a", "c", "d"],
        ["d", "[UNK]", "b"],
    ]
    assert layers.StringLookup(
        vocabulary=["[UNK]", *VOCAB]
    ).get_vocabulary() == ["[UNK]", *VOCAB]


def test_string_lookup_vocabulary_file(tmp_path):
    path = tmp_path / "vocab.txt"
    path.write_text("a\nb\nc\n", encoding="utf-8")
    layer = layers.StringLookup(vocabulary=str(path))
    assert _np(layer(["c", "x"])).tolist() == [3, 0]
    assert layer.get_vocabulary() == ["[UNK]", "a", "b", "c"]


def test_string_lookup_errors(tmp_path):
    with pytest.raises(ValueError, match="output_mode='bad'"):
        layers.StringLookup(output_mode="bad")
    with pytest.raises(ValueError, match="repeated tokens.*'a'"):
        layers.StringLookup(vocabulary=["a", "b", "a"])
    with pytest.raises(ValueError, match="OOV token '\\[UNK\\]'"):
        layers.StringLookup(vocabulary=["a", "[UNK]"], invert=True)
    with pytest.raises(ValueError, match="mask token ''"):
        layers.StringLookup(vocabulary=["a", ""], mask_token="")
    missing = os.path.join(str(tmp_path), "missing.txt")
    with pytest.raises(ValueError, match="missing.txt does not exist"):
        layers.StringLookup(vocabulary=missing)
    with pytest.raises(TypeError, match="float"):
        layers.StringLookup(vocabulary=VOCAB)(np.array([1.5, 2.0]))
    with pytest.raises(TypeError, match="float"):
        layers.StringLookup().adapt(np.array([1.5, 2.0]))
    with pytest.raises(ValueError, match="no tokens"):
        layers.StringLookup().adapt(np.array([], dtype=str))
    with pytest.raises(ValueError, match="empty vocabulary"):
        layers.StringLookup(vocabulary=[])
    with pytest.raises(ValueError, match="max_tokens=3"):
        layers.StringLookup(vocabulary=VOCAB, max_tokens=3)
    with pytest.raises(ValueError, match="num_oov_indices=0"):
        layers.StringLookup(vocabulary=VOCAB, num_oov_indices=0)(["z"])
    with pytest.raises(ValueError, match="Cannot adapt"):
        layers.StringLookup(vocabulary=VOCAB).adapt(["a"])


def test_string_lookup_roundtrip_adapted(tmp_path):
    layer = layers.StringLookup(output_mode="tf_idf")
    layer.adapt([["x", "y", "y"], ["z", "y"]])
    new, store, assets = roundtrip(layer, tmp_path)
    assert sorted(store) == ["idf_weights"]
    assert assets == ["vocabulary.txt"]
    config = layer.get_config()
    assert "vocabulary_dtype" not in config
    assert config["encoding"] == "utf-8"
    assert new.get_vocabulary() == layer.get_vocabulary()
    np.testing.assert_allclose(_np(new([["y", "q"]])), _np(layer([["y", "q"]])))


def test_string_lookup_roundtrip_vocabulary_in_config(tmp_path):
    layer = layers.StringLookup(vocabulary=VOCAB, mask_token="")
    new, store, assets = roundtrip(layer, tmp_path)
    assert store == {}
    assert assets == []
    assert new.get_vocabulary() == layer.get_vocabulary()
    restored = kerata.saving.deserialize_keras_object(
        kerata.saving.serialize_keras_object(layer)
    )
    assert _np(restored(["", "d"])).tolist() == [0, 5]
