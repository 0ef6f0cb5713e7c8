"""Functional models: a graph of layer calls from inputs to outputs.

At construction the graph is walked back from the outputs and turned into
a flat execution plan, so that calling the model is one loop over steps
with no graph traversal, no tree flattening for single-input layers and
no per-call checks beyond input conversion.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kerata.src import backend
from kerata.src import tree
from kerata.src.api_export import kerata_export
from kerata.src.backend.common import masking
from kerata.src.backend.common.keras_tensor import KerasTensor
from kerata.src.layers.core.input_layer import InputLayer
from kerata.src.layers.input_spec import InputSpec
from kerata.src.layers.layer import Layer
from kerata.src.models.model import Model


class Functional(Model):
    """A model defined by `Model(inputs, outputs)`; see `kerata.Model`.

    Example:

    >>> a = kerata.Input((3,), name="a")
    >>> b = kerata.Input((3,), name="b")
    >>> shared = kerata.layers.Dense(2, name="shared")
    >>> out = kerata.layers.Add()([shared(a), shared(b)])
    >>> model = kerata.Model([a, b], out)
    >>> [layer.name for layer in model.layers]
    ['a', 'b', 'shared', 'add']
    """

    def __init__(
        self,
        inputs: Any,
        outputs: Any,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        trainable = kwargs.pop("trainable", True)
        Layer.__init__(self, name=name, trainable=trainable, **kwargs)
        from kerata.src.trainers.trainer import Trainer

        Trainer.__init__(self)
        self._inputs_struct = inputs
        self._outputs_struct = outputs
        self._flat_inputs = tree.flatten(self._inputs_struct)
        self._flat_outputs = tree.flatten(self._outputs_struct)
        for kind, flat in (
            ("inputs", self._flat_inputs),
            ("outputs", self._flat_outputs),
        ):
            for t in flat:
                if not isinstance(t, KerasTensor):
                    raise TypeError(
                        f"All {kind} of a functional model must be symbolic "
                        "tensors made from kerata.Input and layer calls. "
                        f"Received: {t!r} of type {type(t).__name__}"
                    )
        nodes = _map_graph(self._flat_inputs, self._flat_outputs)
        self._operations = _keras_operation_order(
            self._flat_inputs, self._flat_outputs
        )
        self._nodes = nodes
        self._plan = [_make_step(node) for node in nodes]
        self._output_ids = [id(t) for t in self._flat_outputs]
        self._input_names = [
            t._history[0].name
            if t._history is not None
            else (t.name or f"input_{i}")
            for i, t in enumerate(self._flat_inputs)
        ]
        self._single_input = len(self._flat_inputs) == 1 and not isinstance(
            self._inputs_struct, (list, tuple, dict)
        )
        if len(self._flat_inputs) == 1 or isinstance(
            self._inputs_struct, (list, tuple)
        ):
            specs = [InputSpec(shape=t.shape) for t in self._flat_inputs]
            self._input_spec = specs[0] if self._single_input else specs
        self.built = True

    # --- structure ---------------------------------------------------------
    @property
    def operations(self) -> list:
        """Every operation in the graph, input layers first."""
        return list(self._operations)

    @property
    def layers(self) -> list:
        return [op for op in self._operations if isinstance(op, Layer)]

    @property
    def _layers(self) -> list:
        return self.layers

    @property
    def inputs(self) -> list:
        return list(self._flat_inputs)

    @property
    def outputs(self) -> list:
        return list(self._flat_outputs)

    @property
    def input(self) -> Any:
        return self._inputs_struct

    @property
    def output(self) -> Any:
        return self._outputs_struct

    @property
    def output_names(self) -> list:
        """Names of the outputs: the dict keys for dict outputs, else the
        names of the layers that produce them (what `compile` keys
        per-output losses and metrics by)."""
        if isinstance(self._outputs_struct, dict):
            return list(self._outputs_struct.keys())
        names = []
        for t in self._flat_outputs:
            history = t._history
            names.append(history[0].name if history else t.name)
        return names

    @property
    def input_shape(self) -> Any:
        return tree.map_structure(lambda t: t.shape, self._inputs_struct)

    @property
    def output_shape(self) -> Any:
        return tree.map_structure(lambda t: t.shape, self._outputs_struct)

    def build(self, input_shape: Any = None) -> None:
        self.built = True

    # --- running -----------------------------------------------------------
    def call(self, inputs: Any, training: Any = None, mask: Any = None) -> Any:
        flat = self._standardize_inputs(inputs)
        values = {}
        masks = tree.flatten(mask) if mask is not None else None
        for i, (kt, x) in enumerate(zip(self._flat_inputs, flat)):
            values[id(kt)] = x
            if masks is not None and i < len(masks) and masks[i] is not None:
                masking.set_keras_mask(x, masks[i])
        for op, fast, spec, output_ids in self._plan:
            if fast is not None:
                out = op(values[fast], **spec)
            else:
                template, positions = spec
                leaves = list(template)
                for pos, key in positions:
                    leaves[pos] = values[key]
                args, kwargs = tree.pack_sequence_as(template.structure, leaves)
                out = op(*args, **kwargs)
            if len(output_ids) == 1:
                values[output_ids[0]] = (
                    out
                    if not isinstance(out, (list, tuple))
                    else tree.flatten(out)[0]
                )
            else:
                for key, value in zip(output_ids, tree.flatten(out)):
                    values[key] = value
        if len(self._output_ids) == 1 and not isinstance(
            self._outputs_struct, dict
        ):
            # `Model(x, [y])` returns `y` itself, as in Keras.
            return values[self._output_ids[0]]
        return tree.pack_sequence_as(
            self._outputs_struct, [values[k] for k in self._output_ids]
        )

    def _standardize_inputs(self, inputs: Any) -> list:
        n = len(self._flat_inputs)
        if isinstance(inputs, dict):
            if isinstance(self._inputs_struct, dict):
                missing = set(self._inputs_struct) - set(inputs)
                if missing:
                    raise ValueError(
                        f"Model {self.name!r} expects inputs with keys "
                        f"{sorted(self._inputs_struct)}; missing "
                        f"{sorted(missing)}."
                    )
                flat = tree.flatten({k: inputs[k] for k in self._inputs_struct})
            else:
                missing = [k for k in self._input_names if k not in inputs]
                if missing:
                    raise ValueError(
                        f"Model {self.name!r} expects inputs named "
                        f"{self._input_names}; missing {missing}. Received "
                        f"keys: {sorted(inputs)}"
                    )
                flat = [inputs[k] for k in self._input_names]
        elif n == 1 and not isinstance(inputs, (list, tuple)):
            flat = [inputs]
        else:
            flat = tree.flatten(inputs)
        if len(flat) != n:
            raise ValueError(
                f"Model {self.name!r} expects {n} input(s) "
                f"{[t.shape for t in self._flat_inputs]}, but it received "
                f"{len(flat)} input tensor(s)."
            )
        out = []
        for kt, x in zip(self._flat_inputs, flat):
            if x is None:
                out.append(None)
                continue
            if kt.dtype == "string":
                out.append(np.asarray(x))  # text stays on the host
                continue
            if not backend.is_tensor(x):
                x = backend.convert_to_tensor(x, dtype=kt.dtype)
            elif backend.standardize_dtype(x.dtype) != kt.dtype:
                x = backend.cast(x, kt.dtype)
            out.append(x)
        return out

    def compute_output_spec(self, *args: Any, **kwargs: Any) -> Any:
        return backend.compute_output_spec(self.call, *args, **kwargs)

    def get_config(self) -> dict:
        from kerata.src.saving import functional_config

        return functional_config.functional_get_config(self)

    @classmethod
    def from_config(
        cls, config: dict, custom_objects: dict | None = None
    ) -> Functional:
        from kerata.src.saving import functional_config

        inputs, outputs = functional_config.rebuild_graph(
            config, custom_objects
        )
        return Functional(
            inputs,
            outputs,
            name=config.get("name"),
            trainable=config.get("trainable", True),
        )


class _Template(list):
    """The flat argument leaves of a node, plus their nesting."""

    structure: Any = None


def _make_step(node: Any) -> tuple:
    op = node.operation
    output_ids = [id(t) for t in node.outputs]
    args, kwargs = node.call_args, node.call_kwargs
    if (
        len(args) == 1
        and isinstance(args[0], KerasTensor)
        and not any(isinstance(x, KerasTensor) for x in tree.flatten(kwargs))
    ):
        return op, id(args[0]), dict(kwargs), output_ids
    structure = (list(args), dict(kwargs))
    leaves = tree.flatten(structure)
    template = _Template(leaves)
    template.structure = structure
    positions = [
        (i, id(x)) for i, x in enumerate(leaves) if isinstance(x, KerasTensor)
    ]
    return op, None, (template, positions), output_ids


def _keras_operation_order(inputs: list, outputs: list) -> list:
    """The graph's operations in Keras's order: by decreasing depth (the
    longest path to an output), ties broken by first visit in a
    depth-first walk from the outputs.

    Saved weights are matched by this order (`layers/dense`,
    `layers/dense_1`, ...), so it must be Keras's for files to cross over.
    """
    input_ids = {id(t) for t in inputs}

    def parent_node(tensor: Any) -> Any:
        if tensor._history is None:
            return None
        op, node_index, _ = tensor._history
        node = op._inbound_nodes[node_index]
        if id(tensor) in input_ids and not node.is_input:
            return None  # an intermediate tensor used as a model input
        return node

    index: dict = {}  # id(op) -> first-visit order
    ops: dict = {}
    order: list = []  # nodes, each after the nodes it depends on
    seen: set = set()
    for out in outputs:
        first = parent_node(out)
        if first is None or id(first) in seen:
            continue
        stack = [(first, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
                continue
            if id(node) in seen:
                continue
            seen.add(id(node))
            op = node.operation
            if id(op) not in index:
                index[id(op)] = len(index)
                ops[id(op)] = op
            stack.append((node, True))
            if not node.is_input:
                for t in reversed(node.input_tensors):
                    parent = parent_node(t)
                    if parent is not None and id(parent) not in seen:
                        stack.append((parent, False))
    node_depth: dict = {}
    op_depth: dict = {}
    in_graph = {id(n) for n in order}
    for node in reversed(order):
        depth = max(
            node_depth.setdefault(id(node), 0),
            op_depth.get(id(node.operation), 0),
        )
        op_depth[id(node.operation)] = depth
        node_depth[id(node)] = depth
        if node.is_input:
            continue
        for t in node.input_tensors:
            parent = parent_node(t)
            if parent is not None and id(parent) in in_graph:
                node_depth[id(parent)] = max(
                    depth + 1, node_depth.get(id(parent), 0)
                )
    for t in inputs:  # inputs that no output depends on
        op = t._history[0] if t._history is not None else None
        if op is not None and id(op) not in op_depth:
            op_depth[id(op)] = 0
            index[id(op)] = -1
            ops[id(op)] = op
    return sorted(
        ops.values(), key=lambda op: (-op_depth[id(op)], index[id(op)])
    )


def _map_graph(inputs: list, outputs: list) -> list:
    """Nodes needed to compute `outputs` from `inputs`, in an order where
    every node comes after the nodes it depends on."""
    input_ids = {id(t) for t in inputs}
    order: list = []
    done: set = set()
    on_path: set = set()
    for out in outputs:
        stack = [(out, False)]
        while stack:
            tensor, expanded = stack.pop()
            if id(tensor) in input_ids:
                continue
            history = tensor._history
            if history is None:
                raise ValueError(
                    f"Graph disconnected: the tensor {tensor} was not made "
                    "by a kerata layer or op from the model's inputs."
                )
            op, node_index, _ = history
            node = op._inbound_nodes[node_index]
            if id(node) in done:
                continue
            if expanded:
                on_path.discard(id(node))
                done.add(id(node))
                order.append(node)
                continue
            if isinstance(op, InputLayer) or node.is_input:
                raise ValueError(
                    f"Graph disconnected: cannot obtain a value for the "
                    f"tensor {tensor} of input layer {op.name!r}: it is "
                    "not among the model's inputs. Pass it in `inputs`. "
                    f"Inputs given: {[t.name for t in inputs]}"
                )
            if id(node) in on_path:
                continue
            on_path.add(id(node))
            stack.append((tensor, True))
            for t in reversed(node.input_tensors):
                stack.append((t, False))
    return order


@kerata_export("kerata.utils.get_source_inputs")
def get_source_inputs(tensor: Any) -> list:
    """Returns the input tensors that `tensor` was computed from.

    The graph of layer calls is walked back from `tensor` to the tensors
    made by `kerata.Input`; each appears once, in first-visit order.

    Args:
        tensor: A symbolic tensor of a functional graph.

    Returns:
        A list of input tensors (`[tensor]` when `tensor` is an input).
        A value that is not a symbolic tensor is returned unchanged.

    Example:

    >>> a = kerata.Input((2,), name="a")
    >>> b = kerata.Input((2,), name="b")
    >>> out = kerata.layers.Add()([kerata.layers.Dense(2)(a), b])
    >>> [t.name for t in kerata.utils.get_source_inputs(out)]
    ['a', 'b']
    """
    if not isinstance(tensor, KerasTensor):
        return tensor
    if tensor._history is None:
        return [tensor]
    op, node_index, _ = tensor._history
    if not op._inbound_nodes:
        return [tensor]
    node = op._inbound_nodes[node_index]
    if node.is_input:
        return list(node.outputs)
    sources: list = []
    for t in node.input_tensors:
        for x in get_source_inputs(t):
            if all(x is not s for s in sources):
                sources.append(x)
    return sources
