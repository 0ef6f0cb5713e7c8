"""`Dataset`, the batches the `*_dataset_from_*` utilities return, and
`split_dataset`; plus the directory indexing they share.

Keras returns `tf.data.Dataset`s from these utilities. kerata has no
tf.data, so they return a `kerata.utils.Dataset`: a `PyDataset` that
gathers its elements by index (decoding files only for the batch asked
for), so `fit`, `evaluate` and `predict` take it directly on every backend
and its batches can be fetched by parallel workers.
"""

from __future__ import annotations

import copy
import math
import os
from collections.abc import Callable
from collections.abc import Iterator
from typing import Any

import numpy as np

from kerata.src.api_export import kerata_export
from kerata.src.utils.dataset_cache import CachedSource
from kerata.src.utils.dataset_sources import ArraySource
from kerata.src.utils.dataset_sources import IndexedSource
from kerata.src.utils.dataset_sources import SubsetSource
from kerata.src.utils.dataset_sources import ZipSource
from kerata.src.utils.dataset_sources import _map_leaves
from kerata.src.utils.dataset_sources import fingerprint_arrays
from kerata.src.utils.dataset_sources import fingerprint_files
from kerata.src.utils.py_dataset import PyDataset
from kerata.src.utils.py_dataset import _fetch_in_order

# Re-exported: the loaders build datasets from these.
__all__ = [
    "ArraySource",
    "CachedSource",
    "Dataset",
    "IndexedSource",
    "SubsetSource",
    "ZipSource",
    "check_label_mode",
    "check_labels_arg",
    "check_validation_split_arg",
    "encode_labels",
    "fingerprint_arrays",
    "fingerprint_files",
    "index_directory",
    "split_and_build",
    "split_dataset",
    "training_or_validation_split",
]


@kerata_export("kerata.utils.Dataset")
class Dataset(PyDataset):
    """Elements gathered by index and served as NumPy batches.

    kerata's stand-in for the `tf.data.Dataset` that Keras's
    `image_dataset_from_directory`, `text_dataset_from_directory`,
    `timeseries_dataset_from_array` and `split_dataset` return. It is a
    `kerata.utils.PyDataset`, so `fit`, `evaluate` and `predict` take it
    directly; iterating over it gives NumPy batches, `x` or tuples `(x, y)`
    like the arrays it was built from. Elements are loaded per batch
    (image files are decoded only when their batch is asked for), by
    `workers` threads or processes when set.

    With `shuffle=True`, each epoch (each full iteration, or each epoch of
    `fit`) visits the elements in a new order drawn from `seed`, so a run
    is reproducible. Unlike tf.data, `.batch()` regroups the elements
    rather than nesting batches. As with tf.data, `.cache()` keeps
    decoded elements (in memory or in files) so that only the first epoch
    decodes, and `.prefetch()` fetches batches in background threads:
    `dataset.cache().shuffle(1000).prefetch(-1)`.

    Args:
        elements: NumPy array, or tuple/list/dict of arrays sharing their
            first axis (one element per row, as
            `tf.data.Dataset.from_tensor_slices` reads them).
        batch_size: Elements per batch (the last batch may be smaller), or
            `None` to yield single elements.
        shuffle: Whether to visit the elements in a new order every epoch.
        seed: Int seed of the shuffling; `None` draws one.
        workers: Number of threads (or processes) fetching batches.
        use_multiprocessing: Whether to fetch batches in processes.
        max_queue_size: Batches fetched ahead at most.

    Attributes:
        class_names: Class names, where the loader infers them.
        file_paths: The files behind the elements, where there are any.

    Example:

    >>> import numpy as np
    >>> x = np.arange(10, dtype="float32").reshape(5, 2)
    >>> data = kerata.utils.Dataset((x, np.arange(5)), batch_size=2)
    >>> len(data), [y.tolist() for _, y in data]
    (3, [[0, 1], [2, 3], [4]])
    """

    def __init__(
        self,
        elements: Any,
        batch_size: int | None = 32,
        shuffle: bool = False,
        seed: int | None = None,
        workers: int = 1,
        use_multiprocessing: bool = False,
        max_queue_size: int = 10,
    ):
        super().__init__(
            workers=workers,
            use_multiprocessing=use_multiprocessing,
            max_queue_size=max_queue_size,
        )
        if not hasattr(elements, "gather"):
            elements = ArraySource(elements)
        _check_batch_size(batch_size)
        self._source = elements
        self._batch_size = batch_size
        self._shuffle = bool(shuffle)
        if seed is None:
            seed = int(np.random.randint(1_000_000))
        self._seed = seed
        self._reshuffle = True
        self._prefetch = False
        self._epoch = 0
        self._limit: int | None = None
        self._transforms: list = []
        self._order_cache: tuple = (None, None)
        self.class_names: list | None = None
        self.file_paths: list | None = None

    @property
    def batch_size(self) -> int | None:
        """Elements per batch, or `None` when single elements are yielded."""
        return self._batch_size

    @property
    def num_elements(self) -> int:
        """Number of elements visited per epoch."""
        count = len(self._source)
        return count if self._limit is None else min(count, self._limit)

    def __len__(self) -> int:
        if self._batch_size is None:
            return self.num_elements
        return math.ceil(self.num_elements / self._batch_size)

    def _order(self) -> np.ndarray:
        epoch, order = self._order_cache
        if epoch != self._epoch:
            count = len(self._source)
            if self._shuffle:
                draw = self._epoch if self._reshuffle else 0
                rng = np.random.default_rng([self._seed, draw])
                order = rng.permutation(count)
            else:
                order = np.arange(count)
            order = order[: self.num_elements]
            epoch = self._epoch
            self._order_cache = (epoch, order)
        return order

    def __getitem__(self, index: int) -> Any:
        count = len(self)
        if index < 0:
            index += count
        if not 0 <= index < count:
            raise IndexError(
                f"Batch index {index} is out of range for a dataset of "
                f"{count} batches."
            )
        order = self._order()
        if self._batch_size is None:
            item = _map_leaves(
                lambda a: a[0], self._source.gather(order[index : index + 1])
            )
        else:
            start = index * self._batch_size
            item = self._source.gather(order[start : start + self._batch_size])
        for transform in self._transforms:
            item = (
                transform(*item) if isinstance(item, tuple) else transform(item)
            )
        return item

    def __iter__(self) -> Iterator:
        indices = iter(range(len(self)))
        batches: Any  # A generator: closed below.
        if self._prefetch:
            workers, processes, _ = self._settings()
            batches = _fetch_in_order(self, indices, workers, processes)
        else:
            batches = (self[index] for index in indices)
        try:
            yield from batches
        finally:
            batches.close()  # Stops the fetching threads after a break.
        # A full pass is an epoch: the next one is reshuffled.
        self.on_epoch_end()

    def on_epoch_end(self) -> None:
        self._epoch += 1

    def __repr__(self) -> str:
        return (
            f"<Dataset: {self.num_elements} elements, "
            f"batch_size={self._batch_size}, shuffle={self._shuffle}>"
        )

    def _derived(self, **changes: Any) -> Dataset:
        derived = copy.copy(self)
        derived._transforms = list(self._transforms)
        derived._order_cache = (None, None)
        for name, value in changes.items():
            setattr(derived, name, value)
        return derived

    def map(self, fn: Callable) -> Dataset:
        """Returns a dataset whose items are `fn(*item)` (or `fn(item)`).

        `fn` receives what the dataset yields, so whole batches when it is
        batched, and runs on NumPy arrays in the fetching worker.

        Example:

        >>> import numpy as np
        >>> data = kerata.utils.Dataset(np.arange(4), batch_size=2)
        >>> [b.tolist() for b in data.map(lambda x: x * 10)]
        [[0, 10], [20, 30]]
        """
        return self._derived(_transforms=self._transforms + [fn])

    def take(self, count: int) -> Dataset:
        """Returns a dataset of the first `count` items of each epoch.

        Example:

        >>> import numpy as np
        >>> len(kerata.utils.Dataset(np.arange(10), batch_size=2).take(3))
        3
        """
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError(
                f"`count` must be a non-negative int. Received: count={count!r}"
            )
        elements = count * (self._batch_size or 1)
        limit = elements if self._limit is None else min(self._limit, elements)
        return self._derived(_limit=limit)

    def batch(self, batch_size: int) -> Dataset:
        """Returns the same elements, grouped in batches of `batch_size`.

        Example:

        >>> import numpy as np
        >>> data = kerata.utils.Dataset(np.arange(5), batch_size=None)
        >>> [b.tolist() for b in data.batch(4)]
        [[0, 1, 2, 3], [4]]
        """
        self._check_no_transforms("batch")
        _check_batch_size(batch_size)
        return self._derived(_batch_size=batch_size)

    def unbatch(self) -> Dataset:
        """Returns the same elements, yielded one by one.

        Example:

        >>> import numpy as np
        >>> data = kerata.utils.Dataset(np.arange(3), batch_size=2)
        >>> [int(x) for x in data.unbatch()]
        [0, 1, 2]
        """
        self._check_no_transforms("unbatch")
        return self._derived(_batch_size=None)

    def cache(self, filename: Any = "", name: str | None = None) -> Dataset:
        """Returns a dataset that reads each element from its source once.

        The first time an element is fetched (decoded, for image files),
        it is copied into a cache; later epochs, in any order, read it from
        there, as with `tf.data.Dataset.cache`. So only the first epoch
        pays for decoding. Call it on what a loader returns, before
        `.map()`: `image_dataset_from_directory(...).cache()`.

        With `filename=""` the cache is in memory: one array per component
        (images, labels, ...) for all elements, allocated at the first
        batch. With a `filename`, it is the folder
        `<filename>.kerata-cache`, holding one `.npy` file per component
        and an `index.json` written only once every element is in (after
        one full epoch). A later dataset over the same data cached under
        the same `filename`, in this process or another one, reads those
        files memory-mapped and decodes nothing. The index holds a
        fingerprint of the data (the files' paths, sizes and modification
        times with the decoding settings, or a hash of the arrays): a cache
        whose data has changed since, or one left incomplete by an
        interrupted run, is ignored and rebuilt. One process should build
        a given cache at a time.

        After `.take(n)`, only the elements `take` keeps are cached, and
        every epoch visits those same elements.

        Args:
            filename: Path that names the cache on disk, or `""` to cache
                in memory.
            name: Accepted for compatibility with tf.data and ignored.

        Returns:
            A `Dataset` with the same elements, batching and shuffling.

        Raises:
            ValueError: If called after `.map()` (mapped functions see
                whole batches and may be random, so their results are not
                cached: call `.cache()` first); when fetched, for elements
                of different shapes or dtypes; with a `filename`, for data
                that cannot be fingerprinted (e.g. a torch `Dataset`).

        Example:

        >>> import numpy as np
        >>> data = kerata.utils.Dataset(np.arange(6), batch_size=4).cache()
        >>> [b.tolist() for b in data]
        [[0, 1, 2, 3], [4, 5]]
        """
        del name  # tf.data names its graph nodes; there is no graph here.
        if self._transforms:
            raise ValueError(
                "`.cache()` cannot follow `.map()`: mapped functions work on "
                "whole batches and may be random, so their results are not "
                "cached. Call `.cache()` before `.map()`, e.g. "
                "`dataset.cache().map(fn)`."
            )
        source = self._source
        if self._limit is not None:
            source = SubsetSource(source, self._order().copy())
        return self._derived(
            _source=CachedSource(source, filename), _limit=None
        )

    def shuffle(
        self,
        buffer_size: int,
        seed: int | None = None,
        reshuffle_each_iteration: bool | None = True,
        name: str | None = None,
    ) -> Dataset:
        """Returns a dataset that visits its elements in a random order.

        The whole dataset is shuffled, whatever `buffer_size` (as tf.data
        does with a buffer at least the size of the dataset), and elements
        are shuffled, not batches: each batch gathers elements drawn from
        the whole dataset. Each epoch draws a new order from `seed`, unless
        `reshuffle_each_iteration=False`.

        Args:
            buffer_size: Accepted for compatibility with tf.data: a
                positive int (or -1).
            seed: Int seed of the order; `None` draws one.
            reshuffle_each_iteration: Whether every epoch gets a new order
                (`None` means True, as in tf.data).
            name: Accepted for compatibility with tf.data and ignored.

        Returns:
            A `Dataset` with the same elements and batching.

        Example:

        >>> import numpy as np
        >>> data = kerata.utils.Dataset(np.arange(6), batch_size=3)
        >>> first, second = data.shuffle(6, seed=1)
        >>> sorted(first.tolist() + second.tolist())
        [0, 1, 2, 3, 4, 5]
        """
        del name  # tf.data names its graph nodes; there is no graph here.
        _check_buffer_size(buffer_size, "shuffle")
        if seed is None:
            seed = int(np.random.randint(1_000_000))
        return self._derived(
            _shuffle=True,
            _seed=seed,
            _reshuffle=reshuffle_each_iteration is not False,
        )

    def prefetch(
        self, buffer_size: int | None, name: str | None = None
    ) -> Dataset:
        """Returns a dataset whose batches are fetched ahead, in the
        background.

        `fit`, `evaluate`, `predict` and plain iteration (`for batch in
        dataset`) then fetch up to `buffer_size` batches ahead in
        background threads, while the model works on the current one: the
        dataset's `workers` threads, at least two (or its processes with
        `use_multiprocessing=True`). Batches keep their order.

        Args:
            buffer_size: Batches fetched ahead at most; -1
                (`tf.data.AUTOTUNE`) or `None` keeps `max_queue_size`
                (10 by default).
            name: Accepted for compatibility with tf.data and ignored.

        Returns:
            A `Dataset` with the same batches, in the same order.

        Example:

        >>> import numpy as np
        >>> data = kerata.utils.Dataset(np.arange(5), batch_size=2)
        >>> [b.tolist() for b in data.prefetch(-1)]
        [[0, 1], [2, 3], [4]]
        """
        del name  # tf.data names its graph nodes; there is no graph here.
        if buffer_size is not None:
            _check_buffer_size(buffer_size, "prefetch")
        workers, processes, queue_size = self._settings()
        if buffer_size not in (None, -1):
            queue_size = buffer_size
        if not processes:
            workers = max(workers, 2)
        return self._derived(
            _prefetch=True, _workers=workers, _max_queue_size=queue_size
        )

    def _check_no_transforms(self, method: str) -> None:
        if self._transforms:
            raise ValueError(
                f"`.{method}()` cannot follow `.map()`: the mapped function "
                "was written for the current grouping of elements. Call "
                f"`.{method}()` before `.map()`."
            )


def _check_buffer_size(buffer_size: Any, method: str) -> None:
    valid = (
        isinstance(buffer_size, (int, np.integer))
        and not isinstance(buffer_size, bool)
        and (buffer_size >= 1 or buffer_size == -1)
    )
    if not valid:
        raise ValueError(
            f"`{method}` needs `buffer_size` to be a positive int or -1 "
            f"(AUTOTUNE). Received: buffer_size={buffer_size!r}"
        )


def _check_batch_size(batch_size: Any) -> None:
    if batch_size is None:
        return
    if isinstance(batch_size, bool) or not isinstance(
        batch_size, (int, np.integer)
    ):
        raise TypeError(
            "`batch_size` must be a positive int or None. Received: "
            f"batch_size={batch_size!r}"
        )
    if batch_size < 1:
        raise ValueError(
            "`batch_size` must be a positive int or None. Received: "
            f"batch_size={batch_size}"
        )


@kerata_export("kerata.utils.split_dataset")
def split_dataset(
    dataset: Any,
    left_size: int | float | None = None,
    right_size: int | float | None = None,
    shuffle: bool = False,
    seed: int | None = None,
    preferred_backend: str | None = None,
) -> tuple:
    """Splits a dataset into a left and a right part.

    The left part takes the first `left_size` elements (after an optional
    seeded shuffle) and the right part the last `right_size`.

    Args:
        dataset: NumPy array, tuple/list of arrays sharing their first axis,
            a `kerata.utils.Dataset` (split by element; the parts keep its
            batch size, class names and mapped functions), or a
            `torch.utils.data.Dataset` (its samples are fetched by index
            and stacked into NumPy arrays).
        left_size: Int (number of elements) or float in `(0, 1)` (a
            fraction). `None` takes what `right_size` leaves.
        right_size: Like `left_size`, for the right part.
        shuffle: Whether to shuffle the elements before splitting.
        seed: Int seed of the shuffle.
        preferred_backend: Accepted for compatibility with Keras and
            ignored: the parts are always unbatched
            `kerata.utils.Dataset`s.

    Returns:
        A tuple `(left, right)` of unbatched `kerata.utils.Dataset`s for
        array input, batched like `dataset` for a `Dataset`.

    Raises:
        TypeError: For an unsupported `dataset` or sizes of the wrong type.
        ValueError: For sizes out of range, or a split that leaves one part
            empty.

    Example:

    >>> import numpy as np
    >>> left, right = kerata.utils.split_dataset(np.arange(10), left_size=0.8)
    >>> len(left), len(right)
    (8, 2)
    """
    del preferred_backend  # The parts do not depend on the backend.
    source, template = _split_source(dataset)
    total = len(source)
    if total == 0:
        raise ValueError("Cannot split an empty dataset: it has no elements.")
    left_size, right_size = _split_sizes(left_size, right_size, total)
    positions = np.arange(total)
    if shuffle:
        positions = np.random.default_rng(seed).permutation(total)
    left_positions = positions[:left_size]
    right_positions = positions[total - right_size :]
    parts = []
    for part in (left_positions, right_positions):
        subset = SubsetSource(source, part)
        if template is None:
            parts.append(Dataset(subset, batch_size=None))
        else:
            parts.append(
                template._derived(
                    _source=subset, _limit=None, _shuffle=False, _epoch=0
                )
            )
    return tuple(parts)


def _split_source(dataset: Any) -> tuple:
    if isinstance(dataset, Dataset):
        source = dataset._source
        if dataset._limit is not None:
            source = SubsetSource(source, np.arange(dataset.num_elements))
        return source, dataset
    if _is_torch_dataset(dataset):
        return IndexedSource(dataset), None
    if isinstance(dataset, (np.ndarray, tuple, list)):
        if isinstance(dataset, (tuple, list)) and not dataset:
            raise ValueError(
                "Received an empty list/tuple: pass a non-empty list or "
                "tuple of arrays."
            )
        return ArraySource(dataset), None
    raise TypeError(
        "`dataset` must be a NumPy array, a list or tuple of arrays, a "
        "`kerata.utils.Dataset` or a `torch.utils.data.Dataset`. Received: "
        f"dataset of type {type(dataset).__name__}"
    )


def _is_torch_dataset(dataset: Any) -> bool:
    return any(
        cls.__name__ == "Dataset" and cls.__module__.startswith("torch.utils")
        for cls in type(dataset).__mro__
    )


def _split_sizes(left_size: Any, right_size: Any, total: int) -> tuple:
    """Turns the two sizes (ints, fractions or None) into element counts."""
    if left_size is None and right_size is None:
        raise ValueError(
            "At least one of `left_size` and `right_size` must be given. "
            "Received: left_size=None and right_size=None"
        )
    counts: list = []
    for name, size in (("left_size", left_size), ("right_size", right_size)):
        if size is None:
            counts.append(None)
            continue
        if isinstance(size, bool) or not isinstance(size, (int, float)):
            raise TypeError(
                f"`{name}` must be an int, a float or None. Received: "
                f"{name}={size!r} of type {type(size).__name__}"
            )
        limit = 1 if isinstance(size, float) else total
        if not 0 < size < limit:
            raise ValueError(
                f"`{name}` must be an int in (0, {total}) (a number of "
                "elements) or a float in (0, 1) (a fraction). Received: "
                f"{name}={size}"
            )
        counts.append(round(size * total) if isinstance(size, float) else size)
    left, right = counts
    left = total - right if left is None else left
    right = total - left if right is None else right
    if left + right > total:
        raise ValueError(
            f"`left_size` and `right_size` ask for {left} + {right} "
            f"elements, more than the dataset's {total}."
        )
    if left == 0 or right == 0:
        raise ValueError(
            f"With a dataset of {total} elements, left_size={left_size} and "
            f"right_size={right_size} leave one part empty. Adjust the sizes."
        )
    return int(left), int(right)


# --- directory datasets --------------------------------------------------


def check_validation_split_arg(
    validation_split: Any, subset: Any, shuffle: bool, seed: Any
) -> None:
    """Raises a ValueError for an inconsistent `validation_split`/`subset`."""
    if validation_split and not 0 < validation_split < 1:
        raise ValueError(
            "`validation_split` must be a float in (0, 1). Received: "
            f"validation_split={validation_split}"
        )
    if (validation_split or subset) and not (validation_split and subset):
        raise ValueError(
            "`validation_split` and `subset` go together: pass both (e.g. "
            'validation_split=0.2, subset="training") or neither. Received: '
            f"validation_split={validation_split}, subset={subset!r}"
        )
    if subset not in ("training", "validation", "both", None):
        raise ValueError(
            '`subset` must be "training", "validation", "both" or None. '
            f"Received: subset={subset!r}"
        )
    if validation_split and shuffle and seed is None:
        raise ValueError(
            "With `validation_split` and shuffling, pass a `seed`, so the "
            "training and validation subsets do not overlap."
        )


def check_labels_arg(labels: Any, class_names: Any, what: str) -> None:
    if labels in ("inferred", None):
        return
    if not isinstance(labels, (list, tuple)):
        raise ValueError(
            '`labels` must be "inferred", None, or a list/tuple of integer '
            f"labels, one per {what} file in the directory (in sorted "
            f"path order). Received: labels={str(labels)[:200]}"
        )
    if class_names:
        raise ValueError(
            '`class_names` can only be passed with labels="inferred". '
            f"Received: class_names={class_names}"
        )


def check_label_mode(label_mode: Any) -> None:
    if label_mode not in ("int", "categorical", "binary", None):
        raise ValueError(
            '`label_mode` must be "int", "categorical", "binary" or None. '
            f"Received: label_mode={label_mode!r}"
        )


def index_directory(
    directory: Any,
    labels: Any,
    formats: tuple,
    class_names: Any = None,
    shuffle: bool = True,
    seed: int | None = None,
    follow_links: bool = False,
    verbose: bool = True,
) -> tuple:
    """Lists the files of `directory` with an extension in `formats`.

    With `labels="inferred"`, each subdirectory is a class (in sorted
    order, or the order of `class_names`), and files are searched for
    recursively inside each; otherwise all files under `directory` are
    listed. Files are sorted, then shuffled with `seed` when `shuffle`.

    Returns:
        `(file_paths, labels, class_names)`: labels an int32 array (or None
        for `labels=None`).
    """
    directory = os.fspath(directory)
    if not os.path.isdir(directory):
        raise FileNotFoundError(
            f"`directory` must be an existing directory. Received: "
            f"directory={directory!r}, which does not exist or is a file."
        )
    if labels == "inferred":
        subdirs = sorted(
            name
            for name in os.listdir(directory)
            if os.path.isdir(os.path.join(directory, name))
            and not name.startswith(".")
        )
        if class_names is not None:
            if not set(class_names).issubset(subdirs):
                raise ValueError(
                    "`class_names` must name subdirectories of the "
                    f"directory. Expected some of {subdirs}, received: "
                    f"class_names={list(class_names)}"
                )
            subdirs = list(class_names)
    else:
        if class_names is not None:
            raise ValueError(
                '`class_names` can only be passed with labels="inferred". '
                f"Received: labels={labels!r}, class_names={class_names}"
            )
        subdirs = [""]
    file_paths: list = []
    found_labels: list = []
    for class_index, subdir in enumerate(subdirs):
        files = _files_under(
            os.path.join(directory, subdir), formats, follow_links
        )
        file_paths.extend(files)
        found_labels.extend([class_index] * len(files))
    if labels == "inferred":
        labels = np.asarray(found_labels, dtype="int32")
        class_names = subdirs
    elif labels is None:
        class_names = None
    else:
        if len(labels) != len(file_paths):
            raise ValueError(
                f"`labels` has {len(labels)} entries, but {len(file_paths)} "
                f"files were found in {directory!r}: pass one label per "
                "file, in sorted path order."
            )
        class_names = [str(label) for label in sorted(set(labels))]
        labels = np.asarray(labels, dtype="int32")
    if verbose:
        if labels is None:
            print(f"Found {len(file_paths)} files.")
        else:
            print(
                f"Found {len(file_paths)} files belonging to "
                f"{len(class_names)} classes."
            )
    if shuffle:
        order = np.random.RandomState(seed).permutation(len(file_paths))
        file_paths = [file_paths[i] for i in order]
        if labels is not None:
            labels = labels[order]
    return file_paths, labels, class_names


def _files_under(folder: str, formats: tuple, follow_links: bool) -> list:
    found = []
    walk = sorted(os.walk(folder, followlinks=follow_links))
    for root, _, names in walk:
        for name in sorted(names):
            if name.lower().endswith(formats):
                found.append(os.path.join(root, name))
    return found


def training_or_validation_split(
    samples: list, labels: Any, validation_split: Any, subset: Any
) -> tuple:
    """The last `validation_split` of the samples for "validation", the
    rest for "training"."""
    if not validation_split:
        return samples, labels
    num_validation = int(validation_split * len(samples))
    if subset == "training":
        print(f"Using {len(samples) - num_validation} files for training.")
        cut = slice(0, len(samples) - num_validation)
    else:
        print(f"Using {num_validation} files for validation.")
        cut = slice(len(samples) - num_validation, len(samples))
    return samples[cut], None if labels is None else labels[cut]


def encode_labels(labels: np.ndarray, label_mode: str, num_classes: int):
    """Labels as `label_mode` asks: int32, one-hot float32, or float32 of
    shape `(n, 1)` for "binary"."""
    if label_mode == "binary":
        return labels.astype("float32")[:, None]
    if label_mode == "categorical":
        return np.eye(num_classes, dtype="float32")[labels]
    return labels.astype("int32")


def split_and_build(
    file_paths: list,
    labels: Any,
    validation_split: Any,
    subset: Any,
    build: Callable,
    empty_message: str,
) -> Any:
    """Builds one dataset per requested subset with
    `build(paths, labels, is_training)`; a list of two for "both"."""
    subsets = ["training", "validation"] if subset == "both" else [subset]
    datasets = []
    for name in subsets:
        paths, part_labels = training_or_validation_split(
            file_paths, labels, validation_split, name
        )
        if not paths:
            kind = f"{name} " if subset == "both" else ""
            raise ValueError(empty_message.format(kind=kind))
        datasets.append(build(paths, part_labels, name != "validation"))
    return datasets if subset == "both" else datasets[0]
