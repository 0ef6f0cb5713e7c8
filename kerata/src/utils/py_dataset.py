"""`PyDataset`, the base class of datasets written in Python that produce
whole batches, and the ordered parallel fetching its workers use. The
data adapter that feeds one to `fit` is in
`trainers/data_adapters/py_dataset_adapter.py`."""

from __future__ import annotations

import collections
import concurrent.futures
import itertools
import multiprocessing
import warnings
from collections.abc import Iterator
from typing import Any

from kerata.src.api_export import kerata_export


@kerata_export("kerata.utils.PyDataset", "kerata.utils.Sequence")
class PyDataset:
    """Base class for datasets written in Python that produce whole batches.

    Subclass it, call `super().__init__(**kwargs)`, and implement
    `__len__` (the number of batches) and `__getitem__(index)` (one batch:
    `x`, `(x,)`, `(x, y)` or `(x, y, sample_weight)` of NumPy arrays). For
    an endless dataset, override the `num_batches` property to return None.
    `on_epoch_begin` and `on_epoch_end` are called around every epoch, e.g.
    to reshuffle files.

    Batches are fetched ahead of the model, in order, by `workers` threads
    (good for I/O-bound loading) or, with `use_multiprocessing=True`,
    `workers` processes (for CPU-bound Python work; the dataset must then
    be picklable). At most `max_queue_size` batches are fetched ahead.

    Args:
        workers: Number of threads or processes fetching batches. 1 fetches
            in the main thread, with no parallelism.
        use_multiprocessing: Whether to fetch in processes, not threads.
        max_queue_size: Maximum number of batches fetched ahead.

    Example:

    >>> import numpy as np
    >>> class Squares(kerata.utils.PyDataset):
    ...     def __len__(self):
    ...         return 3
    ...     def __getitem__(self, index):
    ...         x = np.full((2, 1), index, dtype="float32")
    ...         return x, x**2
    >>> data = Squares(workers=2)
    >>> data.num_batches, data[2][1].tolist()
    (3, [[4.0], [4.0]])
    """

    def __init__(
        self,
        workers: int = 1,
        use_multiprocessing: bool = False,
        max_queue_size: int = 10,
    ):
        for name, value in (
            ("workers", workers),
            ("max_queue_size", max_queue_size),
        ):
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(
                    f"`{name}` must be a positive int. "
                    f"Received: {name}={value!r}"
                )
            if value < 1:
                raise ValueError(
                    f"`{name}` must be a positive int. Received: {name}={value}"
                )
        self._workers = workers
        self._use_multiprocessing = bool(use_multiprocessing)
        self._max_queue_size = max_queue_size

    def _settings(self) -> tuple:
        # Subclasses that forget super().__init__() get the defaults.
        if not hasattr(self, "_workers"):
            warnings.warn(
                "Your `PyDataset` class should call "
                "`super().__init__(**kwargs)` in its constructor; `**kwargs` "
                "can include `workers`, "
                "`use_multiprocessing` and `max_queue_size`.",
                stacklevel=3,
            )
            self._workers = 1
            self._use_multiprocessing = False
            self._max_queue_size = 10
        return self._workers, self._use_multiprocessing, self._max_queue_size

    @property
    def workers(self) -> int:
        return self._settings()[0]

    @workers.setter
    def workers(self, value: int) -> None:
        self._settings()
        self._workers = value

    @property
    def use_multiprocessing(self) -> bool:
        return self._settings()[1]

    @use_multiprocessing.setter
    def use_multiprocessing(self, value: bool) -> None:
        self._settings()
        self._use_multiprocessing = bool(value)

    @property
    def max_queue_size(self) -> int:
        return self._settings()[2]

    @max_queue_size.setter
    def max_queue_size(self, value: int) -> None:
        self._settings()
        self._max_queue_size = value

    def __getitem__(self, index: int) -> Any:
        """Returns the batch at position `index`."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement `__getitem__(index)`."
        )

    def __len__(self) -> int:
        """Returns the number of batches."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement `__len__`, or override "
            "the `num_batches` property."
        )

    @property
    def num_batches(self) -> int | None:
        """Number of batches, or None for an endless dataset."""
        return len(self)

    def __iter__(self) -> Iterator:
        count = self.num_batches
        indices = itertools.count() if count is None else range(count)
        for index in indices:
            yield self[index]

    def on_epoch_begin(self) -> None:
        """Called at the beginning of every epoch."""

    def on_epoch_end(self) -> None:
        """Called at the end of every epoch."""


# The dataset a worker process reads, set once per process by the pool's
# initializer so it is pickled once per worker, not once per batch.
_WORKER_DATASET: list = [None]


def _init_worker(dataset: PyDataset) -> None:
    _WORKER_DATASET[0] = dataset


def _worker_getitem(index: int) -> Any:
    return _WORKER_DATASET[0][index]


def _fetch_in_order(
    dataset: PyDataset, indices: Iterator, workers: int, processes: bool
) -> Iterator:
    """Yields `dataset[i]` for each index, in order, fetched by a pool of
    `workers` threads or processes, with at most `max_queue_size` fetches
    in flight. Closing the generator (or an error) cancels what is pending
    and joins the pool, so no worker outlives the epoch."""
    if processes:
        executor: concurrent.futures.Executor = (
            concurrent.futures.ProcessPoolExecutor(
                workers,
                mp_context=multiprocessing.get_context(),
                initializer=_init_worker,
                initargs=(dataset,),
            )
        )
        getitem = _worker_getitem
    else:
        executor = concurrent.futures.ThreadPoolExecutor(
            workers, thread_name_prefix="kerata_py_dataset"
        )
        getitem = dataset.__getitem__
    pending: collections.deque = collections.deque()
    try:
        for index in itertools.islice(indices, dataset.max_queue_size):
            pending.append(executor.submit(getitem, index))
        while pending:
            batch = pending.popleft().result()
            for index in itertools.islice(indices, 1):
                pending.append(executor.submit(getitem, index))
            yield batch
    finally:
        for future in pending:
            future.cancel()
        executor.shutdown(wait=True, cancel_futures=True)
