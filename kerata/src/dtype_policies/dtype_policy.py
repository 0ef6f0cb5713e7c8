"""`DTypePolicy`: "float32", "mixed_float16", "mixed_bfloat16", ..."""

from __future__ import annotations

from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.backend.common import config
from kerata.src.backend.common import dtypes

_GLOBAL: list = [None]

# Class name -> policy class, for `deserialize`; `DTypePolicyMap` adds
# itself when its module is imported (it sits above this one).
CLASSES: dict = {}


@kerata_export(
    "kerata.DTypePolicy",
    "kerata.dtype_policies.DTypePolicy",
    "kerata.mixed_precision.DTypePolicy",
    "kerata.mixed_precision.Policy",
)
class DTypePolicy:
    """A layer's compute and variable dtypes.

    Mixed precision computes in a 16-bit float type and keeps variables in
    float32, so weight updates do not lose their small increments. Pass a
    policy (or its name) as a layer's `dtype`, or set a default for new
    layers with `kerata.config.set_dtype_policy`.

    Args:
        name: A dtype name ("float32", "float16", ...) meaning both, or
            "mixed_float16"/"mixed_bfloat16": compute in 16 bits and keep
            variables in float32. None means the global policy's name.

    Example:

    >>> p = kerata.DTypePolicy("mixed_float16")
    >>> p.compute_dtype, p.variable_dtype
    ('float16', 'float32')
    """

    def __init__(self, name: str | None = None) -> None:
        if name is None:
            name = dtype_policy().name
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
                    "a dtype name such as 'float32', or 'mixed_float16' / "
                    "'mixed_bfloat16'."
                ) from None
            self._compute = self._variable = dt

    @property
    def name(self) -> str:
        """The policy's name, e.g. "mixed_float16"."""
        return self._name

    @property
    def compute_dtype(self) -> str:
        """The dtype layers compute (and return outputs) in."""
        return self._compute

    @property
    def variable_dtype(self) -> str:
        """The dtype layers create their variables in."""
        return self._variable

    @property
    def quantization_mode(self) -> None:
        """None: kerata has no quantized policies."""
        return None

    def get_config(self) -> dict:
        return {"name": self._name}

    @classmethod
    def from_config(cls, config: dict) -> DTypePolicy:
        return cls(**config)

    def __repr__(self) -> str:
        return f'<DTypePolicy "{self._name}">'

    def __eq__(self, other: Any) -> bool:
        # As in Keras: a float policy equals a float policy of the same
        # name, whatever its alias class; a map is never equal to one.
        return (
            type(other) in (DTypePolicy, FloatDTypePolicy)
            and type(self) in (DTypePolicy, FloatDTypePolicy)
            and other.name == self.name
        )

    def __hash__(self) -> int:
        return hash(self._name)


@kerata_export(
    "kerata.FloatDTypePolicy", "kerata.dtype_policies.FloatDTypePolicy"
)
class FloatDTypePolicy(DTypePolicy):
    """Another name of `DTypePolicy`, kept for older code and configs.

    Example:

    >>> p = kerata.dtype_policies.FloatDTypePolicy("float16")
    >>> p == kerata.DTypePolicy("float16"), p.compute_dtype
    (True, 'float16')
    """


CLASSES.update(DTypePolicy=DTypePolicy, FloatDTypePolicy=FloatDTypePolicy)


@kerata_export(
    "kerata.config.set_dtype_policy",
    "kerata.dtype_policies.set_dtype_policy",
    "kerata.mixed_precision.set_dtype_policy",
    "kerata.mixed_precision.set_global_policy",
)
def set_dtype_policy(policy: Any) -> None:
    """Sets the default policy of layers created afterwards.

    Args:
        policy: A policy name such as "mixed_float16", a `DTypePolicy`, or
            None to go back to floatx.

    Example:

    >>> kerata.config.set_dtype_policy("mixed_float16")
    >>> kerata.layers.Dense(2).compute_dtype
    'float16'
    >>> kerata.config.set_dtype_policy(None)
    """
    if policy is not None and not isinstance(policy, (str, DTypePolicy)):
        raise ValueError(
            "`policy` must be a policy name such as 'mixed_float16' or a "
            f"DTypePolicy. Received: policy={policy!r} of type "
            f"{type(policy).__name__}"
        )
    _GLOBAL[0] = None if policy is None else get(policy)


@kerata_export(
    "kerata.config.dtype_policy",
    "kerata.dtype_policies.dtype_policy",
    "kerata.mixed_precision.dtype_policy",
    "kerata.mixed_precision.global_policy",
)
def dtype_policy() -> DTypePolicy:
    """Returns the default policy (floatx unless set).

    Example:

    >>> kerata.config.dtype_policy().name
    'float32'
    """
    if _GLOBAL[0] is not None:
        return _GLOBAL[0]
    return DTypePolicy(config.floatx())


@kerata_export("kerata.dtype_policies.serialize")
def serialize(policy: Any) -> dict:
    """Returns a policy's config in Keras's dict format.

    Args:
        policy: A `DTypePolicy` (or `DTypePolicyMap`).

    Returns:
        `{"module", "class_name", "config", "registered_name"}`.

    Example:

    >>> config = kerata.dtype_policies.serialize(
    ...     kerata.DTypePolicy("mixed_float16"))
    >>> config["class_name"], config["config"]
    ('DTypePolicy', {'name': 'mixed_float16'})
    """
    if not isinstance(policy, DTypePolicy):
        raise TypeError(
            "`policy` must be a DTypePolicy. Received: "
            f"{policy!r} of type {type(policy).__name__}"
        )
    name = type(policy).__name__
    return {
        # Keras writes its float policies under "keras" and the map under
        # "keras.dtype_policies", where its public names live.
        "module": "keras" if name in _FLOAT_NAMES else "keras.dtype_policies",
        "class_name": name,
        "config": policy.get_config(),
        "registered_name": None,
    }


_FLOAT_NAMES = ("DTypePolicy", "FloatDTypePolicy")


@kerata_export("kerata.dtype_policies.deserialize")
def deserialize(config: Any, custom_objects: dict | None = None) -> Any:
    """Builds a policy from the output of `serialize`.

    Args:
        config: A dict with `class_name` and `config`.
        custom_objects: Optional dict of your own policy classes by name.

    Returns:
        The policy.

    Example:

    >>> policy = kerata.dtype_policies.deserialize(
    ...     {"class_name": "DTypePolicy", "config": {"name": "float16"}})
    >>> policy.compute_dtype
    'float16'
    """
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(
            "A dtype policy config must be a dict with keys 'class_name' "
            f"and 'config'. Received: config={config!r}"
        )
    class_name = config["class_name"]
    found = (custom_objects or {}).get(class_name) or CLASSES.get(class_name)
    if found is None:
        raise ValueError(
            f"Unknown dtype policy class {class_name!r}. Expected one of "
            f"{sorted(CLASSES)} (kerata has no quantized policies), or pass "
            "it in `custom_objects`."
        )
    inner = config.get("config") or {}
    if class_name == "DTypePolicyMap":
        return found.from_config(inner, custom_objects=custom_objects)
    return found.from_config(inner)


@kerata_export("kerata.dtype_policies.get")
def get(identifier: Any) -> DTypePolicy:
    """Returns a policy from a name, a config dict, a dtype or a policy.

    Args:
        identifier: None (the global policy), a policy name such as
            "mixed_bfloat16", a dtype, a config dict (from `serialize`,
            or `{"name": ...}`), or a `DTypePolicy` (returned as is).

    Returns:
        A `DTypePolicy`.

    Example:

    >>> kerata.dtype_policies.get("mixed_bfloat16").compute_dtype
    'bfloat16'
    """
    if identifier is None:
        return dtype_policy()
    if isinstance(identifier, DTypePolicy):
        return identifier
    if isinstance(identifier, dict):
        if "class_name" in identifier:
            return deserialize(identifier)
        return DTypePolicy(identifier.get("name"))
    return DTypePolicy(identifier)
