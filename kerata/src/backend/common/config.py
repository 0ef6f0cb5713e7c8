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


_init_from_file()
