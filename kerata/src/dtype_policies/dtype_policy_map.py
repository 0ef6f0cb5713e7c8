"""`DTypePolicyMap`: per-layer-path dtype policies in one object."""

from __future__ import annotations

import re
from collections.abc import Iterator
from collections.abc import MutableMapping
from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.dtype_policies.dtype_policy import CLASSES
from kerata.src.dtype_policies.dtype_policy import DTypePolicy
from kerata.src.dtype_policies.dtype_policy import deserialize
from kerata.src.dtype_policies.dtype_policy import dtype_policy
from kerata.src.dtype_policies.dtype_policy import get
from kerata.src.dtype_policies.dtype_policy import serialize


@kerata_export("kerata.dtype_policies.DTypePolicyMap")
class DTypePolicyMap(DTypePolicy, MutableMapping):
    """A dict from layer paths to `DTypePolicy`s, usable as a policy.

    A composite layer can save the policies of its sublayers in its config
    as one `dtype` value. Lookups try the exact key first, then every key
    as a regular expression that must match the whole path
    (`re.fullmatch`), so `"encoder/.*"` covers all of the encoder's
    sublayers while `"encoder"` covers only that path. A path matched by
    no key gets `default_policy`; one matched by several keys is an error.
    As a policy, the map computes and stores in its default policy's
    dtypes.

    Args:
        default_policy: The policy of unmatched paths (a `DTypePolicy` or
            its name). None means the global policy at the time of use.
        policy_map: Optional dict from path (or pattern) to policy.

    Example:

    >>> policies = kerata.dtype_policies.DTypePolicyMap("float32")
    >>> policies["encoder/.*"] = "bfloat16"
    >>> policies["encoder/dense"].name, policies["decoder/dense"].name
    ('bfloat16', 'float32')
    """

    def __init__(
        self, default_policy: Any = None, policy_map: dict | None = None
    ) -> None:
        if isinstance(default_policy, DTypePolicyMap):
            raise ValueError(
                "`default_policy` cannot be a DTypePolicyMap. Pass a "
                "DTypePolicy or a policy name such as 'float32'."
            )
        if policy_map is not None and not isinstance(policy_map, dict):
            raise TypeError(
                "`policy_map` must be a dict or None. Received: "
                f"policy_map={policy_map!r} of type "
                f"{type(policy_map).__name__}"
            )
        self._default_policy_arg = default_policy
        self._default_policy = (
            None if default_policy is None else get(default_policy)
        )
        self._policy_map: dict = {}
        for key, policy in (policy_map or {}).items():
            self[key] = policy

    @property
    def default_policy(self) -> DTypePolicy:
        """The policy of paths no key matches."""
        if self._default_policy is None:
            return dtype_policy()
        return self._default_policy

    # The Layer base reads these attributes on every call.
    @property
    def _compute(self) -> str:  # type: ignore[override]
        return self.default_policy.compute_dtype

    @property
    def _variable(self) -> str:  # type: ignore[override]
        return self.default_policy.variable_dtype

    @property
    def _name(self) -> str:  # type: ignore[override]
        return f"map_{self.default_policy.name}"

    def __getitem__(self, key: str) -> DTypePolicy:
        if key in self._policy_map:
            return self._policy_map[key]
        matches = [p for p in self._policy_map if re.fullmatch(p, key)]
        if len(matches) > 1:
            raise ValueError(
                f"Path {key!r} matches several keys of the DTypePolicyMap: "
                f"{matches}. Make the patterns disjoint so each path "
                "matches at most one."
            )
        if matches:
            return self._policy_map[matches[0]]
        return self.default_policy

    def __setitem__(self, key: str, policy: Any) -> None:
        if key in self._policy_map:
            raise ValueError(
                f"Key {key!r} is already in the DTypePolicyMap (policy "
                f"{self._policy_map[key].name!r}). Delete it first to "
                "replace it."
            )
        if isinstance(policy, DTypePolicyMap):
            raise ValueError(
                f"The value for {key!r} cannot be a DTypePolicyMap."
            )
        self._policy_map[key] = get(policy)

    def __delitem__(self, key: str) -> None:
        del self._policy_map[key]

    def __contains__(self, key: object) -> bool:
        return key in self._policy_map

    def __iter__(self) -> Iterator[str]:
        return iter(self._policy_map)

    def __len__(self) -> int:
        return len(self._policy_map)

    def __eq__(self, other: Any) -> bool:
        return (
            isinstance(other, DTypePolicyMap)
            and other._default_policy_arg == self._default_policy_arg
            and other._policy_map == self._policy_map
        )

    __hash__ = None  # type: ignore[assignment]

    def get_config(self) -> dict:
        entries = {}
        for key, policy in self._policy_map.items():
            entry = serialize(policy)
            if self._default_policy_arg is None:
                # As in Keras: with no default, the entries follow the
                # global policy of the program that loads them.
                entry["config"] = {"name": None}
            entries[key] = entry
        default = self._default_policy_arg
        if isinstance(default, DTypePolicy):
            default = serialize(default)
        return {"default_policy": default, "policy_map": entries}

    @classmethod
    def from_config(
        cls, config: dict, custom_objects: dict | None = None
    ) -> DTypePolicyMap:
        config = dict(config)
        default = config.get("default_policy")
        if isinstance(default, dict):
            config["default_policy"] = deserialize(default, custom_objects)
        config["policy_map"] = {
            key: deserialize(entry, custom_objects)
            if isinstance(entry, dict)
            else entry
            for key, entry in (config.get("policy_map") or {}).items()
        }
        return cls(**config)

    def __repr__(self) -> str:
        mapping = [(k, v.name) for k, v in self._policy_map.items()]
        default = self._default_policy_arg
        if isinstance(default, DTypePolicy):
            default = default.name
        return f"<DTypePolicyMap default_policy={default}, mapping={mapping}>"


CLASSES["DTypePolicyMap"] = DTypePolicyMap
