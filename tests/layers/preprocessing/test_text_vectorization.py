import sys

import numpy as np
import pytest

import kerata
from kerata import layers
from tests.layers.preprocessing._roundtrip import roundtrip

TEXTS = ["The cat sat.", "The dog ran!", "A cat, a dog"]


def _np(x):
    return kerata.ops.convert_to_numpy(x)


def _tokens(text):
    """Reference standardize + whitespace split."""
    text = text.lower()
    for ch in "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~'":
        text = text.replace(ch, "")
    return text.split()


def test_text_vectorization_adapt_and_int_output():
    layer = layers.TextVectorization()
    layer.adapt(TEXTS)
    docs = [_tokens(t) for t in TEXTS]
    counts = {}
    for d in docs:
        for t in d:
            counts[t] = counts.get(t, 0) + 1
    expected = sorted(counts, key=lambda t: (counts[t], t), reverse=True)
    assert layer.get_vocabulary() == ["", "[UNK]", *expected]
    index = {t: i for i, t in enumerate(layer.get_vocabulary())}
    out = layer(["the cat flew", "dog"])
    assert _np(out).tolist() == [
        [index["the"], index["cat"], 1],
        [index["dog"], 0, 0],
    ]
    assert str(_np(out).dtype) == "int64"


def test_text_vectorization_keras_example():
    layer = layers.TextVectorization(
        max_tokens=5000,
        output_sequence_length=4,
        vocabulary=["earth", "wind", "and", "fire"],
    )
    out = layer(np.array([["earth wind and also fire"], ["fire"]]))
    assert _np(out).tolist() == [[2, 3, 4, 1], [5, 0, 0, 0]]


def test_text_vectorization_counts_and_ngrams():
    layer = layers.TextVectorization(output_mode="count", ngrams=2)
    layer.adapt(["a b a", "b c"])
    vocab = layer.get_vocabulary()
    assert {"a b", "b a", "b c"} <= set(vocab)
    out = _np(layer(["a b a b", "zz"]))
    expected = np.zeros((2, len(vocab)))
    for token in ["a", "b", "a", "b", "a b", "b a", "a b"]:
        expected[0, vocab.index(token)] += 1
    expected[1, 0] = 1
    np.testing.assert_array_equal(out, expected)
    multi = layers.TextVectorization(
        output_mode="multi_hot",
        vocabulary=["x", "y"],
        pad_to_max_tokens=True,
        max_tokens=5,
    )
    assert _np(multi(["x x q"])).tolist() == [[1, 1, 0, 0, 0]]


def test_text_vectorization_tf_idf():
    layer = layers.TextVectorization(output_mode="tf_idf")
    layer.adapt(["a a b", "b c"])
    vocab = layer.get_vocabulary()
    df = {"a": 1, "b": 2, "c": 1}
    idf = {t: np.log(1 + 2 / (1 + n)) for t, n in df.items()}
    out = _np(layer(["a a c"]))[0]
    assert out[vocab.index("a")] == pytest.approx(2 * idf["a"], rel=1e-6)
    assert out[vocab.index("c")] == pytest.approx(idf["c"], rel=1e-6)
    assert out[vocab.index("b")] == 0.0


def test_text_vectorization_standardize_and_split_options():
    chars = layers.TextVectorization(split="character", standardize=None)
    chars.adapt(["abca"])
    assert chars.get_vocabulary() == ["", "[UNK]", "a", "c", "b"]
    assert _np(chars(["ab", "cax"])).tolist() == [[2, 4, 0], [3, 2, 1]]
    custom = layers.TextVectorization(
        standardize=lambda x: np.char.upper(x.astype(str)),
        split=lambda x: [s.split("-") for s in x],
        vocabulary=["A", "B"],
    )
    assert _np(custom(["a-b-c"])).tolist() == [[2, 3, 1]]
    whole = layers.TextVectorization(split=None, vocabulary=["hi there"])
    assert _np(whole(["Hi there!", "x"])).tolist() == [[2], [1]]


def test_text_vectorization_vocabulary_file(tmp_path):
    path = tmp_path / "vocab.txt"
    path.write_text("sun\nmoon\n", encoding="utf-8")
    layer = layers.TextVectorization()
    layer.set_vocabulary(str(path))
    assert layer.get_vocabulary() == ["", "[UNK]", "sun", "moon"]
    assert _np(layer(["Moon, sun... stars"])).tolist() == [[3, 2, 1]]


def test_text_vectorization_symbolic_shapes():
    text = kerata.Input(shape=(1,), dtype="string")
    ints = layers.TextVectorization(output_sequence_length=7)(text)
    counts = layers.TextVectorization(output_mode="count", vocabulary=["a"])(
        text
    )
    assert tuple(ints.shape) == (None, 7)
    assert tuple(counts.shape) == (None, 2)


def test_text_vectorization_errors(tmp_path):
    with pytest.raises(ValueError, match="output_mode='bad'"):
        layers.TextVectorization(output_mode="bad")
    with pytest.raises(ValueError, match="standardize='upper'"):
        layers.TextVectorization(standardize="upper")
    with pytest.raises(ValueError, match="output_sequence_length"):
        layers.TextVectorization(output_mode="count", output_sequence_length=3)
    with pytest.raises(ValueError, match="no tokens"):
        layers.TextVectorization().adapt(["", "  "])
    with pytest.raises(ValueError, match="empty iterable"):
        layers.TextVectorization().adapt(iter([]))
    with pytest.raises(TypeError, match="strings"):
        layers.TextVectorization(vocabulary=["a"])(np.array([1.0]))
    with pytest.raises(ValueError, match="nope.txt does not exist"):
        layers.TextVectorization(vocabulary=str(tmp_path / "nope.txt"))
    with pytest.raises(ValueError, match="shape"):
        layers.TextVectorization(vocabulary=["a"])(np.array([["a", "b"]]))


def test_text_vectorization_roundtrip(tmp_path):
    layer = layers.TextVectorization(output_mode="tf_idf", ngrams=(1, 2))
    layer.adapt(TEXTS)
    new, store, assets = roundtrip(layer, tmp_path)
    assert sorted(store) == ["idf_weights"]
    assert assets == ["vocabulary.txt"]
    assert new.get_vocabulary() == layer.get_vocabulary()
    np.testing.assert_allclose(_np(new(TEXTS)), _np(layer(TEXTS)))
    config = layer.get_config()
    assert config["vocabulary_size"] == layer.vocabulary_size()
    assert config["ngrams"] == (1, 2)
    assert config["vocabulary"] is None
    given = layers.TextVectorization(vocabulary=["x", "y"])
    restored = kerata.saving.deserialize_keras_object(
        kerata.saving.serialize_keras_object(given)
    )
    assert restored.get_vocabulary() == ["", "[UNK]", "x", "y"]


@pytest.mark.requires_trainable_backend
def test_text_vectorization_feeds_embedding_model():
    vectorizer = layers.TextVectorization(output_sequence_length=5)
    vectorizer.adapt(TEXTS)
    x = _np(vectorizer(TEXTS))
    model = kerata.Sequential(
        [
            kerata.Input(shape=(5,), dtype="int64"),
            layers.Embedding(vectorizer.vocabulary_size(), 4),
            layers.GlobalAveragePooling1D(),
            layers.Dense(1),
        ]
    )
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(x, np.ones((3, 1)), epochs=1, batch_size=3, verbose=0)
    assert len(history.history["loss"]) == 1


def test_preprocessing_layers_do_not_import_tensorflow(monkeypatch):
    had_tensorflow = "tensorflow" in sys.modules
    # A None entry makes any `import tensorflow` raise ImportError.
    monkeypatch.setitem(sys.modules, "tensorflow", None)
    t = layers.TextVectorization(output_mode="tf_idf")
    t.adapt(["a b", "b c"])
    t(["a c"])
    layers.StringLookup(vocabulary=["a"])(["a"])
    layers.IntegerLookup(vocabulary=[3])([3])
    layers.Hashing(3, salt=1)(["a"])
    layers.HashedCrossing(3)((np.array([1]), np.array(["a"])))
    layers.Normalization().adapt(np.ones((2, 2)))
    layers.Discretization(num_bins=2).adapt(np.arange(4.0))
    layers.CategoryEncoding(2)([0])
    monkeypatch.undo()
    assert ("tensorflow" in sys.modules) == had_tensorflow
