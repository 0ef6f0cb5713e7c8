"""`backend.core` on the active backend: `Variable`, `convert_to_tensor`'s
dtype rules, and how the backend and settings are chosen at import."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from kerata import ops
from kerata.src import backend
from kerata.src.backend.common.keras_tensor import KerasTensor
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if


def _dtype(x):
    return backend.standardize_dtype(x.dtype)


# --- Variable -----------------------------------------------------------------
def test_variable_attributes():
    v = backend.Variable([[1.0, 2.0, 3.0]], name="kernel", trainable=False)
    assert v.shape == (1, 3)
    assert v.ndim == 2
    assert v.dtype == "float32"
    assert v.name == "kernel"
    assert v.path == "kernel"
    assert v.trainable is False
    assert isinstance(v.numpy(), np.ndarray)
    assert v.numpy().tolist() == [[1.0, 2.0, 3.0]]
    assert backend.is_tensor(v.value)
    v.trainable = True
    assert v.trainable is True


def test_variable_path_follows_name_scope():
    with backend.name_scope("block"):
        v = backend.Variable(1.0, name="bias")
    assert v.path == "block/bias"
    assert backend.Variable(1.0).name.startswith("variable")


def test_variable_dtype_rules():
    assert backend.Variable(3).dtype == "int32"
    assert backend.Variable(True).dtype == "bool"
    assert backend.Variable(np.zeros(2, "int64")).dtype == "int64"
    assert backend.Variable([1.0], dtype="float16").dtype == "float16"
    backend.set_floatx("float64")
    assert backend.Variable([1.0]).dtype == "float64"


def test_variable_from_initializer():
    v = backend.Variable(lambda shape, dtype: np.ones(shape, dtype), (2, 2))
    assert v.numpy().tolist() == [[1.0, 1.0], [1.0, 1.0]]
    with pytest.raises(ValueError, match="shape"):
        backend.Variable(lambda shape, dtype: np.ones(shape, dtype))
    with pytest.raises(ValueError, match="shape"):
        backend.Variable([1.0, 2.0], shape=(3,))


def test_variable_assign_add_sub():
    v = backend.Variable([1.0, 2.0])
    assert v.assign([5.0, 6.0]) is v
    assert v.numpy().tolist() == [5.0, 6.0]
    assert v.assign_add([1.0, 1.0]) is v
    assert v.numpy().tolist() == [6.0, 7.0]
    v.assign_sub(np.array([6.0, 6.0], "float32"))
    assert v.numpy().tolist() == [0.0, 1.0]
    v.assign(np.array([1, 2], "int64"))  # cast to the variable's dtype
    assert v.dtype == "float32"
    assert _dtype(v.value) == "float32"
    with pytest.raises(ValueError, match="shape"):
        v.assign([1.0, 2.0, 3.0])


def test_variable_arithmetic():
    v = backend.Variable([1.0, 2.0])
    assert ops.convert_to_numpy(v + 1).tolist() == [2.0, 3.0]
    assert ops.convert_to_numpy(1 + v).tolist() == [2.0, 3.0]
    assert ops.convert_to_numpy(v - v).tolist() == [0.0, 0.0]
    assert ops.convert_to_numpy(3 - v).tolist() == [2.0, 1.0]
    assert ops.convert_to_numpy(v * 2).tolist() == [2.0, 4.0]
    assert ops.convert_to_numpy(v / 2).tolist() == [0.5, 1.0]
    assert ops.convert_to_numpy(v**2).tolist() == [1.0, 4.0]
    assert ops.convert_to_numpy(-v).tolist() == [-1.0, -2.0]
    assert ops.convert_to_numpy(v @ v).tolist() == 5.0
    assert ops.convert_to_numpy(v < 2).tolist() == [True, False]
    assert ops.convert_to_numpy(v[1]).tolist() == 2.0
    assert len(v) == 2
    assert float(backend.Variable(2.5)) == 2.5
    assert int(backend.Variable(7)) == 7


def test_variable_works_as_op_input():
    v = backend.Variable([[1.0, 2.0], [3.0, 4.0]])
    assert_allclose(ops.matmul(v, v), np.array([[7.0, 10.0], [15.0, 22.0]]))
    assert _dtype(ops.convert_to_tensor(v)) == "float32"
    assert np.asarray(v).tolist() == [[1.0, 2.0], [3.0, 4.0]]


def test_variable_in_stateless_scope():
    v = backend.Variable([1.0, 2.0])
    with backend.StatelessScope(state_mapping=[(v, np.zeros(2, "float32"))]):
        assert v.numpy().tolist() == [0.0, 0.0]
        v.assign([5.0, 5.0])  # recorded in the scope, not applied
    assert v.numpy().tolist() == [1.0, 2.0]


@run_if(backends=("torch",))  # requires_grad is a torch notion
def test_trainable_flag_controls_gradients():
    v = backend.Variable([1.0], trainable=False)
    assert not v.value.requires_grad
    v.trainable = True
    assert v.value.requires_grad


# --- convert_to_tensor --------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1, "int32"),
        (1.5, "float32"),
        (True, "bool"),
        ([1, 2], "int32"),
        ([1.0, 2], "float32"),
        ([[True], [False]], "bool"),
        (np.array([1, 2], "int64"), "int64"),
        (np.array([1.0], "float64"), "float64"),
        (np.array([1], "uint8"), "uint8"),
        (np.float16(2.0), "float16"),
    ],
)
def test_convert_to_tensor_dtype_rules(value, expected):
    x = ops.convert_to_tensor(value)
    assert backend.is_tensor(x)
    assert _dtype(x) == expected
    assert_allclose(ops.convert_to_numpy(x), np.asarray(value))


def test_convert_to_tensor_follows_floatx():
    backend.set_floatx("float64")
    assert _dtype(ops.convert_to_tensor(1.5)) == "float64"
    assert _dtype(ops.convert_to_tensor([1.5])) == "float64"
    assert _dtype(ops.convert_to_tensor(1)) == "int32"


def test_convert_to_tensor_with_dtype():
    x = ops.convert_to_tensor([1, 2], dtype="float16")
    assert _dtype(x) == "float16"
    y = ops.convert_to_tensor(x, dtype="float16")
    assert y is x  # no copy when the dtype already matches
    assert _dtype(ops.convert_to_tensor(np.ones(2), dtype="int8")) == "int8"


def test_convert_to_tensor_rejects_bad_input():
    with pytest.raises(TypeError, match="KerasTensor"):
        backend.convert_to_tensor(KerasTensor((2,)))
    with pytest.raises(TypeError):
        backend.convert_to_tensor(["a", "b"])
    with pytest.raises(ValueError, match="sparse"):
        backend.convert_to_tensor([1.0], sparse=True)


def test_cast_shape_and_is_tensor():
    x = ops.convert_to_tensor([1.7, -2.2])
    assert backend.cast(x, "float32") is x
    assert ops.convert_to_numpy(backend.cast(x, "int32")).tolist() == [1, -2]
    assert backend.shape(ops.zeros((2, 3))) == (2, 3)
    assert not backend.is_tensor([1, 2])


# --- backend selection and kerata.json ----------------------------------------
def _run_python(code, tmp_path, **env):
    environ = {
        k: v for k, v in os.environ.items() if not k.startswith("KERATA_")
    }
    environ.update(KERATA_HOME=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "-c", code],
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_unknown_backend_names_variable_value_and_choices(tmp_path):
    result = _run_python("import kerata", tmp_path, KERATA_BACKEND="bogus")
    assert result.returncode != 0
    message = result.stderr.strip().splitlines()[-1]
    assert "KERATA_BACKEND" in message
    assert "'bogus'" in message
    for name in ("torch", "jax", "numpy"):
        assert name in message


def test_config_file_sets_backend_and_settings(tmp_path):
    config = {
        "backend": "numpy",
        "floatx": "float16",
        "epsilon": 1e-5,
        "image_data_format": "channels_first",
    }
    (tmp_path / "kerata.json").write_text(json.dumps(config))
    code = (
        "import kerata; c = kerata.config; "
        "print(kerata.backend.backend(), c.floatx(), c.epsilon(), "
        "c.image_data_format())"
    )
    result = _run_python(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "numpy",
        "float16",
        "1e-05",
        "channels_first",
    ]


def test_environment_overrides_config_file(tmp_path):
    (tmp_path / "kerata.json").write_text(json.dumps({"backend": "bogus"}))
    code = "import kerata; print(kerata.backend.backend())"
    result = _run_python(code, tmp_path, KERATA_BACKEND="numpy")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "numpy"
    result = _run_python(code, tmp_path)
    assert result.returncode != 0
    assert "kerata.json" in result.stderr
    assert "'bogus'" in result.stderr


def test_variable_does_not_share_the_callers_array():
    # In-place updates (assign_sub, optimizers) must leave the array the
    # variable was made from as it was, as in Keras.
    initial = np.ones(3, "float32")
    v = backend.Variable(initial)
    v.assign_sub(np.ones(3, "float32"))
    v.assign_add(np.full(3, 5.0, "float32"))
    np.testing.assert_array_equal(initial, np.ones(3, "float32"))
    assert_allclose(v, np.full(3, 5.0, "float32"))
