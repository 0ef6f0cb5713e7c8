"""Reading the `logs` that the trainer passes to callbacks.

Batch-level logs may be a read-only mapping whose values are backend scalar
tensors, computed on first access: reading one can force a device-to-host
copy. Callbacks read them only when they need a value, through `to_float`.
Epoch-level logs are plain dicts of Python floats.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kerata.src import ops


def to_float(value: Any) -> float:
    """Returns a log value (float, NumPy scalar or scalar tensor) as a float.

    Args:
        value: A Python number, NumPy scalar or 0-d array, or a backend
            tensor holding one value.

    Returns:
        The value as a Python float.
    """
    if type(value) is float:
        return value
    if isinstance(value, (int, float)):
        return float(value)
    return float(ops.convert_to_numpy(value))


def pythonify_logs(logs: Mapping[str, Any] | None) -> dict[str, Any]:
    """Copies `logs` into a dict whose scalar values are Python floats.

    Values that are not single numbers (e.g. predictions) are kept as they
    are. Reading every value forces lazy logs, so this is for epoch-level
    hooks only.
    """
    if not logs:
        return {}
    result = {}
    for key, value in logs.items():
        if type(value) is not float and not isinstance(value, (str, bytes)):
            try:
                value = to_float(value)
            except (TypeError, ValueError, RuntimeError):
                pass
        result[key] = value
    return result
