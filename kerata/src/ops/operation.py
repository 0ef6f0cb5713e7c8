"""Operation: the common base of ops called symbolically and of layers.

Called on real tensors, an operation computes. Called on KerasTensors, it
infers the output shape and dtype (by default by tracing `call` through
the backend's `compute_output_spec`, which does not compute) and records a
`Node`, from which functional models are built.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from kerata.src import backend
from kerata.src.backend.common import global_state
from kerata.src.backend.common.keras_tensor import any_symbolic_tensors
from kerata.src.ops.node import Node


class Operation:
    def __init__(self, name: str | None = None) -> None:
        if name is None:
            name = global_state.auto_name(type(self).__name__)
        if not isinstance(name, str) or "/" in name:
            raise ValueError(
                "An operation's name must be a str without '/'. "
                f"Received: name={name!r}"
            )
        self.name = name
        self._inbound_nodes: list = []
        self._outbound_nodes: list = []

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if any_symbolic_tensors(args, kwargs):
            return self.symbolic_call(*args, **kwargs)
        return self.call(*args, **kwargs)

    def call(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError

    def symbolic_call(self, *args: Any, **kwargs: Any) -> Any:
        outputs = self.compute_output_spec(*args, **kwargs)
        Node(self, call_args=args, call_kwargs=kwargs, outputs=outputs)
        return outputs

    def compute_output_spec(self, *args: Any, **kwargs: Any) -> Any:
        return backend.compute_output_spec(self.call, *args, **kwargs)

    def get_config(self) -> dict:
        return {"name": self.name}

    @classmethod
    def from_config(cls, config: dict) -> Operation:
        return cls(**config)

    # Graph helpers shared with layers.
    def _get_node_attribute_at_index(
        self, node_index: int, attr: str, attr_name: str
    ) -> Any:
        if not self._inbound_nodes:
            raise AttributeError(
                f"The layer {self.name!r} has never been called and thus "
                f"has no defined {attr_name}."
            )
        if node_index >= len(self._inbound_nodes):
            raise ValueError(
                f"Asked for node {node_index} of {self.name!r}, but it has "
                f"only {len(self._inbound_nodes)} inbound nodes."
            )
        values = getattr(self._inbound_nodes[node_index], attr)
        return values[0] if len(values) == 1 else values

    @property
    def input(self) -> Any:
        """The symbolic input(s) of the first call."""
        return self._get_node_attribute_at_index(0, "input_tensors", "input")

    @property
    def output(self) -> Any:
        """The symbolic output(s) of the first call."""
        return self._get_node_attribute_at_index(0, "outputs", "output")


class FunctionOperation(Operation):
    """An operation made from a plain function, for symbolic calls of ops."""

    def __init__(self, fn: Callable, spec_fn: Callable | None = None) -> None:
        super().__init__(name=global_state.auto_name(fn.__name__))
        self.fn = fn
        self.spec_fn = spec_fn

    def call(self, *args: Any, **kwargs: Any) -> Any:
        return self.fn(*args, **kwargs)

    def compute_output_spec(self, *args: Any, **kwargs: Any) -> Any:
        if self.spec_fn is not None:
            return self.spec_fn(*args, **kwargs)
        return backend.compute_output_spec(self.fn, *args, **kwargs)


def symbolic_op(fn: Callable | None = None, *, spec: Callable | None = None):
    """Makes a public op work on KerasTensors too.

    On real tensors the op runs directly (one cheap check, no tree
    flattening). On KerasTensors a `FunctionOperation` node is recorded and
    the output spec inferred, from `spec(*args, **kwargs)` when given
    (ops whose output shape depends on values), else by tracing.
    """

    def wrap(f: Callable) -> Callable:
        @functools.wraps(f)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if any_symbolic_tensors(args, kwargs):
                return FunctionOperation(f, spec).symbolic_call(*args, **kwargs)
            return f(*args, **kwargs)

        wrapper._kerata_op = f
        return wrapper

    return wrap(fn) if fn is not None else wrap
