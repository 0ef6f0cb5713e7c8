import json
import os

import numpy as np
import pytest

from kerata.src import backend
from kerata.src.backend.common import dtypes

GOLDEN = os.path.join(
    os.path.dirname(__file__), "..", "..", "golden", "result_type.json"
)
with open(GOLDEN) as f:
    TABLE = json.load(f)["table"]
PYTHON = {"int": int, "float": float, "bool": bool}


@pytest.mark.parametrize("key", sorted(TABLE))
def test_result_type_matches_keras(key):
    """Promotion follows Keras 3 (table generated from keras itself by
    tools/gen_result_type_golden.py)."""
    expected = TABLE[key]
    args = [PYTHON.get(a, a) for a in key.split(",")]
    if expected.startswith("error"):
        with pytest.raises(ValueError):
            dtypes.result_type(*args)
        return
    assert dtypes.result_type(*args) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("float32", "float32"),
        (np.float64, "float64"),
        (np.dtype("int8"), "int8"),
        (int, "int64"),
        (float, "float32"),
        (bool, "bool"),
        ("double", "float64"),
        (None, "float32"),
    ],
)
def test_standardize_dtype(given, expected):
    assert backend.standardize_dtype(given) == expected


def test_standardize_dtype_rejects_unknown():
    with pytest.raises(ValueError, match="Invalid dtype: 'float8'"):
        backend.standardize_dtype("float8")


def test_result_type_follows_floatx():
    backend.set_floatx("float16")
    assert dtypes.result_type("int8", float) == "float16"
    assert dtypes.result_type() == "float16"
    backend.set_floatx("float64")
    assert dtypes.result_type() == "float64"
