"""Policy configs: kerata writes what Keras 3 writes, and reads it back."""

import os
import sys

import pytest

from kerata import dtype_policies
from kerata.src import backend

pytestmark = pytest.mark.parity


@pytest.fixture(scope="module")
def keras():
    if "keras" not in sys.modules:
        name = backend.backend()
        os.environ["KERAS_BACKEND"] = "torch" if name == "numpy" else name
    return pytest.importorskip("keras")


def _build(library, default):
    policies = library.dtype_policies.DTypePolicyMap(default_policy=default)
    policies["encoder/.*"] = library.dtype_policies.DTypePolicy("bfloat16")
    policies["head"] = library.dtype_policies.FloatDTypePolicy("float16")
    return policies


@pytest.mark.parametrize("default", ["float32", None])
def test_map_config_matches_keras(keras, default):
    ours = dtype_policies.serialize(_build(_kerata(), default))
    theirs = keras.dtype_policies.serialize(_build(keras, default))
    assert ours == theirs
    restored = dtype_policies.deserialize(theirs)
    # Without a default, Keras writes the entries with name None: they
    # follow the global policy (float32 here) of the loading program.
    expected = "bfloat16" if default else "float32"
    assert restored["encoder/a"].compute_dtype == expected


def test_float_policy_config_matches_keras(keras):
    for name in ("mixed_float16", "bfloat16"):
        ours = dtype_policies.serialize(dtype_policies.DTypePolicy(name))
        theirs = keras.dtype_policies.serialize(
            keras.dtype_policies.DTypePolicy(name)
        )
        assert ours == theirs


def _kerata():
    import kerata

    return kerata
