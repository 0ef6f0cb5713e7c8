"""`TFDatasetAdapter`: `tf.data.Dataset`, read batch by batch.

TensorFlow is never imported here; a Dataset can only exist if the user
already imported it, so detection looks in `sys.modules`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

from kerata.src import tree
from kerata.src.trainers.data_adapters import data_adapter_utils
from kerata.src.trainers.data_adapters.data_adapter import DataAdapter


def is_tf_dataset(x: Any) -> bool:
    tf = sys.modules.get("tensorflow")
    data = getattr(tf, "data", None)
    return data is not None and isinstance(x, data.Dataset)


def _to_numpy(x: Any) -> Any:
    return x.numpy() if hasattr(x, "numpy") else x


class TFDatasetAdapter(DataAdapter):
    """Reads the (already batched) elements of a `tf.data.Dataset` and
    converts them to the current backend's tensors.

    Args:
        dataset: The dataset; each element `x`, `(x,)`, `(x, y)` or
            `(x, y, sample_weight)`.
        class_weight: Dict `{class_index: weight}` applied to each
            `(x, y)` batch as sample weights.
    """

    def __init__(self, dataset: Any, class_weight: dict | None = None):
        self._dataset = dataset
        self._class_weight = class_weight

    def get_batches(self) -> Iterator[tuple]:
        for element in self._dataset:
            batch = tree.map_structure(
                _to_numpy, data_adapter_utils.standardize_batch(element)
            )
            if self._class_weight is not None and len(batch) == 2:
                weights = data_adapter_utils.class_weight_to_sample_weights(
                    batch[1], self._class_weight
                )
                batch = batch + (weights,)
            yield data_adapter_utils.convert_batch(batch)

    @property
    def num_batches(self) -> int | None:
        cardinality = int(self._dataset.cardinality())
        # tf.data uses -1 for infinite and -2 for unknown.
        return cardinality if cardinality >= 0 else None
