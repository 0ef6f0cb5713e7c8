"""`SummaryWriter`: writes TensorBoard event files, no TensorFlow needed."""

from __future__ import annotations

import itertools
import os
import socket
import time
from collections.abc import Iterable
from collections.abc import Mapping
from typing import Any

import numpy as np

from kerata.src.api_export import kerata_export
from kerata.src.utils.tensorboard import messages
from kerata.src.utils.tensorboard.png import encode_png
from kerata.src.utils.tensorboard.records import frame_record

# Makes file names unique among the writers of one process.
_FILE_COUNTER = itertools.count()


def _check_tag(tag: Any) -> str:
    if not isinstance(tag, str) or not tag:
        raise ValueError(
            f"`tag` must be a non-empty string. Received: tag={tag!r}"
        )
    return tag


def _check_step(step: Any) -> int:
    if isinstance(step, bool) or not isinstance(step, (int, np.integer)):
        raise TypeError(
            f"`step` must be an int. Received: step={step!r} of type "
            f"{type(step).__name__}"
        )
    return int(step)


def _to_uint8_images(images: Any) -> np.ndarray:
    images = np.asarray(images)
    if images.ndim != 4 or images.shape[-1] not in (1, 3, 4):
        raise ValueError(
            "`images` must have shape (num_images, height, width, channels) "
            "with 1, 3 or 4 channels. Received: "
            f"shape={tuple(images.shape)}"
        )
    if images.dtype == np.uint8:
        return images
    # Floats are read as intensities in [0, 1], as tf.summary.image does.
    scaled = np.clip(images.astype("float64"), 0.0, 1.0) * 255.0
    return np.round(scaled).astype("uint8")


@kerata_export("kerata.utils.SummaryWriter")
class SummaryWriter:
    """Writes scalars, histograms, images, text and graphs for TensorBoard.

    Creates one event file in `log_dir`, named as TensorFlow names its own
    (`events.out.tfevents.<time>.<host>.<pid>.<counter><suffix>`), and
    appends records to it. It needs neither TensorFlow nor protobuf: the
    records and messages are encoded by kerata. `TensorBoard --logdir`
    pointed at `log_dir` (or a parent) shows what is written.

    Writes are buffered: call `flush()` (or `close()`, or use the writer
    as a context manager) to make them visible; the buffer is also flushed
    when a write comes `flush_secs` seconds or more after the last flush.

    Args:
        log_dir: Directory of the event file; created if missing.
        filename_suffix: Appended to the event file's name.
        flush_secs: Seconds after which a write flushes the buffer.

    Example:

    >>> import os, tempfile
    >>> log_dir = tempfile.mkdtemp()
    >>> with kerata.utils.SummaryWriter(log_dir) as writer:
    ...     writer.scalar("loss", 0.5, step=1)
    ...     writer.histogram("weights", [0.0, 1.0, 1.0, 2.0], step=1)
    >>> name = os.listdir(log_dir)[0]
    >>> name.startswith("events.out.tfevents."), name.endswith(".v2")
    (True, True)
    """

    def __init__(
        self,
        log_dir: str | os.PathLike,
        filename_suffix: str = ".v2",
        flush_secs: float = 120.0,
    ) -> None:
        if not isinstance(log_dir, (str, os.PathLike)):
            raise TypeError(
                "`log_dir` must be a path (str or os.PathLike). Received: "
                f"log_dir={log_dir!r} of type {type(log_dir).__name__}"
            )
        self.log_dir = os.fspath(log_dir)
        self.flush_secs = flush_secs
        os.makedirs(self.log_dir, exist_ok=True)
        self._file = self._open_new_file(filename_suffix)
        self._last_flush = time.monotonic()
        self._write_event(file_version=messages.FILE_VERSION)
        # An empty-but-valid file lets TensorBoard find the run at once.
        self.flush()

    def _open_new_file(self, suffix: str) -> Any:
        stamp = int(time.time())
        host = socket.gethostname()
        while True:
            name = (
                f"events.out.tfevents.{stamp:010d}.{host}.{os.getpid()}."
                f"{next(_FILE_COUNTER)}{suffix}"
            )
            self.path = os.path.join(self.log_dir, name)
            try:
                # "x": never append to, or truncate, another writer's file.
                return open(self.path, "xb")
            except FileExistsError:
                continue

    @property
    def closed(self) -> bool:
        """Whether `close()` was called."""
        return self._file is None

    def _write_event(self, step: int = 0, **payload: Any) -> None:
        if self._file is None:
            raise ValueError(
                f"This SummaryWriter (file {self.path!r}) is closed. Create "
                "a new one to write more summaries."
            )
        event = messages.event(time.time(), step, **payload)
        # One write call per record: a reader never sees half a record
        # from a buffer boundary inside it.
        self._file.write(frame_record(event))
        if time.monotonic() - self._last_flush >= self.flush_secs:
            self.flush()

    def _write_values(self, values: Iterable[bytes], step: int) -> None:
        self._write_event(step, summary=messages.summary(values))

    def scalar(self, tag: str, value: Any, step: int = 0) -> None:
        """Writes one scalar (a float32 `simple_value`).

        Args:
            tag: Name of the series, e.g. `"epoch_loss"`.
            value: A number (or a NumPy scalar or one-element array).
            step: The x coordinate, an int.
        """
        value = float(np.asarray(value, dtype="float64").reshape(()))
        self._write_values(
            [messages.scalar_value(_check_tag(tag), value)], _check_step(step)
        )

    def scalars(self, values: Mapping[str, Any], step: int = 0) -> None:
        """Writes several scalars at one step, in a single record.

        Args:
            values: Mapping of tag to number.
            step: The x coordinate, an int.
        """
        encoded = [
            messages.scalar_value(
                _check_tag(tag),
                float(np.asarray(value, dtype="float64").reshape(())),
            )
            for tag, value in values.items()
        ]
        if encoded:
            self._write_values(encoded, _check_step(step))

    def histogram(
        self, tag: str, values: Any, step: int = 0, buckets: int = 30
    ) -> None:
        """Writes the histogram of an array's values.

        Non-finite values are left out. The buckets have equal widths from
        the smallest to the largest value.

        Args:
            tag: Name of the histogram series.
            values: Array-like of numbers, any shape.
            step: The x coordinate, an int.
            buckets: Number of buckets, a positive int.
        """
        if isinstance(buckets, bool) or not isinstance(buckets, int):
            raise TypeError(f"`buckets` must be an int. Received: {buckets!r}")
        if buckets < 1:
            raise ValueError(
                f"`buckets` must be at least 1. Received: buckets={buckets}"
            )
        proto = messages.histogram(values, buckets)
        self._write_values(
            [messages.histogram_value(_check_tag(tag), proto)],
            _check_step(step),
        )

    def image(
        self, tag: str, images: Any, step: int = 0, max_outputs: int = 3
    ) -> None:
        """Writes up to `max_outputs` images, PNG-encoded, under one tag.

        Args:
            tag: Name of the image series.
            images: Array of shape `(num_images, height, width, channels)`
                with 1, 3 or 4 channels: uint8, or floats in `[0, 1]`
                (clipped).
            step: The x coordinate, an int.
            max_outputs: Most images written.
        """
        images = _to_uint8_images(images)[:max_outputs]
        height, width = images.shape[1:3]
        blobs = [str(width).encode(), str(height).encode()]
        blobs.extend(encode_png(image) for image in images)
        tensor = messages.string_tensor(blobs, (len(blobs),))
        metadata = messages.summary_metadata(
            "images", data_class=messages.DATA_CLASS_BLOB_SEQUENCE
        )
        self._write_values(
            [messages.tensor_value(_check_tag(tag), tensor, metadata)],
            _check_step(step),
        )

    def text(self, tag: str, text: str, step: int = 0) -> None:
        """Writes a string, shown (as Markdown) in TensorBoard's Text tab.

        Args:
            tag: Name of the text series.
            text: The string.
            step: The x coordinate, an int.
        """
        metadata = messages.summary_metadata(
            "text", data_class=messages.DATA_CLASS_TENSOR
        )
        self._string_summary(tag, str(text), metadata, (), step)

    def model_json(self, tag: str, json_string: str, step: int = 0) -> None:
        """Writes a model's JSON config (`model.to_json()`), which the
        Graphs tab draws as the model's conceptual graph.

        Args:
            tag: Name of the summary; Keras uses `"keras"`.
            json_string: The model's JSON config.
            step: The x coordinate, an int.
        """
        # Written as TensorBoard's loader would migrate TensorFlow's record:
        # a blob sequence of one element.
        metadata = messages.summary_metadata(
            "graph_keras_model", b"1", messages.DATA_CLASS_BLOB_SEQUENCE
        )
        self._string_summary(tag, json_string, metadata, (1,), step)

    def _string_summary(
        self, tag: str, text: str, metadata: bytes, shape: tuple, step: int
    ) -> None:
        tensor = messages.string_tensor([text.encode("utf-8")], shape)
        self._write_values(
            [messages.tensor_value(_check_tag(tag), tensor, metadata)],
            _check_step(step),
        )

    def graph(self, nodes: Iterable[Mapping[str, Any]]) -> None:
        """Writes a graph for TensorBoard's Graphs tab.

        Args:
            nodes: Iterable of dicts, one per node, with keys `"name"`
                (unique; `/` in names groups nodes), `"op"` (its type),
                and optionally `"inputs"` (names of the nodes feeding it),
                `"attrs"` (dict of str, int, float or bool, shown in the
                node's details) and `"output_shapes"` (list of shapes,
                `None` for unknown sizes, shown on its out-edges).
        """
        encoded = []
        for node in nodes:
            if "name" not in node or "op" not in node:
                raise ValueError(
                    "Each graph node must be a dict with 'name' and 'op' "
                    f"keys. Received: {node!r}"
                )
            encoded.append(
                messages.node_def(
                    str(node["name"]),
                    str(node["op"]),
                    [str(source) for source in node.get("inputs", ())],
                    node.get("attrs"),
                    node.get("output_shapes"),
                )
            )
        self._write_event(graph_def=messages.graph_def(encoded))

    def flush(self) -> None:
        """Writes buffered records to disk."""
        if self._file is not None:
            self._file.flush()
            self._last_flush = time.monotonic()

    def close(self) -> None:
        """Flushes and closes the file; closing twice does nothing."""
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self) -> SummaryWriter:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()
