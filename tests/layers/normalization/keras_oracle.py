"""The `keras` fixture of the parity tests of the normalization,
regularization and reshaping layers: Keras 3 on kerata's backend."""

import os
import sys

import numpy as np
import pytest

from kerata.src import backend


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


def assert_same_config(ours, theirs):
    """Same keys and values (but names and dtypes) as Keras, and each
    config loads in the other library."""
    mine = ours.get_config()
    keras_config = theirs.get_config()
    assert set(mine) == set(keras_config)
    for key, value in keras_config.items():
        if key not in ("name", "dtype", "layer"):
            assert mine[key] == value, key
    type(ours).from_config(keras_config)
    type(theirs).from_config(mine)


def random(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")
