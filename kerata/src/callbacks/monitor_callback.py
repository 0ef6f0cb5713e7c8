"""`MonitorCallback`: the shared base of callbacks that watch one metric.

`EarlyStopping`, `ReduceLROnPlateau` and `ModelCheckpoint` compare a
logged quantity against the best value seen so far. This module holds the
direction logic they share (Keras's `MonitorCallback`, which Keras does
not export either).
"""

from __future__ import annotations

import operator
from typing import Any

import numpy as np

from kerata.src import backend
from kerata.src.callbacks.callback import Callback

_MODES = ("auto", "min", "max")

# Metric classes by the direction in which they improve, for `mode="auto"`.
# A metric may also say so itself with a `_direction` attribute ("up" or
# "down"), as Keras's metrics do; that attribute wins.
_UP = frozenset(
    {
        "Accuracy",
        "BinaryAccuracy",
        "CategoricalAccuracy",
        "SparseCategoricalAccuracy",
        "TopKCategoricalAccuracy",
        "SparseTopKCategoricalAccuracy",
        "Precision",
        "Recall",
        "AUC",
        "SensitivityAtSpecificity",
        "SpecificityAtSensitivity",
        "PrecisionAtRecall",
        "RecallAtPrecision",
        "PearsonCorrelation",
        "ConcordanceCorrelation",
        "FBetaScore",
        "F1Score",
        "IoU",
        "MeanIoU",
        "BinaryIoU",
        "OneHotIoU",
        "OneHotMeanIoU",
        "CosineSimilarity",
        "R2Score",
    }
)
_DOWN = frozenset(
    {
        "Hinge",
        "SquaredHinge",
        "CategoricalHinge",
        "BinaryCrossentropy",
        "CategoricalCrossentropy",
        "SparseCategoricalCrossentropy",
        "KLDivergence",
        "Poisson",
        "MeanSquaredError",
        "MeanAbsoluteError",
        "MeanAbsolutePercentageError",
        "MeanSquaredLogarithmicError",
        "LogCoshError",
        "RootMeanSquaredError",
    }
)


def check_mode(mode: Any, callback_name: str) -> str:
    """Returns `mode` if it is "auto", "min" or "max", else raises."""
    if mode not in _MODES:
        raise ValueError(
            f"{callback_name}: `mode` must be one of {_MODES}. Received: "
            f"mode={mode!r}. Use 'min' for quantities that should go down "
            "(losses), 'max' for ones that should go up (accuracy)."
        )
    return mode


def check_save_freq(save_freq: Any, callback_name: str) -> Any:
    """Returns `save_freq` if it is "epoch" or a positive int, else raises."""
    if save_freq == "epoch":
        return save_freq
    if (
        isinstance(save_freq, int)
        and not isinstance(save_freq, bool)
        and save_freq > 0
    ):
        return save_freq
    raise ValueError(
        f"{callback_name}: `save_freq` must be 'epoch' or a positive int "
        f"(a number of batches). Received: save_freq={save_freq!r}"
    )


def metric_direction(metric: Any) -> str | None:
    """ "up", "down" or None (unknown) for a metric object."""
    direction = getattr(metric, "_direction", None)
    if direction in ("up", "down"):
        return direction
    for cls in type(metric).__mro__:
        if cls.__name__ in _UP:
            return "up"
        if cls.__name__ in _DOWN:
            return "down"
    # A mean of a loss function (e.g. `metrics=[kerata.losses.mse]`).
    function = getattr(metric, "_fn", None)
    module = getattr(function, "__module__", "") or ""
    if module.startswith("kerata.src.losses"):
        return "down"
    return None


def _compiled_metrics(model: Any) -> list:
    out = []
    for metric in getattr(model, "metrics", None) or ():
        # The compiled metrics sit inside one container metric.
        inner = getattr(metric, "metrics", None)
        if isinstance(inner, list):
            out.extend(inner)
    return out


class MonitorCallback(Callback):
    """Base class of callbacks that track the best value of a metric.

    Args:
        monitor: Name of the logged quantity, e.g. "val_loss".
        mode: "min", "max", or "auto" (from the metric: losses and error
            metrics go down, accuracies and scores go up).
        baseline: Initial best value; `None` means the first value seen.
        min_delta: Smallest change that counts as an improvement.
    """

    def __init__(
        self,
        monitor: str = "val_loss",
        mode: str = "auto",
        baseline: float | None = None,
        min_delta: float = 0,
    ) -> None:
        super().__init__()
        self.monitor = monitor
        self.mode = check_mode(mode, type(self).__name__)
        self.best = baseline
        self.min_delta = abs(min_delta)
        self.monitor_op: Any = None

    def _set_monitor_op(self) -> None:
        """Picks the comparison; for "auto", once the metrics are built."""
        if self.mode == "min":
            self.monitor_op = operator.lt
        elif self.mode == "max":
            self.monitor_op = operator.gt
        else:
            self.monitor_op = self._auto_monitor_op()
        if self.monitor_op is operator.lt:
            # Improving means going down by more than `min_delta`.
            self.min_delta = -abs(self.min_delta)

    def _auto_monitor_op(self) -> Any:
        name = self.monitor.removeprefix("val_")
        if name == "loss":
            return operator.lt
        for metric in _compiled_metrics(self._model):
            if metric.name == name:
                direction = metric_direction(metric)
                if direction is not None:
                    return operator.gt if direction == "up" else operator.lt
        raise ValueError(
            f"{type(self).__name__} received monitor={self.monitor!r}, "
            "but cannot tell whether that metric should be maximized or "
            "minimized. Pass mode='max' to keep the highest value or "
            "mode='min' to keep the lowest."
        )

    def _is_improvement(self, value: Any, reference: Any) -> bool:
        if reference is None:
            return True
        # Compared at the default float precision, as Keras does (its
        # comparison ops turn Python floats into float32 tensors): values
        # equal in float32 are not an improvement.
        dtype = np.dtype(backend.floatx())
        shifted = np.asarray(value - self.min_delta, dtype=dtype)
        return bool(self.monitor_op(shifted, np.asarray(reference, dtype)))
