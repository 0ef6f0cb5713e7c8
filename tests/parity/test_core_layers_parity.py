"""Core, activation, merging and reshaping layers: kerata vs Keras 3.

Both layers get the same weights and inputs; outputs, output masks and
the plain entries of `get_config()` must match, and kerata must load the
config Keras writes.
"""

import os
import sys

import numpy as np
import pytest

import kerata
from kerata.src import backend
from kerata.src.backend.common import masking
from kerata.src.testing import assert_allclose

pytestmark = pytest.mark.parity


@pytest.fixture(scope="module")
def keras():
    if "keras" not in sys.modules:
        # Keras picks its backend once, at import; use kerata's.
        os.environ["KERAS_BACKEND"] = backend.backend()
    return pytest.importorskip("keras")


def _data(shape, seed=0, dtype="float32"):
    return np.random.default_rng(seed).uniform(-2, 2, shape).astype(dtype)


IDS = np.array([[1, 2, 0, 0], [3, 1, 4, 0]], "int32")

# name -> (layer class name, constructor kwargs, inputs, call kwargs)
CASES = {
    "dense": ("Dense", {"units": 3, "activation": "relu"}, _data((2, 4)), {}),
    "dense_rank3": ("Dense", {"units": 2}, _data((2, 3, 4)), {}),
    "einsum_dense": (
        "EinsumDense",
        {
            "equation": "abc,cde->abde",
            "output_shape": (None, 2, 3),
            "bias_axes": "de",
        },
        _data((2, 5, 4)),
        {},
    ),
    "embedding": (
        "Embedding",
        {"input_dim": 5, "output_dim": 3, "mask_zero": True},
        IDS,
        {},
    ),
    "masking": (
        "Masking",
        {"mask_value": 0.0},
        np.array([[[1.0, 2.0], [0.0, 0.0]], [[0.0, 0.0], [3.0, 0.0]]], "f4"),
        {},
    ),
    "relu": (
        "ReLU",
        {"max_value": 1.5, "negative_slope": 0.1, "threshold": 0.2},
        _data((2, 6)),
        {},
    ),
    "leaky_relu": ("LeakyReLU", {}, _data((2, 6)), {}),
    "prelu": ("PReLU", {"shared_axes": [1]}, _data((2, 3, 4)), {}),
    "elu": ("ELU", {"alpha": 0.5}, _data((2, 6)), {}),
    "softmax_mask": (
        "Softmax",
        {"axis": -1},
        _data((2, 4)),
        {"mask": np.array([[1, 1, 0, 1], [0, 0, 0, 0]], bool)},
    ),
    "add": ("Add", {}, [_data((2, 3), 1), _data((2, 3), 2)], {}),
    "average_broadcast": (
        "Average",
        {},
        [_data((2, 1, 3), 1), _data((2, 4, 3), 2)],
        {},
    ),
    "maximum": ("Maximum", {}, [_data((2, 3), 1), _data((2, 3), 2)], {}),
    "concatenate": (
        "Concatenate",
        {"axis": 1},
        [_data((2, 3, 2), 1), _data((2, 1, 2), 2)],
        {},
    ),
    "dot": (
        "Dot",
        {"axes": (2, 1), "normalize": True},
        [_data((2, 3, 4), 1), _data((2, 4, 5), 2)],
        {},
    ),
    "dot_vectors": (
        "Dot",
        {"axes": 1},
        [_data((2, 3), 1), _data((2, 3), 2)],
        {},
    ),
    "flatten_cf": (
        "Flatten",
        {"data_format": "channels_first"},
        _data((2, 3, 2, 2)),
        {},
    ),
    "reshape": ("Reshape", {"target_shape": (2, -1)}, _data((2, 3, 4)), {}),
    "permute": ("Permute", {"dims": (2, 1)}, _data((2, 3, 4)), {}),
    "repeat_vector": ("RepeatVector", {"n": 3}, _data((2, 4)), {}),
}


def _to_numpy(x):
    return np.asarray(kerata.ops.convert_to_numpy(x))


def _keras_numpy(keras, x):
    return np.asarray(keras.ops.convert_to_numpy(x))


def _build_pair(keras, name):
    class_name, kwargs, inputs, call_kwargs = CASES[name]
    kerata_layer = getattr(kerata.layers, class_name)(**kwargs)
    keras_layer = getattr(keras.layers, class_name)(**kwargs)
    keras_out = keras_layer(inputs, **call_kwargs)
    kerata_layer(inputs, **call_kwargs)
    if keras_layer.weights:
        kerata_layer.set_weights(keras_layer.get_weights())
    return kerata_layer, keras_layer, keras_out


@pytest.mark.parametrize("name", sorted(CASES))
def test_layer_matches_keras(keras, name):
    class_name, _, inputs, call_kwargs = CASES[name]
    kerata_layer, keras_layer, keras_out = _build_pair(keras, name)
    expected = _keras_numpy(keras, keras_out)

    out = kerata_layer(inputs, **call_kwargs)
    assert_allclose(out, expected, rtol=1e-5, atol=1e-5)
    # Keras keeps eager masks only on arrays that take attributes (torch).
    keras_mask = getattr(keras_out, "_keras_mask", None)
    if keras_mask is not None:
        mask = masking.get_keras_mask(out)
        assert mask is not None
        assert _to_numpy(mask).tolist() == (
            _keras_numpy(keras, keras_mask).tolist()
        )

    ours = kerata_layer.get_config()
    theirs = keras_layer.get_config()
    assert set(theirs) <= set(ours)
    for key, value in theirs.items():
        if key in ("name", "dtype") or isinstance(value, dict):
            continue
        if isinstance(value, (list, tuple)):
            assert list(ours[key]) == list(value), key
        else:
            assert ours[key] == value, key

    # kerata loads the config Keras writes.
    loaded = getattr(kerata.layers, class_name).from_config(theirs)
    loaded(inputs, **call_kwargs)
    if keras_layer.weights:
        loaded.set_weights(keras_layer.get_weights())
    assert_allclose(
        loaded(inputs, **call_kwargs), expected, rtol=1e-5, atol=1e-5
    )
