"""`DTypePolicy`: "float32", "mixed_float16", "mixed_bfloat16", ..."""

from __future__ import annotations

from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.backend.common import config
from kerata.src.backend.common import dtypes

_GLOBAL: list = [None]


@kerata_export("kerata.DTypePolicy", "kerata.dtype_policies.DTypePolicy")
class DTypePolicy:
    """A layer's compute and variable dtypes.

    Args:
        name: A dtype name ("float32", "float16", ...) meaning both, or
            "mixed_float16"/"mixed_bfloat16": compute in 16 bits and keep
            variables in float32. None means floatx.

    Example:

    >>> p = kerata.DTypePolicy("mixed_float16")
    >>> p.compute_dtype, p.variable_dtype
    ('float16', 'float32')
    """

    def __init__(self, name: str | None = None) -> None:
        if name is None:
            name = config.floatx()
        if not isinstance(name, str):
            name = dtypes.standardize_dtype(name)
        self._name = name
        if name in ("mixed_float16", "mixed_bfloat16"):
            self._compute = name.split("_", 1)[1]
            self._variable = "float32"
        else:
            try:
                dt = dtypes.standardize_dtype(name)
            except ValueError:
                raise ValueError(
                    f"Cannot interpret {name!r} as a dtype policy. Expected "
                    "a dtype name or 'mixed_float16'/'mixed_bfloat16'."
                ) from None
            self._compute = self._variable = dt

    @property
    def name(self) -> str:
        return self._name

    @property
    def compute_dtype(self) -> str:
        return self._compute

    @property
    def variable_dtype(self) -> str:
        return self._variable

    def get_config(self) -> dict:
        return {"name": self._name}

    @classmethod
    def from_config(cls, config: dict) -> DTypePolicy:
        return cls(**config)

    def __repr__(self) -> str:
        return f'<DTypePolicy "{self._name}">'

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, DTypePolicy) and other.name == self.name

    def __hash__(self) -> int:
        return hash(self._name)


@kerata_export(
    "kerata.config.set_dtype_policy", "kerata.dtype_policies.set_dtype_policy"
)
def set_dtype_policy(policy: Any) -> None:
    """Sets the default policy of layers created afterwards.

    Example:

    >>> kerata.config.set_dtype_policy("mixed_float16")
    >>> kerata.layers.Dense(2).compute_dtype
    'float16'
    >>> kerata.config.set_dtype_policy(None)
    """
    _GLOBAL[0] = None if policy is None else get(policy)


@kerata_export(
    "kerata.config.dtype_policy", "kerata.dtype_policies.dtype_policy"
)
def dtype_policy() -> DTypePolicy:
    """Returns the default policy (floatx unless set).

    Example:

    >>> kerata.config.dtype_policy().name
    'float32'
    """
    return _GLOBAL[0] if _GLOBAL[0] is not None else DTypePolicy()


def get(identifier: Any) -> DTypePolicy:
    if identifier is None:
        return dtype_policy()
    if isinstance(identifier, DTypePolicy):
        return identifier
    if isinstance(identifier, dict):
        config = identifier.get("config", identifier)
        return DTypePolicy(config.get("name"))
    return DTypePolicy(identifier)
