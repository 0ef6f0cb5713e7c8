"""Convolution, pooling and normalization layers against Keras 3: same
weights give the same outputs, and configs load in both directions.

Keras runs on the same backend as kerata (KERAS_BACKEND is set to
kerata's backend before keras is first imported); the tests are skipped
when keras is not installed or was already imported with another one.
"""

import os
import sys

import numpy as np
import pytest

import kerata
from kerata.src import backend

pytestmark = pytest.mark.parity

# Keys whose values are written differently by design (kerata writes
# the dtype policy as a plain name when it is the default).
_SKIP_KEYS = ("name", "dtype")


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
    # (class name, constructor arguments, input shape, call kwargs)
    ("Conv2D", {"filters": 4, "kernel_size": 3}, (2, 7, 6, 3), {}),
    (
        "Conv2D",
        {
            "filters": 4,
            "kernel_size": (3, 2),
            "strides": 2,
            "padding": "same",
            "groups": 2,
            "activation": "relu",
            "data_format": "channels_first",
        },
        (2, 2, 7, 6),
        {},
    ),
    (
        "Conv2D",
        {"filters": 3, "kernel_size": 3, "dilation_rate": 2, "use_bias": False},
        (1, 8, 8, 2),
        {},
    ),
    (
        "Conv1D",
        {
            "filters": 3,
            "kernel_size": 3,
            "padding": "causal",
            "dilation_rate": 2,
        },
        (2, 9, 4),
        {},
    ),
    (
        "Conv1D",
        {"filters": 2, "kernel_size": 4, "strides": 2, "padding": "same"},
        (2, 9, 3),
        {},
    ),
    (
        "Conv2DTranspose",
        {"filters": 3, "kernel_size": 3, "strides": 2, "padding": "same"},
        (2, 4, 5, 2),
        {},
    ),
    (
        "Conv2DTranspose",
        {
            "filters": 3,
            "kernel_size": 3,
            "strides": 2,
            "output_padding": 1,
            "data_format": "channels_first",
        },
        (2, 2, 4, 5),
        {},
    ),
    (
        "Conv1DTranspose",
        {"filters": 2, "kernel_size": 4, "strides": 3},
        (2, 5, 3),
        {},
    ),
    ("MaxPooling2D", {"pool_size": 3, "strides": 2}, (2, 7, 7, 3), {}),
    (
        "MaxPooling2D",
        {"pool_size": 3, "strides": 2, "padding": "same"},
        (2, 7, 6, 3),
        {},
    ),
    (
        "AveragePooling2D",
        {"pool_size": 2, "padding": "same", "data_format": "channels_first"},
        (2, 3, 5, 5),
        {},
    ),
    ("MaxPooling1D", {"pool_size": 3, "strides": 1}, (2, 7, 3), {}),
    ("AveragePooling1D", {"pool_size": 2}, (2, 7, 3), {}),
    ("GlobalAveragePooling1D", {}, (2, 5, 3), {}),
    ("GlobalAveragePooling2D", {"keepdims": True}, (2, 4, 5, 3), {}),
    (
        "GlobalMaxPooling1D",
        {"data_format": "channels_first"},
        (2, 3, 5),
        {},
    ),
    ("GlobalMaxPooling2D", {}, (2, 4, 5, 3), {}),
    ("BatchNormalization", {}, (6, 4), {"training": False}),
    (
        "BatchNormalization",
        {"axis": 1, "momentum": 0.8},
        (4, 3, 2, 2),
        {"training": True},
    ),
    ("LayerNormalization", {}, (3, 5), {}),
    ("LayerNormalization", {"axis": [1, 2]}, (2, 3, 4), {}),
]


@pytest.mark.parametrize(
    ("name", "kwargs", "shape", "call_kwargs"),
    CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)],
)
def test_outputs_and_weights_match_keras(
    keras, name, kwargs, shape, call_kwargs
):
    if name.startswith("Conv"):
        # Random initializers compile once per shape on JAX (seconds);
        # the weights are set below anyway.
        kwargs = {**kwargs, "kernel_initializer": "zeros"}
    ours = getattr(kerata.layers, name)(**kwargs)
    theirs = getattr(keras.layers, name)(**kwargs)
    ours.build(shape)
    theirs.build(shape)
    assert [tuple(w.shape) for w in ours.weights] == [
        tuple(w.shape) for w in theirs.weights
    ]
    weights = [
        _random(*w.shape, seed=i + 1) for i, w in enumerate(ours.weights)
    ]
    if name == "BatchNormalization":
        weights[3] = np.abs(weights[3]) + 0.5  # a valid moving variance
    ours.set_weights(weights)
    theirs.set_weights(weights)
    x = _random(*shape)
    expected = keras.ops.convert_to_numpy(theirs(x, **call_kwargs))
    out = kerata.ops.convert_to_numpy(ours(x, **call_kwargs))
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)
    for mine, keras_weight in zip(ours.get_weights(), theirs.get_weights()):
        np.testing.assert_allclose(mine, keras_weight, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [(c[0], c[1]) for c in CASES],
    ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)],
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


def test_masked_global_average_pooling_matches_keras(keras):
    x = _random(2, 4, 3)
    mask = np.array([[True, True, False, False], [True, True, True, False]])
    expected = keras.layers.GlobalAveragePooling1D()(x, mask=mask)
    out = kerata.layers.GlobalAveragePooling1D()(
        x, mask=kerata.ops.convert_to_tensor(mask)
    )
    np.testing.assert_allclose(
        kerata.ops.convert_to_numpy(out),
        keras.ops.convert_to_numpy(expected),
        rtol=1e-5,
        atol=1e-6,
    )
