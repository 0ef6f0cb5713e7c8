"""3-d and adaptive pooling layers and the adaptive pooling ops against
Keras 3: same outputs, and configs load in both directions. Skipped when
keras is not installed or was imported with another backend."""

import os
import sys

import numpy as np
import pytest

import kerata
from kerata.src import backend

pytestmark = pytest.mark.parity

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
    # (class name, constructor arguments, input shape)
    ("MaxPooling3D", {}, (2, 4, 5, 4, 3)),
    (
        "MaxPooling3D",
        {"pool_size": 3, "strides": 2, "padding": "same"},
        (2, 5, 4, 6, 2),
    ),
    (
        "AveragePooling3D",
        {"pool_size": 2, "padding": "same", "data_format": "channels_first"},
        (2, 3, 5, 5, 3),
    ),
    ("GlobalAveragePooling3D", {"keepdims": True}, (2, 3, 4, 5, 3)),
    ("GlobalMaxPooling3D", {"data_format": "channels_first"}, (2, 3, 4, 5, 2)),
    ("AdaptiveAveragePooling1D", {"output_size": 3}, (2, 7, 3)),
    (
        "AdaptiveMaxPooling1D",
        {"output_size": 4, "data_format": "channels_first"},
        (2, 3, 10),
    ),
    ("AdaptiveAveragePooling2D", {"output_size": (3, 2)}, (2, 7, 5, 3)),
    ("AdaptiveMaxPooling2D", {"output_size": 2}, (2, 6, 6, 2)),
    (
        "AdaptiveAveragePooling3D",
        {"output_size": (2, 3, 2), "data_format": "channels_first"},
        (1, 2, 5, 6, 3),
    ),
    ("AdaptiveMaxPooling3D", {"output_size": 2}, (1, 4, 5, 6, 2)),
]
IDS = [f"{c[0]}-{i}" for i, c in enumerate(CASES)]
# Keras's adaptive pooling compiles slowly on JAX (seconds per case): the
# outputs of one adaptive layer (and one op below) are compared, the
# configs of all six; tests/layers/pooling/test_adaptive_pooling.py checks
# every case against NumPy and torch.
OUTPUT_CASES = [CASES[i] for i in (0, 1, 2, 3, 4, 10)]


@pytest.mark.parametrize(
    ("name", "kwargs", "shape"),
    OUTPUT_CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(OUTPUT_CASES)],
)
def test_outputs_match_keras(keras, name, kwargs, shape):
    ours = getattr(kerata.layers, name)(**kwargs)
    theirs = getattr(keras.layers, name)(**kwargs)
    x = _random(*shape)
    expected = keras.ops.convert_to_numpy(theirs(x))
    out = kerata.ops.convert_to_numpy(ours(x))
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-6)
    assert ours.compute_output_shape(shape) == theirs.compute_output_shape(
        shape
    )


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


def test_adaptive_average_pool_op_matches_keras(keras):
    x = _random(2, 3, 9, 7)
    args = ((4, 3), "channels_first")
    expected = keras.ops.adaptive_average_pool(x, *args)
    out = kerata.ops.adaptive_average_pool(x, *args)
    np.testing.assert_allclose(
        kerata.ops.convert_to_numpy(out),
        keras.ops.convert_to_numpy(expected),
        rtol=1e-5,
        atol=1e-6,
    )
