"""`TorchDataLoaderAdapter`: `torch.utils.data.DataLoader` and `Dataset`.

torch is never imported here: a DataLoader can only exist if the user
already imported torch, so detection looks in `sys.modules`. Batches are
converted to the current backend's tensors, so a DataLoader feeds a model
on any backend.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

from kerata.src import backend
from kerata.src import tree
from kerata.src.trainers.data_adapters import data_adapter_utils
from kerata.src.trainers.data_adapters.data_adapter import DataAdapter


def _torch_data_module() -> Any:
    return sys.modules.get("torch.utils.data")


def is_torch_dataloader(x: Any) -> bool:
    data = _torch_data_module()
    return data is not None and isinstance(x, data.DataLoader)


def is_torch_dataset(x: Any) -> bool:
    data = _torch_data_module()
    return data is not None and isinstance(x, data.Dataset)


def wrap_torch_dataset(
    dataset: Any, batch_size: int | None, shuffle: bool | str
) -> Any:
    """A DataLoader over a map-style or iterable torch `Dataset`."""
    data = _torch_data_module()
    if shuffle == "batch":
        raise ValueError(
            '`shuffle="batch"` is only supported for array inputs. Use '
            "shuffle=True or False with a torch Dataset."
        )
    if isinstance(dataset, data.IterableDataset):
        shuffle = False
    return data.DataLoader(
        dataset,
        batch_size=32 if batch_size is None else batch_size,
        shuffle=bool(shuffle),
    )


def _to_host(x: Any) -> Any:
    # Under jax or numpy, torch tensors go through NumPy (detached first:
    # NumPy cannot read a tensor that requires grad).
    if hasattr(x, "detach") and hasattr(x, "cpu"):
        return x.detach().cpu().numpy()
    return x


class TorchDataLoaderAdapter(DataAdapter):
    """Reads batches from a `torch.utils.data.DataLoader`.

    Each batch (as collated by the loader: a tuple or list `(x, y)`, a
    single tensor, or nested structures) becomes a tuple of the current
    backend's tensors.

    Args:
        dataloader: The DataLoader.
    """

    def __init__(self, dataloader: Any):
        self._dataloader = dataloader
        self._native = _native_tensors()

    def get_batches(self) -> Iterator[tuple]:
        standardize = data_adapter_utils.standardize_batch
        if self._native:
            convert = data_adapter_utils.convert_batch
            for batch in self._dataloader:
                yield convert(standardize(batch))
            return
        for batch in self._dataloader:
            batch = tree.map_structure(_to_host, standardize(batch))
            yield data_adapter_utils.convert_batch(batch)

    @property
    def num_batches(self) -> int | None:
        try:
            return len(self._dataloader)
        except TypeError:
            # An IterableDataset without __len__.
            return None

    @property
    def batch_size(self) -> int | None:
        return self._dataloader.batch_size

    @property
    def has_partial_batch(self) -> bool | None:
        size = self.partial_batch_size
        return None if size is None and self._length() is None else bool(size)

    @property
    def partial_batch_size(self) -> int | None:
        length = self._length()
        batch_size = self._dataloader.batch_size
        if length is None or not batch_size or self._dataloader.drop_last:
            return None
        return length % batch_size or None

    def _length(self) -> int | None:
        try:
            return len(self._dataloader.dataset)
        except TypeError:
            return None


def _native_tensors() -> bool:
    torch = sys.modules.get("torch")
    return torch is not None and backend.is_tensor(torch.zeros(()))
