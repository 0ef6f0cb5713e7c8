"""SpectralNormalization: power iteration against NumPy, the training
update of `vector_u`, wrapped layer kinds, configs and training."""

import numpy as np
import pytest

import kerata
from kerata import layers
from kerata.src.testing import assert_allclose
from kerata.src.testing.reference import layers_normalization as reference
from tests.layers.core.helpers import symbolic_shape
from tests.layers.core.helpers import to_np
from tests.layers.normalization.keras_oracle import assert_same_config
from tests.layers.normalization.keras_oracle import keras  # noqa: F401
from tests.layers.normalization.keras_oracle import random

TOL = {"rtol": 1e-5, "atol": 1e-5}


def _wrapped_dense(power_iterations=1):
    layer = layers.SpectralNormalization(
        layers.Dense(3), power_iterations=power_iterations
    )
    layer.build((None, 4))
    kernel, u, bias = random(4, 3, seed=1), random(1, 3, seed=2), random(3)
    layer.set_weights([kernel, u, bias])
    return layer, kernel, u, bias


def test_inference_uses_the_kernel_as_it_is():
    layer, kernel, u, bias = _wrapped_dense()
    x = random(2, 4, seed=3)
    assert_allclose(layer(x), x @ kernel + bias, **TOL)
    assert_allclose(layer.vector_u, u)
    assert_allclose(layer.layer.kernel, kernel)


@pytest.mark.parametrize("power_iterations", [1, 3])
def test_training_call_matches_reference(power_iterations):
    layer, kernel, u, bias = _wrapped_dense(power_iterations)
    x = random(2, 4, seed=3)
    new_u, new_kernel = reference.spectral_normalization(
        kernel, u, power_iterations
    )
    out = layer(x, training=True)
    assert_allclose(layer.vector_u, new_u, **TOL)
    assert_allclose(layer.layer.kernel, new_kernel, **TOL)
    assert_allclose(out, x @ new_kernel + bias, **TOL)


def test_repeated_training_calls_reach_unit_spectral_norm():
    layer, *_ = _wrapped_dense(power_iterations=5)
    x = random(2, 4, seed=3)
    for _ in range(3):
        layer(x, training=True)
    sigma = np.linalg.svd(to_np(layer.layer.kernel), compute_uv=False)[0]
    assert abs(sigma - 1.0) < 1e-4


def test_zero_kernel_is_left_unchanged():
    layer, _, u, bias = _wrapped_dense()
    layer.set_weights([np.zeros((4, 3), "float32"), u, bias])
    out = layer(random(2, 4), training=True)
    assert_allclose(out, np.broadcast_to(bias, (2, 3)))
    assert_allclose(layer.vector_u, u)
    assert not np.isnan(to_np(layer.layer.kernel)).any()


def test_wraps_conv_and_embedding():
    conv = layers.SpectralNormalization(
        layers.Conv2D(4, 3, kernel_initializer="ones")
    )
    x = random(1, 5, 5, 2)
    assert tuple(conv(x, training=True).shape) == (1, 3, 3, 4)
    assert tuple(conv.vector_u.shape) == (1, 4)
    # A rank-one kernel: one power iteration finds sigma exactly.
    sigma = np.linalg.svd(
        to_np(conv.layer.kernel).reshape(-1, 4), compute_uv=False
    )[0]
    assert abs(sigma - 1.0) < 1e-4
    embedding = layers.SpectralNormalization(
        layers.Embedding(5, 3, embeddings_initializer="ones")
    )
    ids = np.array([[0, 4]], "int32")
    out = to_np(embedding(ids, training=True))
    assert out.shape == (1, 2, 3)
    assert out.dtype == np.float32


def test_weights_shapes_and_symbolic_call():
    layer = layers.SpectralNormalization(layers.Dense(3))
    assert symbolic_shape(layer, (None, 4)) == (None, 3)
    assert [w.name for w in layer.weights] == ["kernel", "vector_u", "bias"]
    assert [w.name for w in layer.non_trainable_weights] == ["vector_u"]


def test_config_round_trip():
    layer = layers.SpectralNormalization(
        layers.Dense(3, activation="relu"), power_iterations=2
    )
    config = layer.get_config()
    assert config["layer"]["class_name"] == "Dense"
    assert config["power_iterations"] == 2
    clone = layers.SpectralNormalization.from_config(config)
    assert isinstance(clone.layer, layers.Dense)
    assert clone.layer.units == 3
    assert clone.get_config() == {**config, "name": clone.name}


def test_rejects_invalid_arguments():
    with pytest.raises(ValueError, match="power_iterations"):
        layers.SpectralNormalization(layers.Dense(2), power_iterations=0)
    with pytest.raises(ValueError, match="layer"):
        layers.SpectralNormalization("dense")
    with pytest.raises(ValueError, match="kernel"):
        layers.SpectralNormalization(layers.Flatten())(random(2, 3))


@pytest.mark.requires_trainable_backend
def test_trains_in_a_model():
    model = kerata.Sequential(
        [
            kerata.Input((4,)),
            layers.SpectralNormalization(layers.Dense(8, activation="relu")),
            layers.Dense(1),
        ]
    )
    model.compile(optimizer="adam", loss="mse")
    x = random(32, 4, seed=4)
    history = model.fit(x, x[:, :1], epochs=4, batch_size=8, verbose=0)
    losses = history.history["loss"]
    assert np.isfinite(losses).all()
    assert losses[-1] < losses[0]


@pytest.mark.parity
@pytest.mark.parametrize("power_iterations", [1, 2])
def test_matches_keras(keras, power_iterations):  # noqa: F811
    ours = layers.SpectralNormalization(
        layers.Dense(3), power_iterations=power_iterations
    )
    theirs = keras.layers.SpectralNormalization(
        keras.layers.Dense(3), power_iterations=power_iterations
    )
    ours.build((2, 4))
    theirs.build((2, 4))
    weights = [random(4, 3, seed=1), random(1, 3, seed=2), random(3)]
    ours.set_weights(weights)
    theirs.set_weights(weights)
    x = random(2, 4, seed=3)
    for training in (False, True, True):
        expected = keras.ops.convert_to_numpy(theirs(x, training=training))
        assert_allclose(ours(x, training=training), expected, **TOL)
    for mine, keras_weight in zip(ours.get_weights(), theirs.get_weights()):
        assert_allclose(mine, keras_weight, **TOL)
    assert_same_config(ours, theirs)
    config = ours.get_config()
    assert config["layer"]["class_name"] == "Dense"
