"""`Model.summary()`: a table of layers, output shapes and parameter counts.

The table uses the same box-drawing layout as Keras 3, without the `rich`
dependency, and every line goes through `print_fn` so it can be captured.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from kerata.src import tree
from kerata.src.utils import io_utils


def _count(weights: list) -> int:
    return int(sum(int(np.prod(v.shape)) for v in weights))


def _nbytes(weights: list) -> int:
    total = 0
    for v in weights:
        bits = 16 if "16" in v.dtype else 64 if "64" in v.dtype else 32
        if v.dtype in ("bool", "int8", "uint8"):
            bits = 8
        total += int(np.prod(v.shape)) * bits // 8
    return total


def _readable_bytes(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.2f} {unit}"
        n /= 1024
    return f"{n:.2f} GB"


def _format_shape(layer: Any) -> str:
    try:
        outputs = layer.output
    except (AttributeError, ValueError):
        return "?"
    shapes = [t.shape for t in tree.flatten(outputs) if hasattr(t, "shape")]
    if not shapes:
        return "?"
    text = ", ".join(str(s) for s in shapes)
    return text if len(shapes) == 1 else f"[{text}]"


def _param_count(layer: Any) -> str:
    if not layer.built:
        return "0 (unbuilt)"
    return f"{_count(layer.weights):,}"


def _connections(layer: Any, model: Any) -> str:
    nodes = getattr(layer, "_inbound_nodes", [])
    relevant = [n for n in nodes if n in getattr(model, "_nodes", [])]
    parts = []
    for node in relevant or nodes[:1]:
        for t in node.input_tensors:
            if t._history is None:
                continue
            op, node_index, tensor_index = t._history
            parts.append(f"{op.name}[{node_index}][{tensor_index}]")
    return ", ".join(parts) if parts else "-"


def _rows(model: Any, expand_nested: bool, depth: int, functional: bool):
    for layer in model.layers:
        name = f"{'   ' * depth}{layer.name} ({type(layer).__name__})"
        row = [name, _format_shape(layer), _param_count(layer)]
        if functional:
            row.append(_connections(layer, model))
        yield row, layer
        if expand_nested and hasattr(layer, "layers") and layer.layers:
            yield from _rows(layer, expand_nested, depth + 1, functional)


def print_summary(
    model: Any,
    line_length: int | None = None,
    positions: Any = None,
    print_fn: Callable | None = None,
    expand_nested: bool = False,
    show_trainable: bool = False,
    layer_range: Any = None,
) -> None:
    print_fn = print_fn or io_utils.print_msg
    functional = hasattr(model, "_nodes") and not _is_sequential_like(model)
    headers = ["Layer (type)", "Output Shape", "Param #"]
    if functional:
        headers.append("Connected to")
    if show_trainable:
        headers.append("Trainable")
    rows = []
    for row, layer in _rows(model, expand_nested, 0, functional):
        if show_trainable:
            row.append("Y" if layer.trainable else "N")
        rows.append((row, layer))
    if layer_range is not None:
        rows = _slice_rows(rows, layer_range)
    line_length = line_length or (116 if functional else 80)
    widths = _column_widths(headers, line_length, positions)
    numeric = {2}

    def fit(text: str, width: int, right: bool) -> str:
        return text.rjust(width) if right else text.ljust(width)

    def lines(cells: list, left: str, sep: str, right: str) -> list:
        # Long cells wrap onto extra lines, as in Keras.
        wrapped = [_wrap(str(c), w - 2) for c, w in zip(cells, widths)]
        height = max(len(w) for w in wrapped)
        out = []
        for k in range(height):
            body = sep.join(
                " "
                + fit(cw[k] if k < len(cw) else "", w - 2, i in numeric)
                + " "
                for i, (cw, w) in enumerate(zip(wrapped, widths))
            )
            out.append(left + body + right)
        return out

    def rule(left: str, mid: str, right: str, fill: str) -> str:
        return left + mid.join(fill * w for w in widths) + right

    print_fn(f'Model: "{model.name}"')
    print_fn(rule("┏", "┳", "┓", "━"))
    for text in lines(headers, "┃", "┃", "┃"):
        print_fn(text)
    print_fn(rule("┡", "╇", "┩", "━"))
    for i, (row, _) in enumerate(rows):
        for text in lines(row, "│", "│", "│"):
            print_fn(text)
        if i < len(rows) - 1:
            print_fn(rule("├", "┼", "┤", "─"))
    print_fn(rule("└", "┴", "┘", "─"))
    if model.built:
        trainable = model.trainable_weights
        non_trainable = model.non_trainable_weights
        # A compiled model whose optimizer has built its slots counts them
        # too, as Keras does.
        optimizer = getattr(model, "optimizer", None)
        slots = (
            list(optimizer.variables)
            if getattr(model, "compiled", False)
            and optimizer is not None
            and getattr(optimizer, "built", False)
            else None
        )
        total = _count(trainable) + _count(non_trainable) + _count(slots or [])
        total_bytes = (
            _nbytes(trainable) + _nbytes(non_trainable) + _nbytes(slots or [])
        )
        print_fn(f" Total params: {total:,} ({_readable_bytes(total_bytes)})")
        print_fn(
            f" Trainable params: {_count(trainable):,} "
            f"({_readable_bytes(_nbytes(trainable))})"
        )
        print_fn(
            f" Non-trainable params: {_count(non_trainable):,} "
            f"({_readable_bytes(_nbytes(non_trainable))})"
        )
        if slots is not None:
            print_fn(
                f" Optimizer params: {_count(slots):,} "
                f"({_readable_bytes(_nbytes(slots))})"
            )
    else:
        print_fn(" Total params: 0 (unbuilt model)")


def _wrap(text: str, width: int) -> list:
    """Splits `text` into lines of at most `width` characters, at spaces
    where possible."""
    width = max(width, 1)
    out: list = []
    for word in text.split(" "):
        while len(word) > width:
            if out and len(out[-1]) < width:
                room = width - len(out[-1]) - 1
                if room > 0:
                    out[-1] += " " + word[:room]
                    word = word[room:]
                    continue
            out.append(word[:width])
            word = word[width:]
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        elif word or not out:
            out.append(word)
    return out or [""]


def _is_sequential_like(model: Any) -> bool:
    """A chain: one input, one output, each node fed by a single tensor."""
    if len(model.inputs) != 1 or len(model.outputs) != 1:
        return False
    return all(len(node.input_tensors) <= 1 for node in model._nodes)


def _slice_rows(rows: list, layer_range: Any) -> list:
    if len(layer_range) != 2:
        raise ValueError(
            "`layer_range` must be [first_layer_name, last_layer_name]. "
            f"Received: {layer_range}"
        )
    names = [layer.name for _, layer in rows]
    first, last = layer_range
    if first not in names or last not in names:
        raise ValueError(
            f"`layer_range` names must be layers of the model. Received: "
            f"{layer_range}; layers: {names}"
        )
    return rows[names.index(first) : names.index(last) + 1]


def _column_widths(headers: list, line_length: int, positions: Any) -> list:
    n = len(headers)
    if positions is None:
        fractions = [0.45, 0.75, 1.0] if n == 3 else None
        if fractions is None:
            base = [0.3, 0.55, 0.7]
            rest = n - 3
            step = (1.0 - 0.7) / rest
            fractions = base + [0.7 + step * (i + 1) for i in range(rest)]
        positions = fractions
    positions = list(positions)
    if len(positions) != n:
        raise ValueError(
            f"`positions` needs {n} entries for the columns {headers}. "
            f"Received: {positions}"
        )
    if positions[-1] <= 1:
        # The borders take one character per column plus one.
        inner = line_length - (n + 1)
        positions = [int(inner * p) for p in positions]
    widths = []
    prev = 0
    for p in positions:
        widths.append(max(int(p) - prev, 4))
        prev = int(p)
    return widths
