"""Input pipelines for `fit`, `evaluate` and `predict`.

`get_data_adapter` picks the adapter for the user's data: arrays and
tensors, `PyDataset`, Python generators, torch DataLoaders and Datasets,
and tf.data Datasets. Every adapter yields tuples `(x,)`, `(x, y)` or
`(x, y, sample_weight)` of the current backend's tensors.
"""

from __future__ import annotations

import collections.abc
import warnings
from typing import Any

from kerata.src.trainers.data_adapters import data_adapter_utils
from kerata.src.trainers.data_adapters.array_data_adapter import (
    ArrayDataAdapter,
)
from kerata.src.trainers.data_adapters.array_data_adapter import (
    can_convert_arrays,
)
from kerata.src.trainers.data_adapters.data_adapter import DataAdapter
from kerata.src.trainers.data_adapters.generator_data_adapter import (
    GeneratorDataAdapter,
)
from kerata.src.trainers.data_adapters.py_dataset_adapter import PyDataset
from kerata.src.trainers.data_adapters.py_dataset_adapter import (
    PyDatasetAdapter,
)
from kerata.src.trainers.data_adapters.tf_dataset_adapter import (
    TFDatasetAdapter,
)
from kerata.src.trainers.data_adapters.tf_dataset_adapter import is_tf_dataset
from kerata.src.trainers.data_adapters.torch_data_loader_adapter import (
    TorchDataLoaderAdapter,
)
from kerata.src.trainers.data_adapters.torch_data_loader_adapter import (
    is_torch_dataloader,
)
from kerata.src.trainers.data_adapters.torch_data_loader_adapter import (
    is_torch_dataset,
)
from kerata.src.trainers.data_adapters.torch_data_loader_adapter import (
    wrap_torch_dataset,
)

__all__ = [
    "ArrayDataAdapter",
    "DataAdapter",
    "GeneratorDataAdapter",
    "PyDataset",
    "PyDatasetAdapter",
    "TFDatasetAdapter",
    "TorchDataLoaderAdapter",
    "data_adapter_utils",
    "get_data_adapter",
]

_ACCEPTED = (
    "NumPy arrays or backend tensors (or lists, tuples and dicts of them), "
    "a `kerata.utils.PyDataset`, a Python generator or iterator, a "
    "`torch.utils.data.DataLoader` or `Dataset`, or a `tf.data.Dataset`"
)


def get_data_adapter(
    x: Any,
    y: Any = None,
    sample_weight: Any = None,
    batch_size: int | None = None,
    steps_per_epoch: int | None = None,
    shuffle: bool | str = False,
    class_weight: dict | None = None,
) -> DataAdapter:
    """Returns the `DataAdapter` for `x` (and `y`, `sample_weight`).

    Raises:
        TypeError: If `x` is of no supported kind.
        ValueError: If `y`, `sample_weight` or `batch_size` are given with
            a source that already forms batches, or arrays disagree on
            their number of samples.
    """
    if isinstance(x, DataAdapter):
        return x
    if can_convert_arrays((x, y, sample_weight)):
        return ArrayDataAdapter(
            x,
            y,
            sample_weight=sample_weight,
            batch_size=batch_size,
            steps=steps_per_epoch,
            shuffle=shuffle,
            class_weight=class_weight,
        )
    if is_torch_dataset(x) and not is_torch_dataloader(x):
        _check_batch_source(x, y, sample_weight, None, "torch Dataset")
        if class_weight is not None:
            _reject_class_weight("torch Dataset", class_weight)
        x = wrap_torch_dataset(x, batch_size, shuffle)
        return TorchDataLoaderAdapter(x)
    kind = _batch_source_kind(x)
    if kind is None:
        raise TypeError(
            f"Unrecognized data type: x of type {type(x).__name__}. "
            f"Expected {_ACCEPTED}."
        )
    _check_batch_source(x, y, sample_weight, batch_size, kind)
    if kind == "PyDataset":
        if shuffle and x.num_batches is None:
            _warn_shuffle("an endless PyDataset")
        return PyDatasetAdapter(x, class_weight=class_weight, shuffle=shuffle)
    if shuffle:
        _warn_shuffle(f"a {kind}")
    if kind == "tf.data.Dataset":
        return TFDatasetAdapter(x, class_weight=class_weight)
    if class_weight is not None:
        _reject_class_weight(kind, class_weight)
    if kind == "torch DataLoader":
        return TorchDataLoaderAdapter(x)
    return GeneratorDataAdapter(x)


def _batch_source_kind(x: Any) -> str | None:
    if is_tf_dataset(x):
        return "tf.data.Dataset"
    if isinstance(x, PyDataset):
        return "PyDataset"
    if is_torch_dataloader(x):
        return "torch DataLoader"
    if isinstance(x, collections.abc.Iterator):
        return "generator"
    return None


def _check_batch_source(x, y, sample_weight, batch_size, kind: str) -> None:
    for name, value, what in (
        ("y", y, "the targets"),
        ("sample_weight", sample_weight, "the sample weights"),
    ):
        if value is not None:
            raise ValueError(
                f"When providing `x` as a {kind}, `{name}` should not be "
                f"passed. Instead, {what} should be included as part of the "
                f"{kind}."
            )
    if batch_size is not None:
        raise ValueError(
            f"Do not specify `batch_size` when `x` is a {kind}: it yields "
            f"whole batches already. Received: batch_size={batch_size}"
        )


def _reject_class_weight(kind: str, class_weight: Any) -> None:
    raise ValueError(
        f"Argument `class_weight` is not supported for {kind} inputs. "
        "Return `(x, y, sample_weight)` batches instead. "
        f"Received: class_weight={class_weight}"
    )


def _warn_shuffle(what: str) -> None:
    warnings.warn(
        f"`shuffle=True` was passed, but will be ignored since the data `x` "
        f"was provided as {what}, which is expected to be shuffled already.",
        stacklevel=3,
    )
