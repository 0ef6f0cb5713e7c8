import numpy as np
import pytest

import kerata
from kerata.src.testing import assert_allclose
from tests.layers.core.helpers import get_mask
from tests.layers.core.helpers import to_np


def double(x):
    return x * 2


def test_lambda_calls_function_with_arguments():
    layer = kerata.layers.Lambda(
        lambda x, scale: x * scale, arguments={"scale": 3.0}
    )
    out = layer(np.ones((2, 2), "float32"))
    assert to_np(out).tolist() == [[3.0, 3.0], [3.0, 3.0]]


def test_lambda_passes_mask_and_training_when_accepted():
    seen = {}

    def fn(x, mask=None, training=None):
        seen["mask"] = mask
        seen["training"] = training
        return x

    layer = kerata.layers.Lambda(fn)
    layer(np.ones((1, 2), "float32"), training=True)
    assert seen == {"mask": None, "training": True}


def test_lambda_output_shape_inferred_given_or_computed():
    traced = kerata.layers.Lambda(lambda x: x[:, :2])
    assert traced(kerata.KerasTensor((None, 5))).shape == (None, 2)
    given = kerata.layers.Lambda(lambda x: x, output_shape=(5,))
    assert given(kerata.KerasTensor((None, 5))).shape == (None, 5)
    assert given.compute_output_shape((3, 5)) == (3, 5)
    computed = kerata.layers.Lambda(
        lambda x: x, output_shape=lambda s: (s[0], s[1] * 1)
    )
    assert computed(kerata.KerasTensor((None, 4))).shape == (None, 4)


def test_lambda_keeps_output_dtype_when_tracing():
    layer = kerata.layers.Lambda(lambda x: kerata.ops.cast(x, "int32"))
    out = layer(kerata.KerasTensor((None, 3)))
    assert out.dtype == "int32"


def test_lambda_mask_function_and_fixed_mask():
    layer = kerata.layers.Lambda(
        lambda x: x, mask=lambda inputs, mask: kerata.ops.greater(inputs, 0)
    )
    x = np.array([[1.0, -1.0]], "float32")
    assert get_mask(layer(x)).tolist() == [[True, False]]
    assert layer.supports_masking
    assert not kerata.layers.Lambda(lambda x: x).supports_masking


def test_lambda_named_function_config_round_trip():
    layer = kerata.layers.Lambda(double)
    config = layer.get_config()
    assert config["function"]["class_name"] == "function"
    assert config["function"]["config"] == "double"
    clone = kerata.layers.Lambda.from_config(
        config, custom_objects={"double": double}
    )
    x = np.ones((1, 2), "float32")
    assert_allclose(clone(x), layer(x))
    with pytest.raises(ValueError, match="double"):
        kerata.layers.Lambda.from_config(config)


def test_lambda_builtin_function_found_by_name():
    layer = kerata.layers.Lambda(kerata.activations.relu)
    clone = kerata.layers.Lambda.from_config(layer.get_config())
    x = np.array([[-1.0, 2.0]], "float32")
    assert to_np(clone(x)).tolist() == [[0.0, 2.0]]


def test_lambda_python_lambda_needs_unsafe_mode():
    offset = 1.0
    layer = kerata.layers.Lambda(lambda x: x + offset, output_shape=(2,))
    config = layer.get_config()
    assert config["function"]["class_name"] == "__lambda__"
    with pytest.raises(ValueError, match="safe_mode"):
        kerata.layers.Lambda.from_config(config)
    clone = kerata.layers.Lambda.from_config(config, safe_mode=False)
    x = np.ones((1, 2), "float32")
    assert to_np(clone(x)).tolist() == [[2.0, 2.0]]
    assert clone.compute_output_shape((None, 2)) == (None, 2)


def test_lambda_rejects_non_callable():
    with pytest.raises(TypeError, match="callable"):
        kerata.layers.Lambda(3)
