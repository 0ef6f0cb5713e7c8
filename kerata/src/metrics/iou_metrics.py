"""Intersection-over-union metrics: `IoU`, `MeanIoU`, `BinaryIoU` and the
one-hot variants."""

from __future__ import annotations

from typing import Any

import numpy as np

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.metrics.metric import Metric


def _one_hot(labels: Any, num_classes: int, dtype: str) -> Any:
    classes = ops.arange(num_classes, dtype="int32")
    return ops.cast(
        ops.equal(ops.expand_dims(labels, -1), classes), dtype
    )  # (samples, num_classes)


def _weights_per_label(weights: Any, label_shape: tuple) -> Any:
    """Flat weights, one per label: per-sample weights of shape
    `(batch,)` or `(batch, 1)` apply to every label of their sample."""
    size = int(np.prod(label_shape))
    if int(np.prod(weights.shape)) != size:
        for _ in range(len(label_shape) - len(weights.shape)):
            weights = ops.expand_dims(weights, -1)
        weights = ops.broadcast_to(weights, label_shape)
    return ops.reshape(weights, (-1,))


@kerata_export("kerata.metrics.IoU")
class IoU(Metric):
    """Intersection over union of chosen classes, averaged.

    For each class `c`, `IoU = TP / (TP + FP + FN)`, from a confusion
    matrix accumulated over batches; the result averages it over
    `target_class_ids`, skipping classes absent from labels and
    predictions alike.

    Args:
        num_classes: Number of classes.
        target_class_ids: Class ids whose IoU is averaged.
        name: Name of the metric.
        dtype: Dtype of the confusion matrix; defaults to `"int32"`, as in
            Keras, which truncates fractional sample weights (pass
            `dtype="float32"` for those). The result is float32.
        ignore_class: Optional class id whose labels are ignored.
        sparse_y_true: Whether labels are integer ids (else one-hot, with
            the class on `axis`).
        sparse_y_pred: Whether predictions are integer ids (else scores,
            argmax taken on `axis`).
        axis: Class axis of non-sparse inputs.

    Example:

    >>> metric = kerata.metrics.IoU(num_classes=2, target_class_ids=[0])
    >>> metric.update_state([0, 0, 1, 1], [0, 1, 0, 1])
    >>> round(float(metric.result()), 4)
    0.3333
    """

    def __init__(
        self,
        num_classes: int,
        target_class_ids: Any,
        name: str | None = None,
        dtype: Any = None,
        ignore_class: int | None = None,
        sparse_y_true: bool = True,
        sparse_y_pred: bool = True,
        axis: int = -1,
    ) -> None:
        super().__init__(name=name, dtype=dtype or "int32")
        if not isinstance(num_classes, int) or num_classes < 1:
            raise ValueError(
                "`num_classes` must be a positive int. Received: "
                f"num_classes={num_classes!r}"
            )
        ids = [int(i) for i in target_class_ids]
        if any(not 0 <= i < num_classes for i in ids):
            raise ValueError(
                f"`target_class_ids` must be in [0, {num_classes}). "
                f"Received: target_class_ids={target_class_ids!r}"
            )
        self.num_classes = num_classes
        self.target_class_ids = ids
        self.ignore_class = ignore_class
        self.sparse_y_true = sparse_y_true
        self.sparse_y_pred = sparse_y_pred
        self.axis = axis
        self._target_tensor = ops.convert_to_tensor(
            np.asarray(ids, dtype="int32")
        )
        self.total_cm = self.add_variable(
            shape=(num_classes, num_classes),
            initializer="zeros",
            name="total_confusion_matrix",
        )

    def update_state(
        self, y_true: Any, y_pred: Any, sample_weight: Any = None
    ) -> None:
        y_true = ops.convert_to_tensor(y_true)
        y_pred = ops.convert_to_tensor(y_pred)
        if not self.sparse_y_true:
            y_true = ops.argmax(y_true, axis=self.axis)
        if not self.sparse_y_pred:
            y_pred = ops.argmax(y_pred, axis=self.axis)
        label_shape = tuple(y_true.shape)
        y_true = ops.reshape(ops.cast(y_true, "int32"), (-1,))
        y_pred = ops.reshape(ops.cast(y_pred, "int32"), (-1,))
        if tuple(y_true.shape) != tuple(y_pred.shape):
            raise ValueError(
                "y_true and y_pred must hold as many class ids. Received "
                f"{y_true.shape[0]} labels and {y_pred.shape[0]} predictions."
            )
        if sample_weight is None:
            weights = ops.ones(tuple(y_true.shape), dtype="float32")
        else:
            # Through the state dtype first: an int matrix counts whole
            # weights only, as in Keras.
            weights = ops.cast(ops.cast(sample_weight, self.dtype), "float32")
            weights = _weights_per_label(weights, label_shape)
        if self.ignore_class is not None:
            keep = ops.not_equal(y_true, self.ignore_class)
            weights = weights * ops.cast(keep, "float32")
        # Float matmul: integer matmul is missing on some devices.
        true_hot = _one_hot(y_true, self.num_classes, "float32")
        pred_hot = _one_hot(y_pred, self.num_classes, "float32")
        pred_hot = pred_hot * ops.expand_dims(weights, -1)
        # Rows are labels, columns predictions.
        counts = ops.matmul(ops.transpose(true_hot), pred_hot)
        self.total_cm.assign_add(ops.cast(counts, self.dtype))

    def result(self) -> Any:
        cm = ops.cast(self.total_cm.value, "float32")
        predicted = ops.sum(cm, axis=0)
        actual = ops.sum(cm, axis=1)
        true_positives = ops.diagonal(cm)
        union = predicted + actual - true_positives
        true_positives = ops.take(true_positives, self._target_tensor)
        union = ops.take(union, self._target_tensor)
        num_valid = ops.sum(ops.cast(ops.not_equal(union, 0.0), "float32"))
        iou = ops.divide_no_nan(true_positives, union)
        return ops.divide_no_nan(ops.sum(iou), num_valid)

    def get_config(self) -> dict:
        return {
            "name": self.name,
            "dtype": self.dtype,
            "num_classes": self.num_classes,
            "target_class_ids": self.target_class_ids,
            "ignore_class": self.ignore_class,
            "sparse_y_true": self.sparse_y_true,
            "sparse_y_pred": self.sparse_y_pred,
            "axis": self.axis,
        }


@kerata_export("kerata.metrics.MeanIoU")
class MeanIoU(IoU):
    """Mean intersection over union over all classes.

    Args:
        num_classes: Number of classes.
        name: Name of the metric.
        dtype: Dtype of the confusion matrix; defaults to `"int32"` (see
            `IoU`).
        ignore_class: Optional class id whose labels are ignored.
        sparse_y_true: Whether labels are integer ids (else one-hot).
        sparse_y_pred: Whether predictions are integer ids (else scores).
        axis: Class axis of non-sparse inputs.

    Example:

    >>> metric = kerata.metrics.MeanIoU(num_classes=2)
    >>> metric.update_state([0, 0, 1, 1], [0, 1, 0, 1])
    >>> round(float(metric.result()), 4)
    0.3333
    """

    def __init__(
        self,
        num_classes: int,
        name: str | None = None,
        dtype: Any = None,
        ignore_class: int | None = None,
        sparse_y_true: bool = True,
        sparse_y_pred: bool = True,
        axis: int = -1,
    ) -> None:
        super().__init__(
            num_classes,
            target_class_ids=list(range(num_classes))
            if isinstance(num_classes, int)
            else [],
            name=name,
            dtype=dtype,
            ignore_class=ignore_class,
            sparse_y_true=sparse_y_true,
            sparse_y_pred=sparse_y_pred,
            axis=axis,
        )

    def get_config(self) -> dict:
        config = super().get_config()
        del config["target_class_ids"]
        return config


@kerata_export("kerata.metrics.BinaryIoU")
class BinaryIoU(IoU):
    """Intersection over union of classes 0 and/or 1 of a binary task.

    Predictions (probabilities or scores) at or above `threshold` count as
    class 1, the others as class 0; then `IoU` with two classes applies.

    Args:
        target_class_ids: Class ids whose IoU is averaged: `[0]`, `[1]` or
            `[0, 1]`.
        threshold: Predictions at or above it are class 1.
        name: Name of the metric.
        dtype: Dtype of the confusion matrix; defaults to `"int32"` (see
            `IoU`).

    Example:

    >>> metric = kerata.metrics.BinaryIoU(target_class_ids=[0, 1])
    >>> metric.update_state([0, 1, 0, 1], [0.1, 0.9, 0.6, 0.3])
    >>> round(float(metric.result()), 4)
    0.3333
    """

    def __init__(
        self,
        target_class_ids: Any = (0, 1),
        threshold: float = 0.5,
        name: str | None = None,
        dtype: Any = None,
    ) -> None:
        super().__init__(
            num_classes=2,
            target_class_ids=target_class_ids,
            name=name,
            dtype=dtype,
        )
        self.threshold = threshold

    def update_state(
        self, y_true: Any, y_pred: Any, sample_weight: Any = None
    ) -> None:
        y_pred = ops.convert_to_tensor(y_pred)
        y_pred = ops.cast(ops.greater_equal(y_pred, self.threshold), "int32")
        super().update_state(y_true, y_pred, sample_weight=sample_weight)

    def get_config(self) -> dict:
        return {
            "target_class_ids": self.target_class_ids,
            "threshold": self.threshold,
            "name": self.name,
            "dtype": self.dtype,
        }


@kerata_export("kerata.metrics.OneHotIoU")
class OneHotIoU(IoU):
    """`IoU` of one-hot labels: labels (and, unless `sparse_y_pred`, the
    predictions) are turned into class ids by an argmax over `axis`.

    Args:
        num_classes: Number of classes.
        target_class_ids: Class ids whose IoU is averaged.
        name: Name of the metric.
        dtype: Dtype of the confusion matrix; defaults to `"int32"` (see
            `IoU`).
        ignore_class: Optional class id whose labels are ignored.
        sparse_y_pred: Whether predictions are integer ids (else scores,
            argmax taken on `axis`).
        axis: Class axis.

    Example:

    >>> metric = kerata.metrics.OneHotIoU(num_classes=3,
    ...                                   target_class_ids=[0, 2])
    >>> metric.update_state([[1, 0, 0], [0, 0, 1], [0, 1, 0]],
    ...                     [[0.7, 0.2, 0.1], [0.5, 0.1, 0.4],
    ...                      [0.2, 0.2, 0.6]])
    >>> round(float(metric.result()), 4)
    0.25
    """

    def __init__(
        self,
        num_classes: int,
        target_class_ids: Any,
        name: str | None = None,
        dtype: Any = None,
        ignore_class: int | None = None,
        sparse_y_pred: bool = False,
        axis: int = -1,
    ) -> None:
        super().__init__(
            num_classes,
            target_class_ids,
            name=name,
            dtype=dtype,
            ignore_class=ignore_class,
            sparse_y_true=False,
            sparse_y_pred=sparse_y_pred,
            axis=axis,
        )

    def get_config(self) -> dict:
        config = super().get_config()
        del config["sparse_y_true"]
        return config


@kerata_export("kerata.metrics.OneHotMeanIoU")
class OneHotMeanIoU(MeanIoU):
    """`MeanIoU` of one-hot labels: labels (and, unless `sparse_y_pred`,
    the predictions) are turned into class ids by an argmax over `axis`.

    Args:
        num_classes: Number of classes.
        name: Name of the metric.
        dtype: Dtype of the confusion matrix; defaults to `"int32"` (see
            `IoU`).
        ignore_class: Optional class id whose labels are ignored.
        sparse_y_pred: Whether predictions are integer ids (else scores,
            argmax taken on `axis`).
        axis: Class axis.

    Example:

    >>> metric = kerata.metrics.OneHotMeanIoU(num_classes=3)
    >>> metric.update_state([[1, 0, 0], [0, 0, 1], [0, 1, 0]],
    ...                     [[0.7, 0.2, 0.1], [0.5, 0.1, 0.4],
    ...                      [0.2, 0.2, 0.6]])
    >>> round(float(metric.result()), 4)
    0.1667
    """

    def __init__(
        self,
        num_classes: int,
        name: str | None = None,
        dtype: Any = None,
        ignore_class: int | None = None,
        sparse_y_pred: bool = False,
        axis: int = -1,
    ) -> None:
        super().__init__(
            num_classes,
            name=name,
            dtype=dtype,
            ignore_class=ignore_class,
            sparse_y_true=False,
            sparse_y_pred=sparse_y_pred,
            axis=axis,
        )

    def get_config(self) -> dict:
        config = super().get_config()
        del config["sparse_y_true"]
        return config
