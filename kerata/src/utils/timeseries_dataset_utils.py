"""`timeseries_dataset_from_array`: sliding windows over an array."""

from __future__ import annotations

from typing import Any

import numpy as np

from kerata.src.api_export import kerata_export
from kerata.src.utils import dataset_sources
from kerata.src.utils import dataset_utils


class WindowSource:
    """Element `i` is the window of `data` starting at `starts[i]` (with
    `targets[starts[i]]` when there are targets)."""

    def __init__(
        self,
        data: np.ndarray,
        targets: np.ndarray | None,
        starts: np.ndarray,
        sequence_length: int,
        sampling_rate: int,
    ):
        self.data = data
        self.targets = targets
        self.starts = starts
        self.steps = np.arange(sequence_length) * sampling_rate

    def __len__(self) -> int:
        return len(self.starts)

    def fingerprint(self) -> str:
        targets = () if self.targets is None else (self.targets,)
        return dataset_utils.fingerprint_arrays(
            (self.data, self.starts, self.steps) + targets
        )

    def gather(self, indices: np.ndarray) -> Any:
        starts = self.starts[indices]
        windows = self.data[
            starts[:, None] + self.steps
        ]  # (batch, length, ...)
        if self.targets is None:
            return windows
        return windows, self.targets[starts]


@kerata_export(
    "kerata.utils.timeseries_dataset_from_array",
    "kerata.preprocessing.timeseries_dataset_from_array",
)
def timeseries_dataset_from_array(
    data: Any,
    targets: Any,
    sequence_length: int,
    sequence_stride: int = 1,
    sampling_rate: int = 1,
    batch_size: int | None = 128,
    shuffle: bool = False,
    seed: int | None = None,
    start_index: int | None = None,
    end_index: int | None = None,
    format: str = "tf",
) -> Any:
    """Creates a dataset of sliding windows over a timeseries.

    Window `i` starts at `start_index + i * sequence_stride` and holds
    `sequence_length` steps taken every `sampling_rate` steps; windows that
    would reach past `end_index` are dropped. With indices `0..98`,
    `sequence_length=10, sampling_rate=2, sequence_stride=3` the windows
    are `[0 2 ... 18]`, `[3 5 ... 21]`, ..., `[78 80 ... 96]`.

    Args:
        data: Array (or tensor) whose axis 0 is time.
        targets: Array with `targets[i]` the target of the window starting
            at `i` (counted from `start_index`), or None for windows only.
        sequence_length: Steps per window.
        sequence_stride: Steps between the starts of successive windows.
        sampling_rate: Steps between successive samples of a window.
        batch_size: Windows per batch, or None for single windows.
        shuffle: Whether to visit the windows in a new random order every
            epoch (else chronologically).
        seed: Int seed of the shuffling.
        start_index: First step used (default 0).
        end_index: Steps from this one on are not used (default: all).
        format: Accepted for compatibility: "tf" or "grain" both give a
            `kerata.utils.Dataset`.

    Returns:
        A `kerata.utils.Dataset` yielding windows `(batch, sequence_length)
        + data.shape[1:]`, or tuples `(windows, targets)`.

    Raises:
        ValueError: For indices, strides or rates out of range.

    Example:

    >>> import numpy as np
    >>> data = kerata.utils.timeseries_dataset_from_array(
    ...     np.arange(10), np.arange(10) * 10, sequence_length=3,
    ...     sequence_stride=2, batch_size=2)
    >>> windows, targets = next(iter(data))
    >>> windows.tolist(), targets.tolist(), len(data)
    ([[0, 1, 2], [2, 3, 4]], [0, 20], 2)
    """
    data = dataset_sources._as_arrays(data)
    length = len(data)
    _check_positions(length, start_index, end_index)
    for name, value in (
        ("sequence_length", sequence_length),
        ("sampling_rate", sampling_rate),
        ("sequence_stride", sequence_stride),
    ):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise TypeError(
                f"`{name}` must be a positive int. Received: {name}={value!r}"
            )
        if value <= 0:
            raise ValueError(
                f"`{name}` must be higher than 0. Received: {name}={value}"
            )
        if name != "sequence_length" and value >= length:
            raise ValueError(
                f"`{name}` must be lower than the length of the data. "
                f"Received: {name}={value}, for data of length {length}"
            )
    if format not in ("tf", "grain"):
        raise ValueError(
            '`format` must be "tf" or "grain" (both give a '
            f"kerata.utils.Dataset). Received: format={format!r}"
        )
    start_index = start_index or 0
    end_index = length if end_index is None else end_index
    num_windows = (
        end_index - start_index - (sequence_length - 1) * sampling_rate
    )
    if targets is not None:
        targets = dataset_sources._as_arrays(targets)[start_index:end_index]
        num_windows = min(num_windows, len(targets))
    starts = np.arange(0, max(num_windows, 0), sequence_stride)
    source = WindowSource(
        data[start_index:end_index],
        targets,
        starts,
        sequence_length,
        sampling_rate,
    )
    return dataset_utils.Dataset(
        source, batch_size=batch_size, shuffle=shuffle, seed=seed
    )


def _check_positions(length: int, start_index: Any, end_index: Any) -> None:
    if start_index and not 0 <= start_index < length:
        raise ValueError(
            "`start_index` must be in [0, len(data)). Received: "
            f"start_index={start_index}, for data of length {length}"
        )
    if end_index is None:
        return
    if start_index and end_index <= start_index:
        raise ValueError(
            "`end_index` must be higher than `start_index`. Received: "
            f"start_index={start_index}, and end_index={end_index}"
        )
    if not 0 < end_index < length:
        raise ValueError(
            "`end_index` must be in (0, len(data)). Received: "
            f"end_index={end_index}, for data of length {length}"
        )
