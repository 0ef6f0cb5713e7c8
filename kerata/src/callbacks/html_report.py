"""`HTMLReport`: a one-file HTML training report, refreshed every epoch."""

from __future__ import annotations

import html
import math
import os
import time
from typing import Any

import numpy as np

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.callbacks.callback import Callback
from kerata.src.utils import atomic_io
from kerata.src.utils import html_report_utils as draw

_CONFUSION_MODES = ("auto", True, False)


@kerata_export("kerata.callbacks.HTMLReport")
class HTMLReport(Callback):
    """Writes a self-contained HTML report of training, updated each epoch.

    The report is one `.html` file that opens in any browser, offline: its
    charts are inline SVG and its styles inline CSS, with no JavaScript and
    nothing fetched from the network. It shows the loss and metric curves
    (training and validation), the learning rate, a table of the latest
    and best metric values, the model summary and, for classifiers, the
    confusion matrix on validation data. The file is rewritten atomically
    at the start of training and after every epoch; while training runs
    it carries a refresh tag, so a browser showing it reloads it every
    `refresh_seconds`, and the final version written by `on_train_end`
    does not.

    The confusion matrix is computed at the end of each epoch from
    `model.predict` on `validation_data` (the callback does not see the
    validation data given to `fit`, so pass it here too). Multi-class
    predictions (last axis longer than 1) are turned into classes by
    argmax, and single-unit predictions by the threshold 0.5 (use a
    sigmoid output); targets may be class indices or one-hot rows, and
    sample weights are ignored. Predicting costs one pass over
    `validation_data` per epoch, so pass a subset when it is large.

    Args:
        filepath: Path of the HTML file to write.
        validation_data: Optional `(x, y)` (or `(x, y, sample_weight)`)
            to compute the confusion matrix on.
        confusion_matrix: `"auto"` to draw it when the model looks like a
            single-output classifier and the targets are class labels,
            `True` to require it (a `ValueError` otherwise), `False` never.
        class_names: Optional names of the classes, in index order.
        title: Heading of the report; by default the model's name.
        refresh_seconds: How often a browser reloads the report while
            training runs.
        batch_size: Batch size of the confusion-matrix predictions.

    Example:

    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "report.html")
    >>> model = kerata.Sequential([kerata.Input((2,)),
    ...                            kerata.layers.Dense(1)])
    >>> report = kerata.callbacks.HTMLReport(path)
    >>> report.set_model(model)
    >>> report.on_train_begin()
    >>> report.on_epoch_end(0, {"loss": 0.5, "val_loss": 0.75})
    >>> report.on_train_end()
    >>> with open(path, encoding="utf-8") as f:
    ...     text = f.read()
    >>> "<svg" in text, 'http-equiv="refresh"' in text
    (True, False)
    """

    def __init__(
        self,
        filepath: Any = "training_report.html",
        validation_data: Any = None,
        confusion_matrix: Any = "auto",
        class_names: Any = None,
        title: str | None = None,
        refresh_seconds: int = 10,
        batch_size: int | None = None,
    ) -> None:
        super().__init__()
        if confusion_matrix not in _CONFUSION_MODES:
            raise ValueError(
                "`confusion_matrix` must be 'auto', True or False. "
                f"Received: confusion_matrix={confusion_matrix!r}"
            )
        if not isinstance(refresh_seconds, int) or refresh_seconds < 1:
            raise ValueError(
                "`refresh_seconds` must be an int >= 1. Received: "
                f"refresh_seconds={refresh_seconds!r}"
            )
        if validation_data is not None and (
            not isinstance(validation_data, (list, tuple))
            or len(validation_data) not in (2, 3)
        ):
            raise ValueError(
                "`validation_data` must be a tuple `(x, y)` or `(x, y, "
                f"sample_weight)`. Received: {type(validation_data).__name__}"
            )
        if confusion_matrix is True and validation_data is None:
            raise ValueError(
                "`confusion_matrix=True` needs `validation_data=(x, y)` to "
                "compute it on. Received: validation_data=None"
            )
        self.filepath = os.fspath(filepath)
        self.validation_data: Any = validation_data
        self.confusion_matrix = confusion_matrix
        self.class_names = None if class_names is None else list(class_names)
        self.title = title
        self.refresh_seconds = refresh_seconds
        self.batch_size = batch_size
        self._reset()

    def _reset(self) -> None:
        self.history: dict = {}
        self.epochs: list = []
        self.learning_rates: list = []
        self._matrix: Any = None
        self._matrix_note = ""
        self._summary = ""
        self._start = time.time()

    # --- hooks -------------------------------------------------------------
    def on_train_begin(self, logs: dict | None = None) -> None:
        self._reset()
        self._summary = self._model_summary()
        self._write(running=True)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        epoch_number = epoch + 1
        self.epochs.append(epoch_number)
        for key, value in (logs or {}).items():
            number = _to_float(value)
            if number is None or key == "learning_rate":
                continue
            values = self.history.setdefault(key, [])
            # A metric first logged late is padded, so lists line up.
            values.extend([math.nan] * (len(self.epochs) - 1 - len(values)))
            values.append(number)
        rate = _to_float((logs or {}).get("learning_rate"))
        if rate is None:
            rate = _learning_rate(self._model)
        if rate is not None:
            self.learning_rates.append((epoch_number, rate))
        if self.validation_data is not None and self.confusion_matrix:
            self._update_confusion_matrix(epoch_number)
        self._write(running=True)

    def on_train_end(self, logs: dict | None = None) -> None:
        self._write(running=False)

    # --- content -----------------------------------------------------------
    def _model_summary(self) -> str:
        model = self._model
        if model is None or not hasattr(model, "summary"):
            return ""
        lines: list = []
        try:
            model.summary(print_fn=lines.append)
        except (ValueError, AttributeError, TypeError) as e:
            return f"(The summary is not available: {e})"
        return "\n".join(lines)

    def _update_confusion_matrix(self, epoch_number: int) -> None:
        x, y = self.validation_data[0], self.validation_data[1]
        predictions = self.model.predict(
            x, verbose=0, batch_size=self.batch_size
        )
        try:
            y_true, y_pred, num_classes = _classes(predictions, y)
        except ValueError:
            if self.confusion_matrix is True:
                raise
            self._matrix = None
            return
        self._matrix = draw.confusion_matrix(y_true, y_pred, num_classes)
        correct = int(np.trace(self._matrix))
        total = int(self._matrix.sum())
        accuracy = draw.format_number(correct / total)
        self._matrix_note = (
            f"Epoch {epoch_number}: {correct} of {total} validation samples "
            f"classified correctly (accuracy {accuracy})."
        )

    def _write(self, running: bool) -> None:
        atomic_io.write_bytes(
            self.filepath, self.render(running=running).encode("utf-8")
        )

    def render(self, running: bool = False) -> str:
        """The report as HTML text (what the callback writes).

        Args:
            running: Whether training is still running: adds the refresh
                tag and says so in the status line.

        Returns:
            The whole HTML document.
        """
        name = getattr(self._model, "name", "model")
        title = html.escape(self.title or f"Training report: {name}")
        refresh = (
            f'<meta http-equiv="refresh" content="{self.refresh_seconds}">'
            if running
            else ""
        )
        sections = [
            self._status(running),
            self._metrics_section(),
            self._curves_section(),
            self._confusion_section(),
            '<section id="summary"><h2>Model summary</h2>'
            f'<pre id="summary-text">{html.escape(self._summary)}</pre>'
            "</section>",
        ]
        return (
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"{refresh}<title>{title}</title><style>{draw.STYLE}</style>"
            f'</head><body><h1 id="title">{title}</h1>'
            f"{''.join(sections)}</body></html>\n"
        )

    def _status(self, running: bool) -> str:
        total = (self.params or {}).get("epochs")
        done = self.epochs[-1] if self.epochs else 0
        progress = f"epoch {done}" + (f" of {total}" if total else "")
        state = "Training" if running else "Finished"
        elapsed = time.strftime(
            "%H:%M:%S", time.gmtime(time.time() - self._start)
        )
        updated = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
        if self.learning_rates:
            rate = draw.format_number(self.learning_rates[-1][1])
            progress += f" &middot; learning rate {rate}"
        return (
            f'<p class="status {"running" if running else "finished"}" '
            f'id="status"><span class="state">{state}</span>: {progress} '
            f"&middot; elapsed {elapsed} &middot; updated {updated}</p>"
        )

    def _metrics_section(self) -> str:
        if not self.epochs:
            body = '<p class="note">Waiting for the first epoch to end.</p>'
        else:
            body = draw.metrics_table(self.history, self.epochs)
        return f'<section id="metrics"><h2>Latest metrics</h2>{body}</section>'

    def _curves_section(self) -> str:
        charts = []
        for name in draw.base_metric_names(self.history):
            series = {}
            for key, label in (
                (name, "training"),
                (f"val_{name}", "validation"),
            ):
                if key in self.history:
                    series[label] = list(zip(self.epochs, self.history[key]))
            charts.append(
                draw.svg_line_chart(name, series, name, f"chart-{name}")
            )
        if self.learning_rates:
            rates = [rate for _, rate in self.learning_rates]
            # Decayed rates span decades: a log axis keeps them readable.
            log_scale = min(rates) > 0 and max(rates) / min(rates) > 50
            charts.append(
                draw.svg_line_chart(
                    "learning rate",
                    {"rate": self.learning_rates},
                    "learning rate (log scale)"
                    if log_scale
                    else "learning rate",
                    "chart-learning-rate",
                    log_scale=log_scale,
                )
            )
        if not charts:
            return ""
        return (
            '<section id="curves"><h2>Training curves</h2>'
            f'<div class="charts">{"".join(charts)}</div></section>'
        )

    def _confusion_section(self) -> str:
        if self._matrix is None:
            return ""
        num_classes = self._matrix.shape[0]
        names = self.class_names or [str(i) for i in range(num_classes)]
        if len(names) != num_classes:
            names = [str(i) for i in range(num_classes)]
        return (
            '<section id="confusion-matrix"><h2>Confusion matrix '
            "(validation)</h2>"
            f'<p class="note" id="confusion-note">'
            f"{html.escape(self._matrix_note)} Rows: true "
            "class; columns: predicted class; shading: share of the row."
            f"</p>{draw.confusion_table(self._matrix, names)}</section>"
        )


def _to_float(value: Any) -> float | None:
    if value is None:
        return None
    try:
        array = np.asarray(ops.convert_to_numpy(value), dtype="float64")
    except (TypeError, ValueError, RuntimeError):
        return None
    return float(array) if array.size == 1 else None


def _learning_rate(model: Any) -> float | None:
    optimizer = getattr(model, "optimizer", None)
    optimizer = getattr(optimizer, "inner_optimizer", optimizer)
    try:
        return _to_float(getattr(optimizer, "learning_rate", None))
    except (TypeError, ValueError, RuntimeError):
        return None


def _classes(predictions: Any, y: Any) -> tuple:
    """True and predicted class indices and the number of classes; a
    `ValueError` when the outputs or targets are not a classifier's."""
    if isinstance(predictions, (list, tuple, dict)):
        raise ValueError(
            "The confusion matrix needs a model with a single output; this "
            f"one has {len(predictions)}."
        )
    predictions = np.asarray(predictions)
    y = np.asarray(ops.convert_to_numpy(y))
    if predictions.ndim >= 2 and predictions.shape[-1] > 1:
        num_classes = predictions.shape[-1]
        y_pred = predictions.reshape(-1, num_classes).argmax(-1)
        if y.shape == predictions.shape:  # one-hot targets
            y = y.reshape(-1, num_classes).argmax(-1)
    else:
        num_classes = 2
        y_pred = (predictions.reshape(-1) > 0.5).astype("int64")
    y_true = y.reshape(-1)
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"Targets of shape {y.shape} do not match predictions of shape "
            f"{predictions.shape} for a confusion matrix."
        )
    labels = np.round(y_true)
    if not (
        np.allclose(labels, y_true)
        and labels.min() >= 0
        and labels.max() < num_classes
    ):
        raise ValueError(
            "The confusion matrix needs class-index (or one-hot) targets in "
            f"[0, {num_classes}); received values in "
            f"[{y_true.min()}, {y_true.max()}]."
        )
    return labels.astype("int64"), y_pred, num_classes
