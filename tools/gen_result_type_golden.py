"""Writes tests/golden/result_type.json from Keras 3 itself (the oracle).

    KERAS_BACKEND=torch python tools/gen_result_type_golden.py

Not on jax: without x64 it narrows 64-bit inputs. Keras is a test-time
oracle only; the table is committed so the tests need no Keras.
"""

import itertools
import json
import os

import keras

DTYPES = [
    "bool",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "int8",
    "int16",
    "int32",
    "int64",
    "bfloat16",
    "float16",
    "float32",
    "float64",
]
PYTHON = {"int": int, "float": float, "bool": bool}


def main() -> None:
    table = {}
    names = DTYPES + list(PYTHON)
    for a, b in itertools.product(names, names):
        args = [PYTHON.get(a, a), PYTHON.get(b, b)]
        try:
            table[f"{a},{b}"] = keras.backend.result_type(*args)
        except Exception as e:  # noqa: BLE001
            table[f"{a},{b}"] = f"error: {type(e).__name__}"
    for a in names:
        table[a] = keras.backend.result_type(PYTHON.get(a, a))
    out = os.path.join(
        os.path.dirname(__file__), "..", "tests", "golden", "result_type.json"
    )
    with open(out, "w") as f:
        json.dump(
            {"keras_version": keras.__version__, "table": table},
            f,
            indent=0,
            sort_keys=True,
        )
    print(f"wrote {len(table)} entries")


if __name__ == "__main__":
    main()
