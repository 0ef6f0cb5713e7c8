"""The active backend, chosen once at import.

`kerata.src.backend` re-exports the chosen backend's `core` functions and
its submodules (`numpy`, `nn`, `math`, `linalg`, `image`, `random`,
`rnn`), so the rest of kerata writes `backend.numpy.add(...)` and never
names a framework.
"""

from __future__ import annotations

import importlib

from kerata.src.backend.common import config as _config
from kerata.src.backend.common import dtypes
from kerata.src.backend.common.config import backend
from kerata.src.backend.common.config import epsilon
from kerata.src.backend.common.config import floatx
from kerata.src.backend.common.config import image_data_format
from kerata.src.backend.common.config import set_epsilon
from kerata.src.backend.common.config import set_floatx
from kerata.src.backend.common.config import set_image_data_format
from kerata.src.backend.common.config import standardize_data_format
from kerata.src.backend.common.dtypes import is_float_dtype
from kerata.src.backend.common.dtypes import is_int_dtype
from kerata.src.backend.common.dtypes import result_type
from kerata.src.backend.common.dtypes import standardize_dtype
from kerata.src.backend.common.global_state import clear_session
from kerata.src.backend.common.global_state import name_scope
from kerata.src.backend.common.keras_tensor import KerasTensor
from kerata.src.backend.common.keras_tensor import any_symbolic_tensors
from kerata.src.backend.common.keras_tensor import is_keras_tensor
from kerata.src.backend.common.keras_tensor import standardize_shape
from kerata.src.backend.common.stateless_scope import StatelessScope
from kerata.src.backend.common.stateless_scope import in_stateless_scope

_INSTALL_HINTS = {
    "torch": "pip install 'kerata[torch]'  (or: pip install torch==2.13.0)",
    "jax": "pip install 'kerata[jax]'  (or: pip install jax jaxlib)",
    "numpy": "pip install numpy",
}


def _load(name: str):
    try:
        return importlib.import_module(f"kerata.src.backend.{name}")
    except ModuleNotFoundError as e:
        framework = (e.name or "").split(".")[0]
        if framework and not framework.startswith("kerata"):
            raise ImportError(
                f"kerata's backend is {name!r}, chosen by "
                f"{_config.BACKEND_SOURCE}, but the framework it needs, "
                f"{framework!r}, is not installed. Install it with: "
                f"{_INSTALL_HINTS.get(name, 'pip install ' + framework)}; "
                "or choose another backend, e.g. KERATA_BACKEND=numpy."
            ) from e
        raise


_module = _load(_config.backend())

core = _module.core
numpy = _module.numpy
nn = _module.nn
math = _module.math
linalg = _module.linalg
image = _module.image
random = _module.random
rnn = _module.rnn

for _name in core.__all__:
    globals()[_name] = getattr(core, _name)
del _name

# Names every backend's core provides (the checker in tests/backend reads
# these): Variable, convert_to_tensor, convert_to_numpy, is_tensor, shape,
# cast, compute_output_spec, device_scope, ... plus capability flags.
Variable = core.Variable


def load_adapter(kind: str):
    """Returns the backend's adapter mixin for "layer", "trainer" or
    "optimizer", or `object` where the backend needs none."""
    try:
        module = importlib.import_module(f"{_module.__name__}.{kind}")
    except ModuleNotFoundError as e:
        if e.name == f"{_module.__name__}.{kind}":
            return object
        raise
    return module.ADAPTER


def _export_public() -> None:
    from kerata.src.api_export import kerata_export

    kerata_export("kerata.Variable", "kerata.backend.Variable")(Variable)
    kerata_export("kerata.name_scope", "kerata.backend.name_scope")(name_scope)
    kerata_export("kerata.backend.clear_session", "kerata.utils.clear_session")(
        clear_session
    )
    kerata_export(
        "kerata.backend.is_keras_tensor", "kerata.utils.is_keras_tensor"
    )(is_keras_tensor)
    kerata_export("kerata.backend.StatelessScope", "kerata.StatelessScope")(
        StatelessScope
    )


_export_public()
