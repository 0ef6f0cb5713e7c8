"""`JSONLinesLogger`: one JSON object per epoch (and per N steps)."""

from __future__ import annotations

import io
import json
import math
import os
import time
from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.callbacks.callback import Callback
from kerata.src.callbacks.logs_utils import to_float


def _json_number(value: float) -> float | None:
    # Strict JSON has no NaN or infinity: they are written as null.
    return value if math.isfinite(value) else None


def _plain_logs(logs: Any) -> dict:
    # Single numbers only, as floats; other values (e.g. arrays) are left out.
    result = {}
    for name, value in (logs or {}).items():
        try:
            result[str(name)] = _json_number(to_float(value))
        except (TypeError, ValueError, RuntimeError):
            continue
    return result


def learning_rate_of(model: Any) -> float | None:
    """The current learning rate of `model`'s optimizer, or `None`."""
    optimizer = getattr(model, "optimizer", None)
    optimizer = getattr(optimizer, "inner_optimizer", optimizer)
    rate = getattr(optimizer, "learning_rate", None)
    if rate is None:
        return None
    try:
        return to_float(rate)
    except (TypeError, ValueError, RuntimeError):
        return None


@kerata_export("kerata.callbacks.JSONLinesLogger")
class JSONLinesLogger(Callback):
    """Writes training progress as JSON Lines: one JSON object per line.

    At the end of each epoch it writes `{"event": "epoch", "epoch": ...,
    "time": ..., "epoch_seconds": ..., "learning_rate": ..., <logs>}`,
    where `time` is the wall-clock time (seconds since the epoch, UTC),
    `learning_rate` that of the model's optimizer (left out without one),
    and every metric of the epoch's logs (`val_` ones included) is a
    float. With `steps_freq=n` it also writes `{"event": "batch",
    "epoch": ..., "step": ..., "global_step": ..., "time": ..., <logs>}`
    every `n` training steps (`step` counts from 0 within the epoch,
    `global_step` from 1 over the whole run). NaN and infinite values are
    written as `null`, so that every line is strict JSON.

    Each line is written with a single write call and flushed, so a file
    being followed (`tail -f`, a log shipper) only ever sees whole lines,
    and a crash loses at most the line being written. Read the file back
    with `json.loads` per line, or `pandas.read_json(path, lines=True)`.

    Args:
        file: Path of the file to write, or an open file object (text or
            binary; it is flushed but never closed by the callback).
        append: Whether to append to an existing file (e.g. when
            resuming); if `False`, the file is emptied when training
            starts. Ignored for file objects.
        steps_freq: Write a batch record every this many training steps;
            `None` or 0 for epoch records only.

    Example:

    >>> import io, json
    >>> stream = io.StringIO()
    >>> logger = kerata.callbacks.JSONLinesLogger(stream)
    >>> logger.on_train_begin()
    >>> logger.on_epoch_begin(0)
    >>> logger.on_epoch_end(0, {"loss": 0.5, "val_loss": 0.75})
    >>> record = json.loads(stream.getvalue())
    >>> record["event"], record["epoch"], record["loss"], record["val_loss"]
    ('epoch', 0, 0.5, 0.75)
    """

    def __init__(
        self,
        file: Any,
        append: bool = False,
        steps_freq: int | None = None,
    ) -> None:
        super().__init__()
        if isinstance(file, (str, os.PathLike)):
            self.path: str | None = os.fspath(file)
            self._stream: Any = None
        elif callable(getattr(file, "write", None)):
            self.path = None
            self._stream = file
        else:
            raise TypeError(
                "`file` must be a path or a file object with a `write` "
                f"method. Received: {file!r} of type {type(file).__name__}"
            )
        if steps_freq is not None and (
            isinstance(steps_freq, bool)
            or not isinstance(steps_freq, int)
            or steps_freq < 0
        ):
            raise ValueError(
                "`steps_freq` must be None or a non-negative int (a number "
                f"of steps). Received: steps_freq={steps_freq!r}"
            )
        self.append = append
        self.steps_freq = steps_freq or 0
        self._file: Any = None
        self._epoch = 0
        self._epoch_start = 0.0
        self._global_step = 0

    # --- output ------------------------------------------------------------
    def _open(self, truncate: bool) -> None:
        if self.path is None or self._file is not None:
            return
        directory = os.path.dirname(self.path)
        if directory:
            os.makedirs(directory, exist_ok=True)
        if truncate:
            open(self.path, "wb").close()
        # Unbuffered append: every line is one write(2) at the end of the
        # file, never interleaved with another writer's partial line.
        self._file = open(self.path, "ab", buffering=0)

    def _write(self, record: dict) -> None:
        line = json.dumps(record, allow_nan=False) + "\n"
        if self.path is not None:
            # Hooks called outside `fit` (e.g. by hand) append.
            self._open(truncate=False)
            self._file.write(line.encode("utf-8"))
            return
        stream = self._stream
        if isinstance(stream, io.TextIOBase):
            stream.write(line)
        elif isinstance(stream, (io.RawIOBase, io.BufferedIOBase)):
            stream.write(line.encode("utf-8"))
        else:
            try:
                stream.write(line)
            except TypeError:
                stream.write(line.encode("utf-8"))
        flush = getattr(stream, "flush", None)
        if flush is not None:
            flush()

    def _close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    # --- hooks -------------------------------------------------------------
    def on_train_begin(self, logs: dict | None = None) -> None:
        self._global_step = 0
        self._close()
        self._open(truncate=not self.append)

    def on_train_end(self, logs: dict | None = None) -> None:
        self._close()

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self._epoch = epoch
        self._epoch_start = time.time()

    def on_train_batch_end(self, batch: int, logs: Any = None) -> None:
        self._global_step += 1
        if not self.steps_freq or self._global_step % self.steps_freq:
            return
        record = {
            "event": "batch",
            "epoch": self._epoch,
            "step": batch,
            "global_step": self._global_step,
            "time": time.time(),
        }
        record.update(
            (k, v) for k, v in _plain_logs(logs).items() if k not in record
        )
        self._write(record)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        now = time.time()
        record: dict[str, Any] = {
            "event": "epoch",
            "epoch": epoch,
            "time": now,
            "epoch_seconds": now - self._epoch_start
            if self._epoch_start
            else None,
        }
        rate = learning_rate_of(self.model)
        if rate is not None:
            record["learning_rate"] = _json_number(rate)
        record.update(
            (k, v)
            for k, v in _plain_logs(logs).items()
            if k not in record or k == "learning_rate"
        )
        self._write(record)
