"""Encoders of the TensorBoard protocol-buffer messages kerata writes.

Field numbers follow TensorFlow's `event.proto`, `summary.proto`,
`tensor.proto`, `tensor_shape.proto`, `graph.proto`, `node_def.proto`
and `attr_value.proto`. Each function returns a serialized message.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Sequence
from typing import Any

import numpy as np

from kerata.src.utils.tensorboard import protobuf as pb

FILE_VERSION = "brain.Event:2"
# `DataType` enum of tensor.proto.
DT_STRING = 7
# `DataClass` enum of summary.proto.
DATA_CLASS_SCALAR = 1
DATA_CLASS_TENSOR = 2
DATA_CLASS_BLOB_SEQUENCE = 3


def event(
    wall_time: float,
    step: int = 0,
    file_version: str | None = None,
    summary: bytes | None = None,
    graph_def: bytes | None = None,
) -> bytes:
    """An `Event`: a time, a step and one payload."""
    parts = [pb.double_field(1, wall_time), pb.int_field(2, step)]
    if file_version is not None:
        parts.append(pb.string_field(3, file_version))
    if graph_def is not None:
        parts.append(pb.bytes_field(4, graph_def))
    if summary is not None:
        parts.append(pb.bytes_field(5, summary))
    return b"".join(parts)


def summary(values: Iterable[bytes]) -> bytes:
    """A `Summary` holding serialized `Summary.Value`s."""
    return b"".join(pb.bytes_field(1, value) for value in values)


def scalar_value(tag: str, value: float) -> bytes:
    """A `Summary.Value` with a `simple_value`."""
    return pb.string_field(1, tag) + pb.float_field(2, value)


def histogram_value(tag: str, histogram: bytes) -> bytes:
    """A `Summary.Value` with a `HistogramProto` (`histo`)."""
    return pb.string_field(1, tag) + pb.bytes_field(5, histogram)


def tensor_value(tag: str, tensor: bytes, metadata: bytes) -> bytes:
    """A `Summary.Value` with a `TensorProto` and its `SummaryMetadata`."""
    return b"".join(
        (
            pb.string_field(1, tag),
            pb.bytes_field(8, tensor),
            pb.bytes_field(9, metadata),
        )
    )


def summary_metadata(
    plugin_name: str, content: bytes = b"", data_class: int = 0
) -> bytes:
    """A `SummaryMetadata` naming the plugin that reads the value.

    `data_class` is one of the `DATA_CLASS_*` constants (0: unknown).
    """
    plugin_data = pb.string_field(1, plugin_name)
    if content:
        plugin_data += pb.bytes_field(2, content)
    metadata = pb.bytes_field(1, plugin_data)
    if data_class:
        metadata += pb.int_field(4, data_class)
    return metadata


def tensor_shape(shape: Sequence[int | None]) -> bytes:
    """A `TensorShapeProto`; unknown dimensions are written as -1."""
    dims = (
        pb.bytes_field(2, pb.int_field(1, -1 if size is None else size))
        for size in shape
    )
    return b"".join(dims)


def string_tensor(values: Sequence[bytes], shape: Sequence[int]) -> bytes:
    """A `TensorProto` of dtype string."""
    parts = [
        pb.int_field(1, DT_STRING),
        pb.bytes_field(2, tensor_shape(shape)),
    ]
    parts.extend(pb.bytes_field(8, value) for value in values)
    return b"".join(parts)


def histogram(values: Any, buckets: int = 30) -> bytes:
    """A `HistogramProto` of `values`, with `buckets` equal-width buckets.

    `bucket_limit` holds the right edges and `bucket` the counts, binned
    as `np.histogram` bins (the last bucket includes `max`). When all
    values are equal the buckets span `value - 0.5` to `value + 0.5`.
    """
    values = np.asarray(values, dtype="float64").ravel()
    values = values[np.isfinite(values)]
    if values.size == 0:
        return b"".join(pb.double_field(i, 0.0) for i in range(1, 6))
    low, high = float(values.min()), float(values.max())
    edges_range = (low, high) if low < high else (low - 0.5, high + 0.5)
    counts, edges = np.histogram(values, bins=buckets, range=edges_range)
    return b"".join(
        (
            pb.double_field(1, low),
            pb.double_field(2, high),
            pb.double_field(3, values.size),
            pb.double_field(4, float(values.sum())),
            pb.double_field(5, float(np.dot(values, values))),
            pb.packed_doubles(6, edges[1:]),
            pb.packed_doubles(7, counts),
        )
    )


def _attr_value(value: Any) -> bytes:
    # `AttrValue` oneof: s=2, i=3, f=4, b=5, shape=7, list=1.
    if isinstance(value, bool):
        return pb.int_field(5, value)
    if isinstance(value, int):
        return pb.int_field(3, value)
    if isinstance(value, float):
        return pb.float_field(4, value)
    return pb.bytes_field(2, str(value).encode("utf-8"))


def _shapes_attr(shapes: Sequence[Sequence[int | None]]) -> bytes:
    # `AttrValue.list` (1) of `ListValue.shape` (7).
    shape_list = b"".join(pb.bytes_field(7, tensor_shape(s)) for s in shapes)
    return pb.bytes_field(1, shape_list)


def node_def(
    name: str,
    op: str,
    inputs: Sequence[str] = (),
    attrs: dict | None = None,
    output_shapes: Sequence[Sequence[int | None]] | None = None,
) -> bytes:
    """A `NodeDef`; `output_shapes` labels its out-edges in TensorBoard."""
    parts = [pb.string_field(1, name), pb.string_field(2, op)]
    parts.extend(pb.string_field(3, source) for source in inputs)
    entries = [
        (key, _attr_value(value)) for key, value in (attrs or {}).items()
    ]
    if output_shapes:
        entries.append(("_output_shapes", _shapes_attr(output_shapes)))
    for key, attr in sorted(entries):
        entry = pb.string_field(1, key) + pb.bytes_field(2, attr)
        parts.append(pb.bytes_field(5, entry))
    return b"".join(parts)


def graph_def(nodes: Iterable[bytes]) -> bytes:
    """A `GraphDef` of serialized `NodeDef`s (producer version 1)."""
    versions = pb.bytes_field(4, pb.int_field(1, 1))
    return b"".join(pb.bytes_field(1, node) for node in nodes) + versions
