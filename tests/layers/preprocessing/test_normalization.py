import os
import sys

import numpy as np
import pytest

import kerata
from kerata import layers
from kerata.src.testing import assert_allclose
from tests.layers.preprocessing._roundtrip import roundtrip


def _reference(x, mean, var, invert=False):
    scale = np.maximum(np.sqrt(var), 1e-7)
    return mean + x * scale if invert else (x - mean) / scale


def test_normalization_adapt_matches_numpy():
    x = np.random.default_rng(0).normal(3, 2, (20, 3)).astype("float32")
    layer = layers.Normalization()
    layer.adapt(x)
    assert_allclose(layer(x), _reference(x, x.mean(0), x.var(0)), atol=1e-5)
    assert int(kerata.ops.convert_to_numpy(layer.count)) == 20


def test_normalization_adapt_from_batches_equals_whole():
    x = np.random.default_rng(1).uniform(-1, 5, (12, 2, 3)).astype("float32")
    layer = layers.Normalization(axis=(1, 2))
    layer.adapt(iter([x[:5], x[5:9], x[9:]]))
    mean, var = x.mean(0), x.var(0)
    assert_allclose(layer.adapt_mean, mean, atol=1e-5)
    assert_allclose(layer.adapt_variance, var, atol=1e-5)
    assert_allclose(layer(x), _reference(x, mean, var), atol=1e-4)


def test_normalization_axis_none_and_invert():
    x = np.array([[1.0, 2.0], [3.0, 4.0]], "float32")
    layer = layers.Normalization(axis=None)
    layer.adapt(x)
    out = layer(x)
    assert_allclose(out, _reference(x, x.mean(), x.var()))
    inverse = layers.Normalization(
        axis=None, mean=x.mean(), variance=x.var(), invert=True
    )
    assert_allclose(inverse(out), x, atol=1e-5)


def test_normalization_given_mean_and_variance():
    layer = layers.Normalization(mean=[1.0, 2.0], variance=[4.0, 9.0])
    x = np.array([[3.0, 8.0]], "float32")
    assert_allclose(layer(x), [[1.0, 2.0]])
    assert layer.weights == []


def test_normalization_errors():
    with pytest.raises(ValueError, match="both"):
        layers.Normalization(mean=1.0)
    with pytest.raises(ValueError, match="empty"):
        layers.Normalization().adapt(np.zeros((0, 3)))
    with pytest.raises(ValueError, match="empty iterable"):
        layers.Normalization().adapt([])
    with pytest.raises(TypeError, match="numeric"):
        layers.Normalization().adapt(np.array([["a"]]))
    layer = layers.Normalization()
    layer.adapt(np.ones((2, 3)))
    with pytest.raises(ValueError, match="shape"):
        layer.adapt(np.ones((2, 4)))


def test_normalization_roundtrip(tmp_path):
    x = np.random.default_rng(2).normal(size=(8, 3)).astype("float32")
    layer = layers.Normalization()
    layer.adapt(x)
    new, store, assets = roundtrip(layer, tmp_path)
    assert sorted(store) == ["0", "1", "2"]
    assert assets == []
    assert set(layer.get_config()) >= {"axis", "invert", "mean", "variance"}
    assert_allclose(new(x), layer(x))
    restored = kerata.saving.deserialize_keras_object(
        kerata.saving.serialize_keras_object(
            layers.Normalization(mean=[1.0], variance=[4.0])
        )
    )
    assert_allclose(restored(np.array([[3.0]])), [[1.0]])


def test_normalization_in_model_predicts():
    model = kerata.Sequential(
        [
            kerata.Input(shape=(2,)),
            layers.Normalization(mean=[1.0, 1.0], variance=[1.0, 4.0]),
        ]
    )
    out = model.predict(np.array([[2.0, 3.0]], "float32"), verbose=0)
    assert_allclose(out, [[1.0, 1.0]])


@pytest.mark.requires_trainable_backend
def test_normalization_then_dense_fits():
    x = np.random.default_rng(3).normal(5, 3, (16, 3)).astype("float32")
    y = x.sum(axis=1, keepdims=True)
    norm = layers.Normalization()
    norm.adapt(x)
    model = kerata.Sequential([kerata.Input(shape=(3,)), norm, layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(x, y, epochs=2, batch_size=16, verbose=0)
    assert len(history.history["loss"]) == 2
    assert len(model.trainable_weights) == 2


@pytest.mark.parity
@pytest.mark.slow
def test_normalization_loads_keras_state():
    if "keras" not in sys.modules:
        os.environ["KERAS_BACKEND"] = kerata.src.backend.backend()
    keras = pytest.importorskip("keras")
    if keras.backend.backend() != kerata.src.backend.backend():
        pytest.skip("keras runs on another backend in this process")
    x = np.random.default_rng(5).normal(2, 3, (10, 3)).astype("float32")
    theirs = keras.layers.Normalization()
    theirs.adapt(x)
    store = {}
    theirs.save_own_variables(store)
    store = {k: keras.ops.convert_to_numpy(v) for k, v in store.items()}
    ours = layers.Normalization.from_config(theirs.get_config())
    ours.build_from_config(theirs.get_build_config())
    ours.load_own_variables(store)
    assert_allclose(ours(x), keras.ops.convert_to_numpy(theirs(x)), atol=1e-5)
