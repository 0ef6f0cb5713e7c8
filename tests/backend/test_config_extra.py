import os
import subprocess
import sys

import numpy as np
import pytest

import kerata
from kerata.src.backend.common import config
from kerata.src.backend.common import global_state


@pytest.fixture
def restore_config():
    yield
    config.set_max_epochs(None)
    config.set_max_steps_per_epoch(None)
    config.enable_traceback_filtering()
    config.enable_flash_attention()


def test_max_epochs_and_steps_round_trip(restore_config):
    assert kerata.config.max_epochs() is None
    assert kerata.config.max_steps_per_epoch() is None
    kerata.config.set_max_epochs(3)
    kerata.config.set_max_steps_per_epoch(5)
    assert kerata.config.max_epochs() == 3
    assert kerata.config.max_steps_per_epoch() == 5
    kerata.config.set_max_epochs(None)
    assert kerata.config.max_epochs() is None


@pytest.mark.parametrize("value", [0, -1, 2.5, True, "3"])
def test_max_epochs_rejects_bad_values(value, restore_config):
    with pytest.raises(ValueError, match="positive int or None"):
        kerata.config.set_max_epochs(value)
    with pytest.raises(ValueError, match="max_steps_per_epoch"):
        kerata.config.set_max_steps_per_epoch(value)


def _run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    full_env = dict(os.environ, **env)
    return subprocess.run(
        [sys.executable, "-c", code],
        env=full_env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_caps_read_from_environment():
    result = _run_python(
        "from kerata.src.backend.common import config;"
        "print(config.max_epochs(), config.max_steps_per_epoch())",
        KERATA_MAX_EPOCHS="2",
        KERATA_MAX_STEPS_PER_EPOCH="7",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["2", "7"]


def test_flags_are_recorded(restore_config):
    assert kerata.config.is_traceback_filtering_enabled() is True
    kerata.config.disable_traceback_filtering()
    assert kerata.config.is_traceback_filtering_enabled() is False
    # Keras's default flash-attention setting is None (automatic).
    assert kerata.config.is_flash_attention_enabled() is None
    kerata.config.disable_flash_attention()
    assert kerata.config.is_flash_attention_enabled() is False
    kerata.config.enable_flash_attention()
    assert kerata.config.is_flash_attention_enabled() is None
    assert kerata.config.is_nnx_enabled() is False


def test_set_backend_same_backend_is_a_no_op():
    kerata.config.set_backend(kerata.config.backend())
    kerata.config.set_backend(kerata.config.backend().upper())


def test_set_backend_other_backend_explains_environment_variable():
    other = next(b for b in config.BACKENDS if b != config.backend())
    with pytest.raises(ValueError, match=f"KERATA_BACKEND={other}"):
        kerata.config.set_backend(other)
    with pytest.raises(ValueError, match="Unknown backend"):
        kerata.config.set_backend("tensorflow")


def test_get_uid_counts_per_prefix_and_shares_layer_names():
    global_state.clear_session()
    assert kerata.backend.get_uid("block") == 1
    assert kerata.backend.get_uid("block") == 2
    assert kerata.backend.get_uid("other") == 1
    # The counters are those of automatic names, as in Keras.
    assert kerata.layers.Dense(2).name == "dense"
    assert kerata.backend.get_uid("dense") == 2
    assert kerata.layers.Dense(2).name == "dense_2"
    global_state.clear_session()
    assert kerata.backend.get_uid("block") == 1
    global_state.clear_session()


@pytest.mark.parametrize(
    ("dtype", "is_float", "is_int"),
    [
        ("float16", True, False),
        ("bfloat16", True, False),
        ("float64", True, False),
        ("int8", False, True),
        ("uint32", False, True),
        ("bool", False, False),
        ("complex64", False, False),
        (np.int64, False, True),
        (float, True, False),
    ],
)
def test_dtype_predicates(dtype, is_float, is_int):
    assert kerata.backend.is_float_dtype(dtype) is is_float
    assert kerata.backend.is_int_dtype(dtype) is is_int
