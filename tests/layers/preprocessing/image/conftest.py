"""Fixtures for the image preprocessing layer tests."""

import os
import sys

import pytest

from kerata.src import backend


@pytest.fixture(scope="session")
def keras():
    """Keras 3 as an oracle, on kerata's backend; skipped when keras is
    not installed or was already imported with another backend.

    Skipped under JAX: Keras's image layers there compile every eager op,
    seconds per test on CI's cores; the NumPy references cover kerata's
    JAX kernels, and the comparison runs under torch and numpy.
    """
    if backend.backend() == "jax":
        pytest.skip("keras oracle is too slow on JAX; runs on torch/numpy")
    if "keras" not in sys.modules:
        os.environ["KERAS_BACKEND"] = backend.backend()
    keras = pytest.importorskip("keras")
    if keras.backend.backend() != backend.backend():
        pytest.skip(
            f"keras was imported with the {keras.backend.backend()!r} "
            f"backend, kerata runs {backend.backend()!r}"
        )
    return keras
