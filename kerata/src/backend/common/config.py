"""Global configuration: backend choice, floatx, epsilon, image format.

The backend is read once, at import: the `KERATA_BACKEND` environment
variable, else `kerata.json` in `KERATA_HOME` (default `~/.kerata`), else
`"torch"`. The other settings start from the same file and can be changed
at run time with the `set_*` functions.
"""

from __future__ import annotations

import json
import os
import threading
from typing import Any

from kerata.src.api_export import kerata_export

# The backend registry's name list: adding a backend adds its name here.
BACKENDS = ("torch", "jax", "numpy")
DEFAULT_BACKEND = "torch"

_FLOATX = "float32"
_EPSILON = 1e-7
_IMAGE_DATA_FORMAT = "channels_last"
_FLOAT_TYPES = ("float16", "bfloat16", "float32", "float64")


def kerata_home() -> str:
    """The folder holding `kerata.json` and caches."""
    home = os.environ.get("KERATA_HOME")
    if home:
        return os.path.abspath(os.path.expanduser(home))
    return os.path.join(os.path.expanduser("~"), ".kerata")


def config_path() -> str:
    return os.path.join(kerata_home(), "kerata.json")


def _read_config_file() -> dict:
    path = config_path()
    if not os.path.exists(path):
        return {}
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        raise ValueError(
            f"Could not read the kerata configuration file {path}: {e}. "
            "Fix the JSON or delete the file to use the defaults."
        ) from e
    if not isinstance(data, dict):
        raise ValueError(
            f"The kerata configuration file {path} must hold a JSON object. "
            f"Received: {type(data).__name__}."
        )
    return data


def _resolve_backend() -> tuple[str, str]:
    """Returns (backend name, where it came from)."""
    env = os.environ.get("KERATA_BACKEND")
    if env:
        source = f"the environment variable KERATA_BACKEND={env!r}"
        name = env.strip().lower()
    else:
        data = _read_config_file()
        if "backend" in data:
            name = str(data["backend"]).strip().lower()
            source = f"'backend': {data['backend']!r} in {config_path()}"
        else:
            return DEFAULT_BACKEND, "the default"
    if name not in BACKENDS:
        raise ValueError(
            f"Unknown kerata backend {name!r}, set by {source}. "
            f"Expected one of {BACKENDS}. For example: "
            "export KERATA_BACKEND=torch"
        )
    return name, source


def _init_from_file() -> None:
    global _FLOATX, _EPSILON, _IMAGE_DATA_FORMAT
    data = _read_config_file()
    if "floatx" in data:
        set_floatx(data["floatx"])
    if "epsilon" in data:
        set_epsilon(data["epsilon"])
    if "image_data_format" in data:
        set_image_data_format(data["image_data_format"])


_BACKEND, BACKEND_SOURCE = _resolve_backend()


@kerata_export("kerata.config.backend", "kerata.backend.backend")
def backend() -> str:
    """Returns the name of the active backend.

    Example:

    >>> kerata.config.backend() in ("torch", "jax", "numpy")
    True
    """
    return _BACKEND


@kerata_export("kerata.config.floatx", "kerata.backend.floatx")
def floatx() -> str:
    """Returns the default float dtype, as a string.

    Example:

    >>> kerata.config.floatx()
    'float32'
    """
    return _FLOATX


@kerata_export("kerata.config.set_floatx", "kerata.backend.set_floatx")
def set_floatx(value: str) -> None:
    """Sets the default float dtype: "float16", "bfloat16", "float32" or
    "float64".

    Example:

    >>> kerata.config.set_floatx("float64")
    >>> kerata.config.floatx()
    'float64'
    >>> kerata.config.set_floatx("float32")
    """
    global _FLOATX
    value = str(value)
    if value not in _FLOAT_TYPES:
        raise ValueError(
            f"Unknown floatx type: {value!r}. Expected one of {_FLOAT_TYPES}."
        )
    _FLOATX = value


@kerata_export("kerata.config.epsilon", "kerata.backend.epsilon")
def epsilon() -> float:
    """Returns the fuzz factor used in numeric expressions.

    Example:

    >>> kerata.config.epsilon()
    1e-07
    """
    return _EPSILON


@kerata_export("kerata.config.set_epsilon", "kerata.backend.set_epsilon")
def set_epsilon(value: float) -> None:
    """Sets the fuzz factor used in numeric expressions.

    Example:

    >>> kerata.config.set_epsilon(1e-5)
    >>> kerata.config.epsilon()
    1e-05
    >>> kerata.config.set_epsilon(1e-7)
    """
    global _EPSILON
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(
            f"`epsilon` must be a float. Received: {value!r} "
            f"of type {type(value).__name__}."
        )
    _EPSILON = float(value)


@kerata_export(
    "kerata.config.image_data_format", "kerata.backend.image_data_format"
)
def image_data_format() -> str:
    """Returns "channels_last" (the default) or "channels_first".

    Example:

    >>> kerata.config.image_data_format()
    'channels_last'
    """
    return _IMAGE_DATA_FORMAT


@kerata_export(
    "kerata.config.set_image_data_format",
    "kerata.backend.set_image_data_format",
)
def set_image_data_format(data_format: str) -> None:
    """Sets the default image layout for conv and pooling layers.

    Example:

    >>> kerata.config.set_image_data_format("channels_first")
    >>> kerata.config.image_data_format()
    'channels_first'
    >>> kerata.config.set_image_data_format("channels_last")
    """
    global _IMAGE_DATA_FORMAT
    data_format = str(data_format).lower()
    if data_format not in ("channels_first", "channels_last"):
        raise ValueError(
            "`data_format` must be 'channels_first' or 'channels_last'. "
            f"Received: {data_format!r}"
        )
    _IMAGE_DATA_FORMAT = data_format


def standardize_data_format(data_format: str | None) -> str:
    """Returns `data_format`, or the global default when it is None."""
    if data_format is None:
        return _IMAGE_DATA_FORMAT
    data_format = str(data_format).lower()
    if data_format not in ("channels_first", "channels_last"):
        raise ValueError(
            "`data_format` must be 'channels_first' or 'channels_last'. "
            f"Received: data_format={data_format!r}"
        )
    return data_format


# --- safe mode ----------------------------------------------------------
# Loading a file never runs code from it (Lambda bytecode) unless the
# user opts in, for one call (`safe_mode=False`) or for the process.
_UNSAFE_DESERIALIZATION = False
_SAFE_MODE = threading.local()


@kerata_export("kerata.config.enable_unsafe_deserialization")
def enable_unsafe_deserialization() -> None:
    """Allows loading Python bytecode (Lambda layers) from saved files.

    Only call this for files you trust: a Lambda layer saved from a Python
    `lambda` holds bytecode that runs when the model is called.

    Example:

    >>> kerata.config.enable_unsafe_deserialization()
    >>> kerata.config.is_unsafe_deserialization_enabled()
    True
    >>> kerata.config.disable_unsafe_deserialization()
    """
    global _UNSAFE_DESERIALIZATION
    _UNSAFE_DESERIALIZATION = True


@kerata_export("kerata.config.disable_unsafe_deserialization")
def disable_unsafe_deserialization() -> None:
    """Restores the default: saved bytecode is refused.

    Example:

    >>> kerata.config.disable_unsafe_deserialization()
    >>> kerata.config.is_unsafe_deserialization_enabled()
    False
    """
    global _UNSAFE_DESERIALIZATION
    _UNSAFE_DESERIALIZATION = False


@kerata_export("kerata.config.is_unsafe_deserialization_enabled")
def is_unsafe_deserialization_enabled() -> bool:
    """Whether `enable_unsafe_deserialization()` is in effect.

    Example:

    >>> kerata.config.is_unsafe_deserialization_enabled()
    False
    """
    return _UNSAFE_DESERIALIZATION


class SafeModeScope:
    """Sets safe mode for deserializations inside a `with` block.

    `SafeModeScope(None)` leaves the enclosing setting in effect.
    """

    def __init__(self, safe_mode: bool | None = True) -> None:
        self.safe_mode = safe_mode
        self._previous = None

    def __enter__(self) -> SafeModeScope:
        self._previous = getattr(_SAFE_MODE, "value", None)
        if self.safe_mode is not None:
            _SAFE_MODE.value = bool(self.safe_mode)
        return self

    def __exit__(self, *exc: object) -> None:
        _SAFE_MODE.value = self._previous


def safe_mode_override() -> bool | None:
    """The setting of an enclosing scope or of the process, if any.

    An outer `safe_mode=False` (or `enable_unsafe_deserialization()`)
    wins over the default `safe_mode=True` of nested calls, as in Keras.
    """
    value = getattr(_SAFE_MODE, "value", None)
    if value is None and _UNSAFE_DESERIALIZATION:
        return False
    return value


def in_safe_mode() -> bool:
    """Whether code from saved configs must be refused right now."""
    value = getattr(_SAFE_MODE, "value", None)
    if value is not None:
        return value
    return not _UNSAFE_DESERIALIZATION


# --- debugging caps on fit ------------------------------------------------
def _cap_from_env(variable: str) -> int | None:
    value = os.environ.get(variable)
    if not value:
        return None
    try:
        cap = int(value)
    except ValueError as e:
        raise ValueError(
            f"The environment variable {variable} must be a positive int. "
            f"Received: {variable}={value!r}"
        ) from e
    return _check_cap(cap, variable)


def _check_cap(value: int | None, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(
            f"`{name}` must be a positive int or None (no limit). "
            f"Received: {value!r}"
        )
    return value


_MAX_EPOCHS = _cap_from_env("KERATA_MAX_EPOCHS")
_MAX_STEPS_PER_EPOCH = _cap_from_env("KERATA_MAX_STEPS_PER_EPOCH")


@kerata_export("kerata.config.set_max_epochs")
def set_max_epochs(max_epochs: int | None) -> None:
    """Caps the number of epochs of every later `fit` call.

    Meant for debugging: a script runs quickly without editing its `fit`
    calls. The environment variable `KERATA_MAX_EPOCHS` sets the same cap
    at import.

    Args:
        max_epochs: Positive int, or `None` for no cap.

    Example:

    >>> kerata.config.set_max_epochs(2)
    >>> kerata.config.max_epochs()
    2
    >>> kerata.config.set_max_epochs(None)
    """
    global _MAX_EPOCHS
    _MAX_EPOCHS = _check_cap(max_epochs, "max_epochs")


@kerata_export("kerata.config.max_epochs")
def max_epochs() -> int | None:
    """Returns the cap set by `set_max_epochs` (or `KERATA_MAX_EPOCHS`).

    Returns:
        The int cap on `fit`'s epochs, or `None` when there is none.

    Example:

    >>> kerata.config.max_epochs() is None
    True
    """
    return _MAX_EPOCHS


@kerata_export("kerata.config.set_max_steps_per_epoch")
def set_max_steps_per_epoch(max_steps_per_epoch: int | None) -> None:
    """Caps the steps of each epoch of `fit`, `evaluate` and `predict`.

    Meant for debugging, like `set_max_epochs`. The environment variable
    `KERATA_MAX_STEPS_PER_EPOCH` sets the same cap at import.

    Args:
        max_steps_per_epoch: Positive int, or `None` for no cap.

    Example:

    >>> kerata.config.set_max_steps_per_epoch(3)
    >>> kerata.config.max_steps_per_epoch()
    3
    >>> kerata.config.set_max_steps_per_epoch(None)
    """
    global _MAX_STEPS_PER_EPOCH
    _MAX_STEPS_PER_EPOCH = _check_cap(
        max_steps_per_epoch, "max_steps_per_epoch"
    )


@kerata_export("kerata.config.max_steps_per_epoch")
def max_steps_per_epoch() -> int | None:
    """Returns the cap set by `set_max_steps_per_epoch`.

    Returns:
        The int cap on steps per epoch, or `None` when there is none.

    Example:

    >>> kerata.config.max_steps_per_epoch() is None
    True
    """
    return _MAX_STEPS_PER_EPOCH


# --- flags kept for Keras compatibility -------------------------------------
# Keras filters its own frames out of tracebacks; kerata raises plain
# tracebacks, so this flag is only recorded.
_TRACEBACK_FILTERING = True
# Keras's default is None ("use flash attention where it applies").
_FLASH_ATTENTION: bool | None = None


@kerata_export("kerata.config.enable_traceback_filtering")
def enable_traceback_filtering() -> None:
    """Records that traceback filtering is on (the default).

    kerata does not filter tracebacks: its tracebacks are always complete.
    The flag is kept so Keras code that sets it runs unchanged.

    Example:

    >>> kerata.config.enable_traceback_filtering()
    >>> kerata.config.is_traceback_filtering_enabled()
    True
    """
    global _TRACEBACK_FILTERING
    _TRACEBACK_FILTERING = True


@kerata_export("kerata.config.disable_traceback_filtering")
def disable_traceback_filtering() -> None:
    """Records that traceback filtering is off.

    kerata never filters tracebacks, so this changes no output.

    Example:

    >>> kerata.config.disable_traceback_filtering()
    >>> kerata.config.is_traceback_filtering_enabled()
    False
    >>> kerata.config.enable_traceback_filtering()
    """
    global _TRACEBACK_FILTERING
    _TRACEBACK_FILTERING = False


@kerata_export("kerata.config.is_traceback_filtering_enabled")
def is_traceback_filtering_enabled() -> bool:
    """Returns the flag set by `enable/disable_traceback_filtering`.

    Example:

    >>> kerata.config.is_traceback_filtering_enabled()
    True
    """
    return _TRACEBACK_FILTERING


@kerata_export("kerata.config.enable_flash_attention")
def enable_flash_attention() -> None:
    """Lets attention use a flash kernel where one applies (the default).

    As in Keras this restores the automatic choice, so
    `is_flash_attention_enabled()` returns `None` afterwards. Where a
    backend has no flash kernel, `dot_product_attention` ignores the flag.

    Example:

    >>> kerata.config.enable_flash_attention()
    >>> kerata.config.is_flash_attention_enabled() is None
    True
    """
    global _FLASH_ATTENTION
    _FLASH_ATTENTION = None


@kerata_export("kerata.config.disable_flash_attention")
def disable_flash_attention() -> None:
    """Asks attention layers not to use a flash kernel.

    Example:

    >>> kerata.config.disable_flash_attention()
    >>> kerata.config.is_flash_attention_enabled()
    False
    >>> kerata.config.enable_flash_attention()
    """
    global _FLASH_ATTENTION
    _FLASH_ATTENTION = False


@kerata_export("kerata.config.is_flash_attention_enabled")
def is_flash_attention_enabled() -> bool | None:
    """Returns `False` after `disable_flash_attention()`, else `None`
    (automatic: flash attention where the backend has it), as in Keras.

    Example:

    >>> kerata.config.is_flash_attention_enabled() is None
    True
    """
    return _FLASH_ATTENTION


@kerata_export("kerata.config.is_nnx_enabled")
def is_nnx_enabled() -> bool:
    """Always `False`: kerata has no Flax NNX integration.

    Example:

    >>> kerata.config.is_nnx_enabled()
    False
    """
    return False


@kerata_export("kerata.config.set_backend")
def set_backend(backend: str) -> None:
    """Checks that `backend` is the active backend.

    Keras reloads its modules to switch backends; kerata picks its backend
    once, at import, so a switch needs a new process with the environment
    variable `KERATA_BACKEND` set before `import kerata`. Asking for the
    active backend does nothing.

    Args:
        backend: A backend name: "torch", "jax" or "numpy".

    Raises:
        ValueError: If `backend` is unknown or is not the active backend.

    Example:

    >>> kerata.config.set_backend(kerata.config.backend())
    """
    name = str(backend).strip().lower()
    if name not in BACKENDS:
        raise ValueError(
            f"Unknown backend {backend!r}. Expected one of {BACKENDS}."
        )
    if name != _BACKEND:
        raise ValueError(
            f"kerata cannot switch from the {_BACKEND!r} backend to {name!r} "
            "in a running process: the backend is chosen at import. Set "
            f"the environment variable KERATA_BACKEND={name} before "
            "importing kerata (e.g. `KERATA_BACKEND="
            f"{name} python script.py`), or set 'backend' in "
            f"{config_path()}."
        )


# Public dtype predicates of `kerata.backend`. They live in `dtypes`,
# which imports this module, hence the imports inside the functions.
@kerata_export("kerata.backend.is_float_dtype")
def is_float_dtype(dtype: Any) -> bool:
    """Whether `dtype` is a floating-point dtype (bfloat16 included).

    Args:
        dtype: A dtype name, Python type, or NumPy, torch or JAX dtype.

    Example:

    >>> kerata.backend.is_float_dtype("bfloat16")
    True
    >>> kerata.backend.is_float_dtype("int32")
    False
    """
    from kerata.src.backend.common import dtypes

    return dtypes.is_float_dtype(dtype)


@kerata_export("kerata.backend.is_int_dtype")
def is_int_dtype(dtype: Any) -> bool:
    """Whether `dtype` is a signed or unsigned integer dtype (not bool).

    Args:
        dtype: A dtype name, Python type, or NumPy, torch or JAX dtype.

    Example:

    >>> kerata.backend.is_int_dtype("uint8")
    True
    >>> kerata.backend.is_int_dtype("bool")
    False
    """
    from kerata.src.backend.common import dtypes

    return dtypes.is_int_dtype(dtype)


_init_from_file()
