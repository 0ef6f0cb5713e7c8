"""Conv3D, Conv3DTranspose, DepthwiseConv1D/2D and SeparableConv1D/2D
against Keras 3: same weights give the same outputs, and configs load in
both directions. Skipped when keras is not installed or was imported with
another backend."""

import os
import sys

import numpy as np
import pytest

import kerata
from kerata.src import backend

pytestmark = pytest.mark.parity

# Written differently by design (kerata writes a default dtype policy as a
# plain name).
_SKIP_KEYS = ("name", "dtype")
# Random initializers compile once per shape on JAX (seconds); the output
# test sets the weights anyway.
_ZEROS = {
    "Conv3D": {"kernel_initializer": "zeros"},
    "Conv3DTranspose": {"kernel_initializer": "zeros"},
    "DepthwiseConv1D": {"depthwise_initializer": "zeros"},
    "DepthwiseConv2D": {"depthwise_initializer": "zeros"},
    "SeparableConv1D": {
        "depthwise_initializer": "zeros",
        "pointwise_initializer": "zeros",
    },
    "SeparableConv2D": {
        "depthwise_initializer": "zeros",
        "pointwise_initializer": "zeros",
    },
}


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


def _random(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


CASES = [
    # (class name, constructor arguments, input shape)
    ("Conv3D", {"filters": 4, "kernel_size": 2}, (2, 4, 5, 3, 2)),
    (
        "Conv3D",
        {
            "filters": 4,
            "kernel_size": (3, 2, 2),
            "strides": 2,
            "padding": "same",
            "groups": 2,
            "data_format": "channels_first",
        },
        (2, 2, 5, 4, 3),
    ),
    (
        "Conv3DTranspose",
        {"filters": 3, "kernel_size": 3, "strides": 2, "padding": "same"},
        (2, 2, 3, 2, 2),
    ),
    (
        "Conv3DTranspose",
        {
            "filters": 2,
            "kernel_size": 2,
            "strides": (2, 1, 2),
            "output_padding": (1, 0, 0),
            "data_format": "channels_first",
        },
        (1, 3, 2, 3, 2),
    ),
    (
        "DepthwiseConv1D",
        {"kernel_size": 3, "depth_multiplier": 2, "dilation_rate": 2},
        (2, 9, 3),
    ),
    (
        "DepthwiseConv2D",
        {"kernel_size": 3, "strides": 2, "padding": "same"},
        (2, 7, 6, 3),
    ),
    (
        "DepthwiseConv2D",
        {
            "kernel_size": (3, 2),
            "depth_multiplier": 3,
            "activation": "relu",
            "data_format": "channels_first",
        },
        (2, 2, 6, 5),
    ),
    (
        "SeparableConv1D",
        {"filters": 4, "kernel_size": 3, "padding": "same", "strides": 2},
        (2, 9, 3),
    ),
    (
        "SeparableConv2D",
        {"filters": 5, "kernel_size": 3, "depth_multiplier": 2},
        (2, 7, 6, 3),
    ),
    (
        "SeparableConv2D",
        {
            "filters": 4,
            "kernel_size": 2,
            "dilation_rate": 2,
            "use_bias": False,
            "data_format": "channels_first",
        },
        (1, 3, 6, 6),
    ),
]
IDS = [f"{c[0]}-{i}" for i, c in enumerate(CASES)]


@pytest.mark.parametrize(("name", "kwargs", "shape"), CASES, ids=IDS)
def test_outputs_and_weights_match_keras(keras, name, kwargs, shape):
    kwargs = {**kwargs, **_ZEROS[name]}
    ours = getattr(kerata.layers, name)(**kwargs)
    theirs = getattr(keras.layers, name)(**kwargs)
    ours.build(shape)
    theirs.build(shape)
    assert [(w.name, tuple(w.shape)) for w in ours.weights] == [
        (w.name, tuple(w.shape)) for w in theirs.weights
    ]
    weights = [
        _random(*w.shape, seed=i + 1) for i, w in enumerate(ours.weights)
    ]
    ours.set_weights(weights)
    theirs.set_weights(weights)
    x = _random(*shape)
    expected = keras.ops.convert_to_numpy(theirs(x))
    out = kerata.ops.convert_to_numpy(ours(x))
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize(
    ("name", "kwargs"), [(c[0], c[1]) for c in CASES], ids=IDS
)
def test_configs_match_and_load_both_ways(keras, name, kwargs):
    ours = getattr(kerata.layers, name)(**kwargs)
    theirs = getattr(keras.layers, name)(**kwargs)
    mine = ours.get_config()
    keras_config = theirs.get_config()
    assert set(mine) == set(keras_config) - {"quantization_config"}
    for key, value in keras_config.items():
        if key in _SKIP_KEYS or key not in mine:
            continue
        assert mine[key] == value, key
    from_keras = getattr(kerata.layers, name).from_config(keras_config)
    assert from_keras.get_config() == {**mine, "name": keras_config["name"]}
    to_keras = getattr(keras.layers, name).from_config(mine)
    assert to_keras.get_config()["name"] == mine["name"]
