"""`PyDatasetAdapter`: feeds a `PyDataset` (kerata/src/utils/py_dataset.py)
to `fit`, `evaluate` and `predict`, fetching in parallel when it asks."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import numpy as np

from kerata.src.trainers.data_adapters import data_adapter_utils
from kerata.src.trainers.data_adapters.data_adapter import DataAdapter
from kerata.src.utils.py_dataset import PyDataset  # noqa: F401 (re-export)
from kerata.src.utils.py_dataset import _fetch_in_order


class PyDatasetAdapter(DataAdapter):
    """Reads batches from a `PyDataset`, in parallel when it asks for it.

    Args:
        x: The `PyDataset`.
        class_weight: Dict `{class_index: weight}` applied to each `(x, y)`
            batch as sample weights.
        shuffle: Whether to visit the batches of a finite dataset in a new
            random order each epoch (NumPy's global RNG).
    """

    def __init__(
        self,
        x: PyDataset,
        class_weight: dict | None = None,
        shuffle: bool | str = False,
    ):
        self.py_dataset = x
        self.class_weight = class_weight
        self.shuffle = bool(shuffle)
        self._active: Any = None
        self._epoch_open = False

    def _standardize(self, batch: Any) -> tuple:
        batch = data_adapter_utils.standardize_batch(batch)
        if self.class_weight is not None:
            if len(batch) == 3:
                raise ValueError(
                    "You cannot use `class_weight` and `sample_weight` at "
                    "the same time: the PyDataset returned sample weights."
                )
            if len(batch) == 2:
                weights = data_adapter_utils.class_weight_to_sample_weights(
                    batch[1], self.class_weight
                )
                batch = batch + (weights,)
        return data_adapter_utils.convert_batch(batch)

    def _indices(self) -> Iterator:
        count = self.py_dataset.num_batches
        if count is None:
            return itertools.count()
        if self.shuffle:
            return iter(np.random.permutation(count).tolist())
        return iter(range(count))

    def get_batches(self) -> Iterator[tuple]:
        self._close()
        dataset = self.py_dataset
        workers, processes, _ = dataset._settings()
        indices = self._indices()
        if workers > 1 or processes:
            source = _fetch_in_order(dataset, indices, workers, processes)
        else:
            source = (dataset[i] for i in indices)
        self._active = source
        return (self._standardize(batch) for batch in source)

    def _close(self) -> None:
        if self._active is not None:
            self._active.close()
            self._active = None

    def on_epoch_begin(self) -> None:
        if not self._epoch_open:
            self._epoch_open = True
            self.py_dataset.on_epoch_begin()

    def on_epoch_end(self) -> None:
        self._close()
        # Called once per epoch even when the caller ends an epoch twice.
        if self._epoch_open:
            self._epoch_open = False
            self.py_dataset.on_epoch_end()

    @property
    def num_batches(self) -> int | None:
        return self.py_dataset.num_batches
