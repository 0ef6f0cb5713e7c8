"""Functional model configs in Keras 3's format: each layer with its
`inbound_nodes`, whose arguments refer to tensors as
`{"class_name": "__keras_tensor__", "config": {"shape", "dtype",
"keras_history": [layer_name, node_index, tensor_index]}}`."""

from __future__ import annotations

from typing import Any

from kerata.src import tree
from kerata.src.backend.common.keras_tensor import KerasTensor
from kerata.src.layers.layer import Layer
from kerata.src.saving import serialization_lib


def functional_get_config(model: Any) -> dict:
    """`{"name", "trainable", "layers", "input_layers", "output_layers"}`."""
    node_ids = {id(node) for node in model._nodes}
    # Node indices count only the nodes of this model, as in Keras.
    reindex: dict = {}
    layers = []
    for layer in model.layers:
        kept = [n for n in layer._inbound_nodes if id(n) in node_ids]
        for new_index, node in enumerate(kept):
            reindex[(id(layer), node.node_index)] = new_index
        reindex.setdefault((id(layer), 0), 0)
        layers.append((layer, kept))

    def tensor_config(t: KerasTensor) -> dict:
        return {
            "class_name": "__keras_tensor__",
            "config": {
                "shape": list(t.shape),
                "dtype": t.dtype,
                "keras_history": _history(t, reindex),
            },
        }

    def to_config(x: Any) -> Any:
        if isinstance(x, KerasTensor):
            return tensor_config(x)
        if isinstance(x, (list, tuple)):
            return [to_config(v) for v in x]
        if isinstance(x, dict):
            return {k: to_config(v) for k, v in x.items()}
        return serialization_lib.serialize_keras_object(x)

    layer_configs = []
    for layer, kept in layers:
        config = serialization_lib.serialize_keras_object(layer)
        config["name"] = layer.name
        config["inbound_nodes"] = [
            {
                "args": to_config(list(node.call_args)),
                "kwargs": to_config(node.call_kwargs),
            }
            for node in kept
        ]
        layer_configs.append(config)
    return {
        "name": model.name,
        "trainable": model.trainable,
        "layers": layer_configs,
        "input_layers": _map_history(model._inputs_struct, reindex),
        "output_layers": _map_history(model._outputs_struct, reindex),
    }


def _history(t: KerasTensor, reindex: dict) -> list:
    op, node_index, tensor_index = t._history
    return [op.name, reindex.get((id(op), node_index), 0), tensor_index]


def _map_history(struct: Any, reindex: dict) -> Any:
    if isinstance(struct, KerasTensor):
        return _history(struct, reindex)
    if isinstance(struct, dict):
        return {k: _map_history(v, reindex) for k, v in struct.items()}
    return [_map_history(v, reindex) for v in struct]


def rebuild_graph(config: dict, custom_objects: dict | None) -> tuple:
    """The `(inputs, outputs)` KerasTensors of a functional config, made by
    calling the rebuilt layers as the config's nodes say."""
    layers: dict = {}
    pending: list = []
    for layer_data in config["layers"]:
        data = {k: v for k, v in layer_data.items() if k != "build_config"}
        layer = serialization_lib.deserialize_keras_object(data, custom_objects)
        if not isinstance(layer, Layer):
            raise TypeError(
                f"Layer config {layer_data.get('name')!r} did not give a "
                f"layer. Received: {layer!r}"
            )
        name = layer_data.get("name", layer.name)
        layers[name] = layer
        for node_data in layer_data.get("inbound_nodes", []):
            pending.append((name, node_data))
    outputs: dict = {}
    for name, layer in layers.items():
        if not _has_nodes(config, name):
            outputs[(name, 0)] = [layer.output]
    node_counts: dict = {}
    while pending:
        remaining = []
        blocked: set = set()
        for name, node_data in pending:
            # A layer's nodes are made in order, so its node indices match.
            if name in blocked:
                remaining.append((name, node_data))
                continue
            try:
                args = _from_config(node_data.get("args", []), outputs)
                kwargs = _from_config(node_data.get("kwargs", {}), outputs)
            except KeyError:
                blocked.add(name)
                remaining.append((name, node_data))
                continue
            result = layers[name](*args, **kwargs)
            index = node_counts.get(name, 0)
            node_counts[name] = index + 1
            outputs[(name, index)] = tree.flatten(result)
        if len(remaining) == len(pending):
            raise ValueError(
                "Could not rebuild the functional model: the nodes of "
                f"{sorted({n for n, _ in remaining})} have inputs that no "
                "layer produces."
            )
        pending = remaining

    def find(history: Any) -> Any:
        if isinstance(history, dict):
            return {k: find(v) for k, v in history.items()}
        if history and isinstance(history[0], str):
            name, node_index, tensor_index = history
            return outputs[(name, node_index)][tensor_index]
        return [find(h) for h in history]

    return find(config["input_layers"]), find(config["output_layers"])


def _has_nodes(config: dict, name: str) -> bool:
    for layer_data in config["layers"]:
        if layer_data.get("name") == name:
            return bool(layer_data.get("inbound_nodes"))
    return False


def _from_config(x: Any, outputs: dict) -> Any:
    if isinstance(x, dict):
        if x.get("class_name") == "__keras_tensor__":
            name, node_index, tensor_index = x["config"]["keras_history"]
            return outputs[(name, node_index)][tensor_index]
        if "class_name" in x and "config" in x:
            return serialization_lib.deserialize_keras_object(x)
        return {k: _from_config(v, outputs) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_from_config(v, outputs) for v in x]
    return x
