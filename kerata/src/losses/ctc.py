"""CTC loss: `kerata.losses.ctc` and `kerata.losses.CTC`.

Kept apart from `functions.py`/`losses.py`: unlike the other losses its
targets and predictions have different shapes (label sequences against
per-frame logits), and the lengths it needs are derived from them.
"""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.losses.losses import _BuiltinLoss

# The blank class; label sequences are padded with it too.
_MASK_INDEX = 0


def _tensor(x: Any) -> Any:
    # Tensors and KerasTensors as they are; lists and arrays converted.
    if hasattr(x, "shape") and hasattr(x, "dtype"):
        return x
    return ops.convert_to_tensor(x)


@kerata_export("kerata.losses.ctc")
def ctc(y_true: Any, y_pred: Any) -> Any:
    """CTC (connectionist temporal classification) loss, per sample.

    Every frame of `y_pred` counts; a label sequence's length is its
    number of non-zero entries, so class 0 is the blank and pads the
    sequences. See `kerata.ops.ctc_loss` for the loss itself.

    Args:
        y_true: Integer labels `(batch_size, max_label_length)`, padded
            with 0; 0 is never a label.
        y_pred: Logits `(batch_size, max_time, num_classes)`, not
            normalised by a softmax.

    Returns:
        The loss of each sample, `(batch_size,)`.

    Raises:
        ValueError: If `y_true` is not rank 2 or `y_pred` not rank 3.

    Example:

    >>> y_pred = kerata.ops.zeros((2, 2, 2))  # 2 frames, classes {0, 1}
    >>> loss = kerata.losses.ctc([[1], [0]], y_pred)
    >>> [round(v, 4) for v in kerata.ops.convert_to_numpy(loss).tolist()]
    [0.2877, 1.3863]
    """
    y_true = _tensor(y_true)
    y_pred = _tensor(y_pred)
    if len(y_true.shape) != 2:
        raise ValueError(
            "`y_true` must be integer labels of shape (batch_size, "
            f"max_label_length). Received: y_true.shape={tuple(y_true.shape)}"
        )
    if len(y_pred.shape) != 3:
        raise ValueError(
            "`y_pred` must be logits of shape (batch_size, max_time, "
            f"num_classes). Received: y_pred.shape={tuple(y_pred.shape)}"
        )
    # The padding is the blank, 0, so the labels are the non-zero entries.
    label_length = ops.count_nonzero(y_true, axis=-1)
    output_length = ops.full_like(label_length, y_pred.shape[1])
    return ops.ctc_loss(
        y_true, y_pred, label_length, output_length, mask_index=_MASK_INDEX
    )


@kerata_export("kerata.losses.CTC")
class CTC(_BuiltinLoss):
    """CTC (connectionist temporal classification) loss.

    For sequence models whose outputs are not aligned with their labels
    (speech, handwriting): `y_true` holds label sequences padded with 0,
    `y_pred` per-frame logits. See `kerata.losses.ctc`.

    Args:
        reduction: See `kerata.losses.Loss`.
        name: Name of the loss.
        dtype: Dtype the loss is computed in; None means floatx.

    Example:

    >>> loss = kerata.losses.CTC()
    >>> y_pred = kerata.ops.zeros((2, 2, 2))  # 2 frames, classes {0, 1}
    >>> round(float(loss([[1], [0]], y_pred)), 4)  # (0.2877 + 1.3863) / 2
    0.837
    """

    def __init__(
        self,
        reduction: Any = "sum_over_batch_size",
        name: str = "ctc",
        dtype: Any = None,
    ) -> None:
        super().__init__(ctc, name=name, reduction=reduction, dtype=dtype)
