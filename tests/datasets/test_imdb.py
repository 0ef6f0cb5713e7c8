import io
import json
import os
import sys

import numpy as np
import pytest

from kerata import datasets
from kerata.src import backend


def _ragged(sequences):
    sequences = list(sequences)
    array = np.empty(len(sequences), dtype=object)
    for i, sequence in enumerate(sequences):
        array[i] = list(sequence)
    return array


def _imdb_npz(seed=0, n=12):
    rng = np.random.default_rng(seed)
    arrays = {}
    for split in ("train", "test"):
        lengths = rng.integers(1, 9, n)
        arrays[f"x_{split}"] = _ragged(
            rng.integers(1, 30, k).tolist() for k in lengths
        )
        arrays[f"y_{split}"] = rng.integers(0, 2, n)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


@pytest.fixture
def imdb_file(tmp_path):
    path = tmp_path / "imdb.npz"
    path.write_bytes(_imdb_npz())
    return str(path)


def test_downloads_and_returns_ragged_sequences(mirror):
    mirror.add("imdb.npz", _imdb_npz())
    (x_train, y_train), (x_test, y_test) = datasets.imdb.load_data()
    assert x_train.shape == (12,)
    assert x_train.dtype == object
    assert x_test.shape == (12,)
    assert y_test.shape == (12,)
    assert y_train.dtype == np.int64
    assert all(x[0] == 1 and isinstance(x, list) for x in x_train)
    datasets.imdb.load_data(num_words=10)
    assert mirror.server.requests == ["imdb.npz"]


def test_word_index(mirror):
    index = {"the": 1, "movie": 2, "été": 3}
    mirror.add("imdb_word_index.json", json.dumps(index).encode())
    assert datasets.imdb.get_word_index() == index


def test_equal_lengths_still_give_one_dimensional_arrays(tmp_path):
    path = tmp_path / "imdb.npz"
    x = _ragged([[4, 5], [6, 7]])
    np.savez(path, x_train=x, y_train=np.array([0, 1]), x_test=x,
             y_test=np.array([1, 0]))  # fmt: skip
    (x_train, _), _ = datasets.imdb.load_data(path=str(path))
    assert x_train.shape == (2,)


def test_maxlen_that_keeps_nothing_raises(imdb_file):
    with pytest.raises(ValueError, match="maxlen=1"):
        datasets.imdb.load_data(path=imdb_file, maxlen=1)


@pytest.fixture(scope="module")
def keras():
    if "keras" not in sys.modules:
        os.environ["KERAS_BACKEND"] = backend.backend()
    return pytest.importorskip("keras")


OPTIONS = [
    {},
    {"num_words": 12, "skip_top": 3, "seed": 7},
    {"maxlen": 6, "oov_char": None, "index_from": 2},
    {"start_char": None, "index_from": 0, "num_words": 20},
]


@pytest.mark.parity
@pytest.mark.parametrize("options", OPTIONS)
def test_matches_keras(keras, monkeypatch, imdb_file, options):
    from keras.src.datasets import imdb as keras_imdb

    monkeypatch.setattr(keras_imdb, "get_file", lambda *a, **k: imdb_file)
    expected = keras_imdb.load_data(**options)
    received = datasets.imdb.load_data(path=imdb_file, **options)
    for (x, y), (x_ref, y_ref) in zip(received, expected):
        assert x.tolist() == [list(seq) for seq in x_ref]
        np.testing.assert_array_equal(y, y_ref)
        assert y.dtype == y_ref.dtype
