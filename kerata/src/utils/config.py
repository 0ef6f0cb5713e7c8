"""`Config`: an attribute-style dict of named settings, freezable."""

from __future__ import annotations

import copy
import difflib
import json
from collections.abc import Iterator
from typing import Any

from kerata.src.api_export import kerata_export


@kerata_export("kerata.utils.Config")
class Config:
    """A dict of named values that also reads and writes as attributes.

    Use it for experiment settings: entries are set with `config.lr = 0.1`
    or `config["lr"] = 0.1`, the whole config serializes to JSON, and
    `freeze()` guards against accidental changes later in a program.
    Iteration yields the keys in sorted order.

    Args:
        **kwargs: The initial entries.

    Example:

    >>> config = kerata.utils.Config(learning_rate=0.1)
    >>> config.seed = 123
    >>> config["learning_rate"], config.seed
    (0.1, 123)
    >>> config.freeze()
    >>> config.frozen
    True
    >>> config.to_json()
    '{"learning_rate": 0.1, "seed": 123}'
    """

    # Names of the object's own attributes and methods; everything else
    # is an entry. Set at the end of __init__.
    __attrs__: set | None = None

    def __init__(self, **kwargs: Any) -> None:
        self._config = kwargs
        self._frozen = False
        self.__attrs__ = set(dir(self))

    @property
    def frozen(self) -> bool:
        """Whether the config refuses changes."""
        return self._frozen

    def freeze(self) -> None:
        """Makes every later change raise a ValueError."""
        self._frozen = True

    def unfreeze(self) -> None:
        """Allows changes again after `freeze()`."""
        self._frozen = False

    def _raise_if_frozen(self) -> None:
        if self._frozen:
            raise ValueError(
                "Cannot change the config: it is frozen. Call unfreeze() "
                "first to allow changes."
            )

    def as_dict(self) -> dict:
        """A shallow copy of the entries as a plain dict."""
        return copy.copy(self._config)

    def to_json(self) -> str:
        """The entries as a JSON string."""
        return json.dumps(self._config)

    def keys(self) -> Any:
        return self._config.keys()

    def values(self) -> Any:
        return self._config.values()

    def items(self) -> Any:
        return self._config.items()

    def get(self, keyname: str, value: Any = None) -> Any:
        return self._config.get(keyname, value)

    def pop(self, *args: Any) -> Any:
        self._raise_if_frozen()
        return self._config.pop(*args)

    def update(self, *args: Any, **kwargs: Any) -> None:
        self._raise_if_frozen()
        self._config.update(*args, **kwargs)

    def __setattr__(self, name: str, value: Any) -> None:
        attrs = object.__getattribute__(self, "__attrs__")
        if attrs is None or name in attrs:
            object.__setattr__(self, name, value)
            return
        self._raise_if_frozen()
        self._config[name] = value

    def __getattr__(self, name: str) -> Any:
        # Only called when normal lookup fails, i.e. for entries.
        config = object.__getattribute__(self, "_config")
        if name in config:
            return config[name]
        message = f"Unknown attribute: {name!r}."
        close = difflib.get_close_matches(name, list(config), n=1, cutoff=0.7)
        if close:
            message += f" Did you mean {close[0]!r}?"
        raise AttributeError(message)

    def __setitem__(self, key: str, item: Any) -> None:
        self._raise_if_frozen()
        self._config[key] = item

    def __getitem__(self, key: str) -> Any:
        return self._config[key]

    def __delitem__(self, key: str) -> None:
        self._raise_if_frozen()
        del self._config[key]

    def __contains__(self, item: Any) -> bool:
        return item in self._config

    def __iter__(self) -> Iterator:
        return iter(sorted(self._config))

    def __len__(self) -> int:
        return len(self._config)

    def __repr__(self) -> str:
        return f"<Config {self._config}>"
