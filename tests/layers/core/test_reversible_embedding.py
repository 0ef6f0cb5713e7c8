"""ReversibleEmbedding: forward and reverse numerics against NumPy, tied
and separate weights, soft cap, masks, shapes, config, training, errors
and Keras parity."""

import os
import sys

import numpy as np
import pytest

import kerata
from kerata.src import backend
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if
from tests.layers.core.helpers import get_mask
from tests.layers.core.helpers import to_np

IDS = np.array([[1, 2, 0], [4, 0, 3]], dtype="int32")


def _random(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


def _layer(**kwargs):
    layer = kerata.layers.ReversibleEmbedding(5, 3, **kwargs)
    layer.build()
    weights = [_random(*w.shape, seed=i) for i, w in enumerate(layer.weights)]
    layer.set_weights(weights)
    return layer, weights


def test_forward_call_is_an_embedding():
    layer, (table,) = _layer()
    assert_allclose(layer(IDS), table[IDS])
    assert isinstance(layer, kerata.layers.Embedding)


@pytest.mark.parametrize("tie_weights", [True, False])
def test_reverse_call_matches_reference(tie_weights):
    layer, weights = _layer(tie_weights=tie_weights)
    kernel = weights[0].T if tie_weights else weights[1]
    hidden = _random(2, 4, 3, seed=7)
    assert_allclose(layer(hidden, reverse=True), hidden @ kernel, rtol=1e-5)
    names = [w.name for w in layer.weights]
    expected = ["embeddings"] + ([] if tie_weights else ["reverse_embeddings"])
    assert names == expected
    if not tie_weights:
        assert tuple(layer.reverse_embeddings.shape) == (3, 5)


def test_weights_argument():
    table, reverse = _random(5, 3), _random(3, 5, seed=1)
    layer = kerata.layers.ReversibleEmbedding(
        5, 3, tie_weights=False, weights=[table, reverse]
    )
    assert layer.built
    assert_allclose(layer.reverse_embeddings, reverse)
    tied = kerata.layers.ReversibleEmbedding(5, 3, weights=table)
    assert_allclose(tied.embeddings, table)


def test_logit_soft_cap_and_reverse_dtype():
    layer, (table,) = _layer(logit_soft_cap=0.5, reverse_dtype="float64")
    hidden = _random(2, 3, seed=3)
    out = layer(hidden, reverse=True)
    assert kerata.ops.dtype(out) == "float64"
    expected = 0.5 * np.tanh((hidden.astype("float64") @ table.T) / 0.5)
    assert_allclose(out, expected, rtol=1e-6)
    assert np.abs(to_np(out)).max() < 0.5


def test_mask_only_on_the_forward_call():
    layer, _ = _layer(mask_zero=True)
    out = layer(IDS)
    assert get_mask(out).tolist() == (IDS != 0).tolist()
    assert layer.compute_mask(IDS) is None
    assert get_mask(layer(to_np(out), reverse=True)) is None


def test_symbolic_shapes():
    layer = kerata.layers.ReversibleEmbedding(5, 3, tie_weights=False)
    ids = kerata.KerasTensor((None, 7), dtype="int32")
    hidden = layer(ids)
    assert hidden.shape == (None, 7, 3)
    assert layer(hidden, reverse=True).shape == (None, 7, 5)
    assert layer.compute_output_shape((2, 4, 3), reverse=True) == (2, 4, 5)


def test_config_round_trip():
    layer, weights = _layer(
        tie_weights=False, logit_soft_cap=2.0, reverse_dtype="float32"
    )
    config = layer.get_config()
    for key, value in (
        ("tie_weights", False),
        ("logit_soft_cap", 2.0),
        ("reverse_dtype", "float32"),
        ("input_dim", 5),
    ):
        assert config[key] == value
    clone = kerata.layers.ReversibleEmbedding.from_config(config)
    clone.build()
    clone.set_weights(weights)
    hidden = _random(2, 3, seed=1)
    assert_allclose(clone(hidden, reverse=True), layer(hidden, reverse=True))
    assert clone.get_config() == config


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"logit_soft_cap": 0}, ValueError),
        ({"logit_soft_cap": "big"}, ValueError),
        ({"tie_weights": "yes"}, TypeError),
    ],
)
def test_bad_arguments(kwargs, error):
    with pytest.raises(error, match=next(iter(kwargs))):
        kerata.layers.ReversibleEmbedding(5, 3, **kwargs)


@run_if(trainable=True)
def test_fit_trains_the_tied_matrix():
    layer = kerata.layers.ReversibleEmbedding(6, 4)
    ids = kerata.Input(shape=(3,), dtype="int32")
    logits = layer(layer(ids), reverse=True)
    model = kerata.Model(ids, logits)
    model.compile(
        optimizer=kerata.optimizers.SGD(0.5),
        loss=kerata.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    x = np.array([[1, 2, 3], [4, 5, 0]] * 4, dtype="int32")
    before = layer.get_weights()[0]
    history = model.fit(x, x, batch_size=8, epochs=3, verbose=0)
    losses = history.history["loss"]
    assert losses[-1] < losses[0]
    assert not np.allclose(layer.get_weights()[0], before)
    assert len(model.trainable_weights) == 1


# --- Keras parity ---------------------------------------------------------


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


@pytest.mark.parity
def test_matches_keras(keras):
    kwargs = {"tie_weights": False, "logit_soft_cap": 1.5, "mask_zero": True}
    theirs = keras.layers.ReversibleEmbedding(5, 3, **kwargs)
    theirs.build()
    weights = [_random(*w.shape, seed=i) for i, w in enumerate(theirs.weights)]
    theirs.set_weights(weights)
    ours = kerata.layers.ReversibleEmbedding(5, 3, **kwargs)
    ours.build()
    ours.set_weights(weights)
    hidden = _random(2, 3, seed=5)
    expected = keras.ops.convert_to_numpy(theirs(hidden, reverse=True))
    assert_allclose(ours(hidden, reverse=True), expected, rtol=1e-5)
    skip = ("name", "dtype")
    config = ours.get_config()
    their_config = theirs.get_config()
    assert {k: v for k, v in config.items() if k not in skip} == {
        k: v for k, v in their_config.items() if k not in skip
    }
    assert not keras.layers.ReversibleEmbedding.from_config(config).tie_weights
    assert ours.from_config(their_config).logit_soft_cap == 1.5
