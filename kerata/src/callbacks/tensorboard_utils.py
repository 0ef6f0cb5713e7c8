"""Helpers of the `TensorBoard` callback: model graphs, weight images,
argument checks. The callback sees the model only through its public
attributes and its config, never through layer classes."""

from __future__ import annotations

from typing import Any

import numpy as np

from kerata.src import tree

# Config values of these types become node attributes in the graph.
_ATTR_TYPES = (bool, int, float, str)


def parse_profile_batch(profile_batch: Any) -> tuple:
    """Returns `(start, stop)` from an int, a pair or a "start,stop" str."""
    message = (
        "`profile_batch` must be a non-negative int or a pair of positive "
        "ints (start, stop) with start <= stop. Received: "
        f"profile_batch={profile_batch!r}"
    )
    value = profile_batch
    if isinstance(value, str):
        try:
            value = [int(part) for part in value.split(",")]
        except ValueError:
            raise ValueError(message) from None
        if len(value) == 1:
            value = value[0]
    if isinstance(value, bool):
        raise ValueError(message)
    if isinstance(value, int):
        start = stop = value
    elif isinstance(value, (tuple, list)) and len(value) == 2:
        start, stop = value
    else:
        raise ValueError(message)
    if not all(isinstance(v, int) for v in (start, stop)):
        raise ValueError(message)
    if start < 0 or stop < start:
        raise ValueError(message)
    return start, stop


def resolve_update_freq(update_freq: Any) -> Any:
    """Returns "epoch" or a positive int number of batches."""
    if update_freq == "batch":
        return 1
    if update_freq == "epoch":
        return "epoch"
    if (
        isinstance(update_freq, int)
        and not isinstance(update_freq, bool)
        and update_freq >= 1
    ):
        return update_freq
    raise ValueError(
        '`update_freq` must be "epoch", "batch" or a positive int (a '
        f"number of batches). Received: update_freq={update_freq!r}"
    )


def check_freq(name: str, value: Any) -> int:
    """Checks an epoch frequency argument (0 turns the feature off)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(
            f"`{name}` must be a non-negative int (a number of epochs; 0 "
            f"turns it off). Received: {name}={value!r}"
        )
    return value


def _history_names(structure: Any, names: list) -> None:
    # Collects the producing layer names of serialized symbolic tensors.
    if isinstance(structure, dict):
        history = structure.get("keras_history")
        if isinstance(history, (list, tuple)) and history:
            if history[0] not in names:
                names.append(history[0])
            return
        for value in structure.values():
            _history_names(value, names)
    elif isinstance(structure, (list, tuple)):
        for value in structure:
            _history_names(value, names)


def _output_shapes(layer: Any, entry: dict) -> list | None:
    batch_shape = entry.get("config", {}).get("batch_shape")
    if batch_shape is not None:
        return [tuple(batch_shape)]
    try:
        output = layer.output
    except (AttributeError, ValueError, RuntimeError, TypeError):
        # Not called yet, or called several times (no single output).
        return None
    shapes = []
    for tensor in tree.flatten(output):
        shape = getattr(tensor, "shape", None)
        if shape is None:
            return None
        shapes.append(tuple(shape))
    return shapes


def _attrs(entry: dict) -> dict:
    config = entry.get("config")
    if not isinstance(config, dict):
        return {}
    return {
        key: value
        for key, value in config.items()
        if isinstance(value, _ATTR_TYPES) and key != "name"
    }


def _layer_entries(model: Any) -> tuple:
    """The model's layer configs, and whether edges must be inferred from
    their order (a Sequential config has no `inbound_nodes`)."""
    try:
        config = model.get_config()
    except (NotImplementedError, TypeError, ValueError, AttributeError):
        config = None
    entries = config.get("layers") if isinstance(config, dict) else None
    if isinstance(entries, list):
        return entries, True
    # A subclassed model: its layers, with no known connections.
    entries = [
        {"class_name": type(layer).__name__, "name": layer.name}
        for layer in getattr(model, "layers", ())
    ]
    return entries, False


def model_graph_nodes(model: Any) -> list:
    """One graph node per layer of `model`, linked to the layers feeding it.

    Functional models give their edges in the config's `inbound_nodes`;
    a Sequential model chains its layers in order; a subclassed model
    gives unconnected nodes.
    """
    entries, from_config = _layer_entries(model)
    layers = {layer.name: layer for layer in getattr(model, "layers", ())}
    nodes = []
    previous = None
    for entry in entries:
        name = entry.get("name") or entry.get("config", {}).get("name")
        if name is None:
            continue
        if "inbound_nodes" in entry:
            inputs: list = []
            _history_names(entry["inbound_nodes"], inputs)
        elif from_config and previous is not None:
            inputs = [previous]
        else:
            inputs = []
        node = {
            "name": name,
            "op": entry.get("class_name", "Layer"),
            "inputs": inputs,
            "attrs": _attrs(entry),
        }
        shapes = _output_shapes(layers.get(name), entry)
        if shapes:
            node["output_shapes"] = shapes
        nodes.append(node)
        previous = name
    return nodes


def weight_as_image(weight: np.ndarray, channels_last: bool) -> Any:
    """Lays a weight out as a batch of grey images, as Keras does, or
    returns `None` for shapes that cannot be shown (e.g. 3D conv kernels).

    Biases become one 1-pixel-high image, dense kernels one image (wider
    than high), 2D-conv kernels with one input channel one image per
    filter.
    """
    image = np.squeeze(weight)
    if image.ndim == 1:
        image = image.reshape(1, image.shape[0], 1, 1)
    elif image.ndim == 2:
        if image.shape[0] > image.shape[1]:
            image = image.T
        image = image.reshape(1, image.shape[0], image.shape[1], 1)
    elif image.ndim == 3:
        if channels_last:
            image = np.transpose(image, (2, 0, 1))
        image = image.reshape(*image.shape, 1)
    if image.ndim == 4 and image.shape[-1] in (1, 3, 4):
        return image
    return None
