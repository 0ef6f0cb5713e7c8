"""Zeros, Ones, Constant and Identity."""

import numpy as np
import pytest

from kerata.src import initializers
from kerata.src import ops
from kerata.src.testing import assert_allclose


@pytest.mark.parametrize("dtype", [None, "float32", "float16", "int32"])
@pytest.mark.parametrize(
    ("cls", "fill"), [(initializers.Zeros, 0), (initializers.Ones, 1)]
)
def test_zeros_and_ones(cls, fill, dtype):
    out = cls()((2, 3), dtype=dtype)
    assert ops.dtype(out) == (dtype or "float32")
    assert_allclose(out, np.full((2, 3), fill))


def test_constant_scalar():
    out = initializers.Constant(2.5)((3,), dtype="float32")
    assert ops.dtype(out) == "float32"
    assert_allclose(out, [2.5, 2.5, 2.5])


def test_constant_int_dtype():
    out = initializers.Constant(3)((2,), dtype="int32")
    assert ops.dtype(out) == "int32"
    assert ops.convert_to_numpy(out).tolist() == [3, 3]


def test_constant_array_broadcasts():
    value = np.array([1.0, 2.0, 3.0], "float32")
    out = initializers.Constant(value)((2, 3))
    assert_allclose(out, np.tile(value, (2, 1)))


def test_constant_array_config_round_trips():
    value = np.array([[1.0, 2.0]], "float32")
    init = initializers.Constant(value)
    config = init.get_config()
    assert config["value"]["class_name"] == "__numpy__"
    restored = initializers.Constant.from_config(config)
    assert_allclose(restored((1, 2)), value)


def test_constant_tensor_config_round_trips():
    init = initializers.Constant(ops.convert_to_tensor([4.0, 5.0]))
    restored = initializers.deserialize(initializers.serialize(init))
    assert_allclose(restored((2,)), [4.0, 5.0])


@pytest.mark.parametrize("shape", [(3, 3), (2, 4), (4, 2)])
@pytest.mark.parametrize("gain", [1.0, 0.5])
def test_identity(shape, gain):
    out = initializers.Identity(gain=gain)(shape)
    assert ops.dtype(out) == "float32"
    assert_allclose(out, gain * np.eye(*shape))


def test_identity_rejects_non_matrices():
    with pytest.raises(ValueError, match="rank 3"):
        initializers.Identity()((2, 2, 2))
