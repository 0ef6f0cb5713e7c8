"""Recurrent layers against Keras 3: the same weights give the same
outputs and states (masks included), and configs load both ways.

Skipped when keras is not installed or was imported with another backend.
"""

import os
import sys

import numpy as np
import pytest

import kerata
from kerata.src import backend
from kerata.src.testing import assert_allclose
from tests.layers.rnn.helpers import random
from tests.layers.rnn.helpers import right_padded_mask

pytestmark = pytest.mark.parity


@pytest.fixture(scope="module")
def keras():
    if "keras" not in sys.modules:
        os.environ["KERAS_BACKEND"] = backend.backend()
    keras = pytest.importorskip("keras")
    if keras.backend.backend() != backend.backend():
        pytest.skip(
            f"keras was imported with the {keras.backend.backend()!r} "
            f"backend, kerata runs {backend.backend()!r}"
        )
    return keras


MASKS = {
    "none": None,
    "right-padded": right_padded_mask([5, 2, 4], 5),
    "holes": np.array([[1, 0, 1, 1, 0], [0, 1, 1, 0, 1], [1] * 5], bool),
}

CASES = [
    ("LSTM", {"units": 3, "return_sequences": True}),
    ("LSTM", {"units": 3, "go_backwards": True, "return_state": True}),
    ("GRU", {"units": 3, "return_sequences": True, "return_state": True}),
    ("GRU", {"units": 3, "reset_after": False, "go_backwards": True}),
    ("SimpleRNN", {"units": 3, "return_sequences": True}),
    (
        "SimpleRNN",
        {"units": 3, "return_sequences": True, "zero_output_for_mask": True},
    ),
]


def _pair(keras, name, kwargs, shape):
    ours = getattr(kerata.layers, name)(**kwargs)
    zero_output = kwargs.pop("zero_output_for_mask", None)
    theirs = getattr(keras.layers, name)(**kwargs)
    if zero_output is not None:
        theirs.zero_output_for_mask = zero_output
    ours.build(shape)
    theirs.build(shape)
    rng = np.random.default_rng(3)
    weights = [
        (0.5 * rng.standard_normal(w.shape)).astype("float32")
        for w in theirs.weights
    ]
    ours.set_weights(weights)
    theirs.set_weights(weights)
    return ours, theirs


# Each case with one mask, and the first case with all of them.
OUTPUT_CASES = [
    (name, kwargs, mask)
    for i, (name, kwargs) in enumerate(CASES)
    for mask in (MASKS if i == 0 else [list(MASKS)[i % len(MASKS)]])
]


@pytest.mark.parametrize(("name", "kwargs", "mask"), OUTPUT_CASES)
def test_outputs_match_keras(keras, name, kwargs, mask):
    x = random(3, 5, 4)
    ours, theirs = _pair(keras, name, dict(kwargs), x.shape)
    mask = MASKS[mask]
    expected = theirs(x, mask=mask)
    actual = ours(x, mask=mask)
    if isinstance(expected, (list, tuple)):
        assert len(actual) == len(expected)
        for a, e in zip(actual, expected):
            assert_allclose(a, keras.ops.convert_to_numpy(e), atol=1e-5)
    else:
        assert_allclose(actual, keras.ops.convert_to_numpy(expected), atol=1e-5)


@pytest.mark.parametrize(("name", "kwargs"), CASES)
def test_configs_load_both_ways(keras, name, kwargs):
    ours = getattr(kerata.layers, name)(**kwargs)
    kwargs = dict(kwargs)
    kwargs.pop("zero_output_for_mask", None)
    theirs = getattr(keras.layers, name)(**kwargs)
    config = theirs.get_config()
    clone = getattr(kerata.layers, name).from_config(config)
    ours_config = ours.get_config()
    for key, value in config.items():
        if key in ("name", "dtype", "zero_output_for_mask"):
            continue
        assert ours_config[key] == value, key
    assert clone.get_config()["units"] == 3
    getattr(keras.layers, name).from_config(ours_config)


def test_nested_cell_config_loads_in_keras(keras):
    ours = kerata.layers.RNN(
        [kerata.layers.LSTMCell(3), kerata.layers.GRUCell(2)],
        return_sequences=True,
    )
    theirs = keras.layers.RNN.from_config(ours.get_config())
    assert [type(c).__name__ for c in theirs.cell.cells] == [
        "LSTMCell",
        "GRUCell",
    ]
    back = kerata.layers.RNN.from_config(theirs.get_config())
    assert back.cell.cells[1].units == 2


def test_embedding_mask_flows_like_keras(keras):
    tokens = np.array([[4, 2, 0, 0], [1, 3, 3, 0]], "int32")
    models = []
    for api in (kerata, keras):
        models.append(
            api.Sequential(
                [
                    api.Input((4,), dtype="int32"),
                    api.layers.Embedding(6, 3, mask_zero=True),
                    api.layers.LSTM(2, return_sequences=True),
                    api.layers.GRU(2),
                ]
            )
        )
    models[0].set_weights(models[1].get_weights())
    assert_allclose(
        models[0](tokens),
        keras.ops.convert_to_numpy(models[1](tokens)),
        atol=1e-5,
    )
