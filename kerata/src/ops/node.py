"""Nodes: one call of an operation on symbolic tensors.

A node remembers the operation, the arguments it was called with (with
KerasTensors where real tensors will go) and the KerasTensors it produced.
Functional models are graphs of nodes.
"""

from __future__ import annotations

from typing import Any

from kerata.src import tree
from kerata.src.backend.common.keras_tensor import KerasTensor


class Node:
    def __init__(
        self,
        operation: Any,
        call_args: tuple = (),
        call_kwargs: dict | None = None,
        outputs: Any = None,
    ) -> None:
        self.operation = operation
        self.call_args = tuple(call_args)
        self.call_kwargs = dict(call_kwargs or {})
        self.outputs = tree.flatten(outputs) if outputs is not None else []
        flat = tree.flatten((self.call_args, self.call_kwargs))
        self.input_tensors = [x for x in flat if isinstance(x, KerasTensor)]
        self.node_index = len(operation._inbound_nodes)
        operation._inbound_nodes.append(self)
        for i, t in enumerate(self.outputs):
            if isinstance(t, KerasTensor):
                t._history = (operation, self.node_index, i)
        for t in self.input_tensors:
            if t._history is not None:
                t._history[0]._outbound_nodes.append(self)

    @property
    def parent_nodes(self) -> list:
        """Nodes that produced this node's inputs."""
        out = []
        for t in self.input_tensors:
            if t._history is not None:
                op, index, _ = t._history
                out.append(op._inbound_nodes[index])
        return out

    @property
    def is_input(self) -> bool:
        return not self.input_tensors

    def __repr__(self) -> str:
        return f"<Node {self.operation.name} #{self.node_index}>"
