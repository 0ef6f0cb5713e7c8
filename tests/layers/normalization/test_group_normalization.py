"""GroupNormalization: numerics against NumPy and torch.nn.GroupNorm,
channel axes, shapes, masks, configs and training."""

import numpy as np
import pytest

import kerata
from kerata import layers
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if
from kerata.src.testing.reference import layers_normalization as reference
from tests.layers.core.helpers import get_mask
from tests.layers.core.helpers import symbolic_shape
from tests.layers.normalization.keras_oracle import assert_same_config
from tests.layers.normalization.keras_oracle import keras  # noqa: F401
from tests.layers.normalization.keras_oracle import random

TOL = {"rtol": 1e-5, "atol": 1e-5}


def _weights(layer, shape):
    layer.build(shape)
    weights = [
        random(*w.shape, seed=i + 1) for i, w in enumerate(layer.weights)
    ]
    layer.set_weights(weights)
    return weights


@pytest.mark.parametrize(
    ("groups", "axis", "shape"),
    [
        (3, -1, (2, 5, 6)),
        (1, -1, (2, 3, 3, 4)),
        (-1, -1, (2, 3, 4)),
        (2, -3, (2, 4, 3, 3)),
    ],
)
def test_matches_reference(groups, axis, shape):
    layer = layers.GroupNormalization(groups=groups, axis=axis)
    gamma, beta = _weights(layer, shape)
    x = random(*shape, seed=9) * 3 + 1
    channels = shape[axis]
    expected = reference.group_normalization(
        x, channels if groups == -1 else groups, gamma, beta, axis
    )
    assert_allclose(layer(x), expected, **TOL)
    assert layer.groups == (channels if groups == -1 else groups)


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@run_if(backends=("torch",))
def test_matches_torch_group_norm(data_format):
    import torch

    module = torch.nn.GroupNorm(2, 6, eps=1e-3)
    with torch.no_grad():
        module.weight.copy_(torch.linspace(0.5, 2.0, 6))
        module.bias.copy_(torch.linspace(-1.0, 1.0, 6))
    x = random(2, 6, 4, 5, seed=3)  # torch: channels first
    expected = module(torch.from_numpy(x)).detach().numpy()
    axis = 1 if data_format == "channels_first" else -1
    layer = layers.GroupNormalization(groups=2, axis=axis)
    if axis == -1:
        x = np.moveaxis(x, 1, -1)
        expected = np.moveaxis(expected, 1, -1)
    layer.build(x.shape)
    layer.set_weights(
        [module.weight.detach().numpy(), module.bias.detach().numpy()]
    )
    assert_allclose(layer(x), expected, **TOL)


def test_center_scale_off_has_no_weights():
    layer = layers.GroupNormalization(groups=2, center=False, scale=False)
    x = random(2, 4, seed=1)
    assert_allclose(layer(x), reference.group_normalization(x, 2), **TOL)
    assert layer.weights == []


def test_half_precision_input_computes_in_float32():
    layer = layers.GroupNormalization(groups=2, dtype="float16")
    x = random(2, 4, seed=1)
    out = layer(x.astype("float16"))
    assert kerata.ops.convert_to_numpy(out).dtype == np.float16
    expected = reference.group_normalization(x.astype("float16"), 2)
    assert_allclose(out, expected, rtol=1e-2, atol=1e-2)


def test_symbolic_shape_and_mask_pass_through():
    layer = layers.GroupNormalization(groups=2)
    assert symbolic_shape(layer, (None, 5, 4)) == (None, 5, 4)
    ids = np.array([[1, 0, 2]], "int32")
    embedded = layers.Embedding(3, 4, mask_zero=True)(ids)
    out = layers.GroupNormalization(groups=2)(embedded)
    assert get_mask(out).tolist() == [[True, False, True]]


def test_config_round_trip():
    layer = layers.GroupNormalization(
        groups=2, axis=1, epsilon=1e-5, center=False, gamma_regularizer="l2"
    )
    config = layer.get_config()
    clone = layers.GroupNormalization.from_config(config)
    assert clone.get_config() == {**config, "name": clone.name}
    x = random(2, 4, 3, seed=2)
    _weights(layer, x.shape)
    clone.build(x.shape)
    clone.set_weights(layer.get_weights())
    assert_allclose(clone(x), layer(x))


@pytest.mark.parametrize("groups", [0, -2, 1.5, True])
def test_rejects_invalid_groups(groups):
    with pytest.raises(ValueError, match="groups"):
        layers.GroupNormalization(groups=groups)


def test_rejects_groups_not_dividing_channels():
    with pytest.raises(ValueError, match="divide"):
        layers.GroupNormalization(groups=3)(random(2, 4))
    with pytest.raises(ValueError, match="divide"):
        layers.GroupNormalization(groups=8)(random(2, 4))


@pytest.mark.requires_trainable_backend
def test_trains_in_a_model():
    model = kerata.Sequential(
        [
            kerata.Input((4, 4)),
            layers.GroupNormalization(groups=2),
            layers.Flatten(),
            layers.Dense(1),
        ]
    )
    model.compile(optimizer="sgd", loss="mse")
    x = random(16, 4, 4, seed=4)
    y = x.sum(axis=(1, 2))[:, None]
    history = model.fit(x, y, epochs=3, batch_size=8, verbose=0)
    losses = history.history["loss"]
    assert np.isfinite(losses).all()
    assert losses[-1] < losses[0]


@pytest.mark.parity
@pytest.mark.parametrize(
    ("kwargs", "shape"),
    [({"groups": 2}, (2, 3, 4)), ({"groups": 3, "axis": 1}, (2, 6, 2, 2))],
)
def test_matches_keras(keras, kwargs, shape):  # noqa: F811
    ours = layers.GroupNormalization(**kwargs)
    theirs = keras.layers.GroupNormalization(**kwargs)
    weights = _weights(ours, shape)
    theirs.build(shape)
    theirs.set_weights(weights)
    x = random(*shape, seed=5)
    assert_allclose(ours(x), keras.ops.convert_to_numpy(theirs(x)), **TOL)
    assert_same_config(ours, theirs)
