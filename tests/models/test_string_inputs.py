"""Models whose inputs are text: strings stay NumPy until a text
preprocessing layer turns them into numbers, in call, predict, fit and
through a `.keras` round trip (vocabularies saved as assets)."""

import os
import zipfile

import numpy as np
import pytest

import kerata
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if

_TEXT = np.array(
    [["the cat sat"], ["a dog ran"], ["the dog sat"], ["a cat ran"]] * 2
)
_LABELS = np.array([0, 1, 0, 1] * 2, "float32")


def _text_model():
    vectorize = kerata.layers.TextVectorization(
        max_tokens=20, output_mode="multi_hot"
    )
    vectorize.adapt(_TEXT)
    inputs = kerata.Input((1,), dtype="string")
    outputs = kerata.layers.Dense(1, activation="sigmoid")(vectorize(inputs))
    return kerata.Model(inputs, outputs)


def test_functional_model_on_strings_predicts():
    model = _text_model()
    direct = kerata.ops.convert_to_numpy(model(_TEXT))
    assert direct.shape == (8, 1)
    assert_allclose(model.predict(_TEXT, batch_size=3, verbose=0), direct)


@run_if(trainable=True)
def test_fit_on_string_inputs():
    model = _text_model()
    model.compile(optimizer="adam", loss="binary_crossentropy")
    history = model.fit(_TEXT, _LABELS, epochs=2, batch_size=4, verbose=0)
    assert len(history.history["loss"]) == 2


def test_keras_archive_keeps_vocabulary(tmp_path):
    path = str(tmp_path / "text.keras")
    model = _text_model()
    model.save(path)
    with zipfile.ZipFile(path) as archive:
        assert any(n.endswith("vocabulary.txt") for n in archive.namelist())
    restored = kerata.models.load_model(path)
    assert_allclose(
        restored.predict(_TEXT, verbose=0), model.predict(_TEXT, verbose=0)
    )


def test_sequential_string_lookup_round_trip(tmp_path):
    path = os.path.join(str(tmp_path), "lookup.keras")
    model = kerata.Sequential(
        [
            kerata.Input((2,), dtype="string"),
            kerata.layers.StringLookup(vocabulary=["a", "b", "c"]),
        ]
    )
    model.save(path)
    restored = kerata.models.load_model(path)
    got = restored.predict(np.array([["a", "c"], ["z", "b"]]), verbose=0)
    assert np.asarray(got).tolist() == [[1, 3], [0, 2]]


def test_string_input_rejected_by_numeric_layer():
    model = kerata.Sequential([kerata.Input((2,)), kerata.layers.Dense(1)])
    with pytest.raises((TypeError, ValueError)):
        model.predict(np.array([["a", "b"]]), verbose=0)
