import io
import json
import os
import sys

import numpy as np
import pytest

from kerata import datasets
from kerata.src import backend
from tests.datasets.test_imdb import _ragged


def _reuters_npz(seed=0, n=20):
    rng = np.random.default_rng(seed)
    lengths = rng.integers(1, 9, n)
    x = _ragged(rng.integers(1, 30, k).tolist() for k in lengths)
    buffer = io.BytesIO()
    np.savez(buffer, x=x, y=rng.integers(0, 46, n))
    return buffer.getvalue()


@pytest.fixture
def reuters_file(tmp_path):
    path = tmp_path / "reuters.npz"
    path.write_bytes(_reuters_npz())
    return str(path)


def test_downloads_and_splits(mirror):
    mirror.add("reuters.npz", _reuters_npz())
    (x_train, y_train), (x_test, y_test) = datasets.reuters.load_data()
    assert x_train.shape == (16,)
    assert x_test.shape == (4,)
    assert x_train.dtype == object
    assert y_train.dtype == np.int64
    (x_train, _), (x_test, _) = datasets.reuters.load_data(test_split=0.5)
    assert len(x_train) == len(x_test) == 10
    assert mirror.server.requests == ["reuters.npz"]


def test_word_index_and_label_names(mirror):
    mirror.add("reuters_word_index.json", json.dumps({"the": 1}).encode())
    assert datasets.reuters.get_word_index() == {"the": 1}
    names = datasets.reuters.get_label_names()
    assert len(names) == 46
    assert names[:3] == ("cocoa", "grain", "veg-oil")


@pytest.fixture(scope="module")
def keras():
    if "keras" not in sys.modules:
        os.environ["KERAS_BACKEND"] = backend.backend()
    return pytest.importorskip("keras")


OPTIONS = [
    {},
    {"num_words": 12, "skip_top": 2, "test_split": 0.3, "seed": 5},
    {"maxlen": 5, "oov_char": None},
]


@pytest.mark.parity
@pytest.mark.parametrize("options", OPTIONS)
def test_matches_keras(keras, monkeypatch, reuters_file, options):
    from keras.src.datasets import reuters as keras_reuters

    monkeypatch.setattr(keras_reuters, "get_file", lambda *a, **k: reuters_file)
    expected = keras_reuters.load_data(**options)
    received = datasets.reuters.load_data(path=reuters_file, **options)
    for (x, y), (x_ref, y_ref) in zip(received, expected):
        assert x.tolist() == [list(seq) for seq in x_ref]
        np.testing.assert_array_equal(y, y_ref)
    assert datasets.reuters.get_label_names() == tuple(
        keras_reuters.get_label_names()
    )
