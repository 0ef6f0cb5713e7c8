"""StatelessScope: read variables from a mapping, collect their updates.

A JAX training step must be a pure function of its inputs, so inside the
scope `Variable.value` returns the value passed in and `Variable.assign`
records the new value instead of changing the variable. Other backends use
it for `Layer.stateless_call` too.
"""

from __future__ import annotations

from typing import Any

_CURRENT: list = []


class StatelessScope:
    """Maps variables to values for the duration of a `with` block.

    Args:
        state_mapping: Iterable of `(variable, value)` pairs.
        collect_losses: Whether `add_loss` calls inside are collected.
    """

    def __init__(
        self,
        state_mapping: Any = (),
        collect_losses: bool = False,
    ) -> None:
        from kerata.src import backend

        self.values: dict[int, Any] = {}
        for variable, value in state_mapping:
            if not isinstance(variable, backend.Variable):
                raise TypeError(
                    "StatelessScope expects (Variable, value) pairs. "
                    f"Received a key of type {type(variable).__name__}."
                )
            value = backend.convert_to_tensor(value, dtype=variable.dtype)
            if tuple(value.shape) != variable.shape:
                raise ValueError(
                    f"The value for variable {variable.path} has shape "
                    f"{tuple(value.shape)}; expected {variable.shape}."
                )
            self.values[id(variable)] = value
        self.updates: dict[int, tuple] = {}
        self.collect_losses = collect_losses
        self.losses: list = []

    def get_current_value(self, variable: Any) -> Any:
        update = self.updates.get(id(variable))
        if update is not None:
            return update[1]
        return self.values.get(id(variable))

    def add_update(self, variable: Any, value: Any) -> None:
        self.updates[id(variable)] = (variable, value)

    def __enter__(self) -> StatelessScope:
        _CURRENT.append(self)
        return self

    def __exit__(self, *exc: Any) -> None:
        _CURRENT.pop()


def current() -> StatelessScope | None:
    return _CURRENT[-1] if _CURRENT else None


def in_stateless_scope() -> bool:
    return bool(_CURRENT)
