"""`Initializer`, the base class of weight initializers."""

from __future__ import annotations

from typing import Any

from kerata.src.api_export import kerata_export


@kerata_export("kerata.initializers.Initializer", "kerata.Initializer")
class Initializer:
    """Base class of initializers: callables `init(shape, dtype=None)` that
    return a new tensor of that shape and dtype.

    Subclasses implement `__call__`, and `get_config()` when the constructor
    takes arguments, so that layers using them can be saved and rebuilt.
    The default `from_config` passes the config to the constructor.

    Example:

    >>> class Halves(kerata.initializers.Initializer):
    ...     def __call__(self, shape, dtype=None):
    ...         return kerata.ops.full(shape, 0.5, dtype=dtype)
    >>> kerata.ops.convert_to_numpy(Halves()((2,))).tolist()
    [0.5, 0.5]
    """

    def __call__(self, shape: Any, dtype: Any = None) -> Any:
        """Returns a tensor of `shape` and `dtype` (default: floatx)."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement "
            "`__call__(self, shape, dtype=None)`."
        )

    def get_config(self) -> dict:
        """Returns the constructor arguments as a JSON-serializable dict."""
        return {}

    @classmethod
    def from_config(cls, config: dict) -> Initializer:
        """Builds an initializer from the output of `get_config()`."""
        return cls(**config)

    def clone(self) -> Initializer:
        """Returns a new initializer with the same config."""
        return type(self).from_config(self.get_config())
