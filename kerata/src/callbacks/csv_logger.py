"""`CSVLogger`: writes each epoch's logs as a row of a CSV file."""

from __future__ import annotations

import collections.abc
import csv
import os
from typing import Any

import numpy as np

from kerata.src.api_export import kerata_export
from kerata.src.callbacks.callback import Callback


def _cell(value: Any) -> Any:
    # Keras's formatting: strings as they are, sequences as "[a, b]",
    # numbers through `str` (the csv module's default).
    if isinstance(value, str):
        return value
    if isinstance(value, collections.abc.Iterable) and not (
        isinstance(value, np.ndarray) and value.ndim == 0
    ):
        return f'"[{", ".join(map(str, value))}]"'
    return value


@kerata_export("kerata.callbacks.CSVLogger")
class CSVLogger(Callback):
    """Streams each epoch's logs to a CSV file, one row per epoch.

    The first column is `epoch` (from 0), then the metrics in sorted
    order. When the first epoch's logs have no `val_` metric, a `val_`
    column is still added for each metric (filled with "NA"), so the
    columns stay the same if later epochs validate. Values are written
    with `str`; sequences as `"[a, b]"`. The file is written as training
    goes (flushed every epoch), so it can be read while `fit` runs.

    Args:
        filename: Path of the CSV file, e.g. "run/log.csv".
        separator: String separating the columns.
        append: Whether to add rows to an existing file (and skip the
            header if it has one) instead of replacing it.

    Example:

    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "log.csv")
    >>> logger = kerata.callbacks.CSVLogger(path)
    >>> logger.on_train_begin()
    >>> logger.on_epoch_end(0, {"loss": 0.5, "val_loss": 0.75})
    >>> logger.on_epoch_end(1, {"loss": 0.25, "val_loss": 0.5})
    >>> logger.on_train_end()
    >>> with open(path) as f:
    ...     print(f.read())
    epoch,loss,val_loss
    0,0.5,0.75
    1,0.25,0.5
    <BLANKLINE>
    """

    def __init__(
        self, filename: Any, separator: str = ",", append: bool = False
    ) -> None:
        super().__init__()
        self.sep = separator
        self.filename = os.fspath(filename)
        self.append = append
        self.writer: Any = None
        self.keys: list | None = None
        self.append_header = True
        self.csv_file: Any = None

    def on_train_begin(self, logs: dict | None = None) -> None:
        mode = "w"
        self.append_header = True
        if self.append:
            if os.path.exists(self.filename):
                with open(self.filename, encoding="utf-8") as f:
                    self.append_header = not f.readline()
            mode = "a"
        self._close()
        folder = os.path.dirname(self.filename)
        if folder:
            os.makedirs(folder, exist_ok=True)
        # Kept open while training; closed in `on_train_end`.
        self.csv_file = open(self.filename, mode, newline="", encoding="utf-8")
        self.writer = None
        self.keys = None

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        logs = logs or {}
        if self.csv_file is None:
            self.on_train_begin()
        if self.keys is None:
            self.keys = sorted(logs)
            if self.keys and not any(k.startswith("val_") for k in self.keys):
                self.keys += [f"val_{k}" for k in self.keys]
        if self.writer is None:
            self.writer = csv.DictWriter(
                self.csv_file,
                fieldnames=["epoch", *self.keys],
                delimiter=self.sep,
            )
            if self.append_header:
                self.writer.writeheader()
        row = {"epoch": epoch}
        row.update((key, _cell(logs.get(key, "NA"))) for key in self.keys)
        self.writer.writerow(row)
        self.csv_file.flush()

    def on_train_end(self, logs: dict | None = None) -> None:
        self._close()
        self.writer = None

    def _close(self) -> None:
        if self.csv_file is not None and not self.csv_file.closed:
            self.csv_file.close()
