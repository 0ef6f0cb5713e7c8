"""The numpy backend needs nothing but NumPy: importing kerata with it, and
running a model, must not import torch, jax or tensorflow."""

import os
import subprocess
import sys

SCRIPT = """
import sys
import numpy as np
import kerata
from kerata import layers
model = kerata.Sequential(
    [kerata.Input((4,)), layers.Dense(3), layers.Dense(1)]
)
out = model(np.ones((2, 4), "float32"))
assert out.shape == (2, 1), out.shape
loaded = sorted(m for m in ("torch", "jax", "jaxlib", "tensorflow")
                if m in sys.modules)
print("LOADED:" + ",".join(loaded))
"""


def test_numpy_backend_imports_no_framework(tmp_path):
    env = dict(os.environ, KERATA_BACKEND="numpy", KERATA_HOME=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "LOADED:\n" in result.stdout or result.stdout.strip() == "LOADED:"
