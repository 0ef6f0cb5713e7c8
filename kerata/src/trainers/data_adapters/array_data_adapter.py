"""`ArrayDataAdapter`: in-memory arrays and tensors, batched by slicing.

Speed matters here: `fit` on NumPy arrays is the common case. Every array
is converted to a backend tensor once, when the adapter is built; a batch
is then one slice (in order) or one indexed gather (shuffled, with a
per-epoch permutation tensor) per array, and the batch structure is rebuilt
by a function prepared once (`make_packer`), with no per-batch tree walk or
NumPy conversion.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import numpy as np

from kerata.src import backend
from kerata.src import tree
from kerata.src.trainers.data_adapters import data_adapter_utils
from kerata.src.trainers.data_adapters.data_adapter import DataAdapter


def can_convert_arrays(arrays: Any) -> bool:
    """Whether every leaf of `arrays` is an array, a tensor or None."""
    return all(
        data_adapter_utils.is_array_like(a) for a in tree.flatten(arrays)
    )


class ArrayDataAdapter(DataAdapter):
    """Batches NumPy arrays or backend tensors (or nested structures of
    them) along their first axis.

    Args:
        x: Inputs: an array, tensor, or list/tuple/dict of them.
        y: Targets with the same number of samples, or None.
        sample_weight: Per-sample weights (one array, or one per output
            of a nested `y`), or None.
        batch_size: Samples per batch. Defaults to 32, or to
            `ceil(num_samples / steps)` when `steps` is given.
        steps: Batches per epoch wanted by the caller, used only to
            derive a default `batch_size`.
        shuffle: False (in order), True (a fresh permutation of all samples
            every epoch, drawn from NumPy's global RNG) or `"batch"`
            (batches in order, samples shuffled within each batch).
        class_weight: Dict `{class_index: weight}` turned into per-sample
            weights; needs a single `y` and no `sample_weight`.
    """

    def __init__(
        self,
        x: Any,
        y: Any = None,
        sample_weight: Any = None,
        batch_size: int | None = None,
        steps: int | None = None,
        shuffle: bool | str = False,
        class_weight: dict | None = None,
    ):
        if not can_convert_arrays((x, y, sample_weight)):
            types = sorted(
                {
                    type(a).__name__
                    for a in tree.flatten((x, y, sample_weight))
                    if not data_adapter_utils.is_array_like(a)
                }
            )
            raise TypeError(
                "Expected `x`, `y` and `sample_weight` to be NumPy arrays or "
                f"tensors (or nested structures of them). Received elements "
                f"of type {types}."
            )
        if shuffle not in (True, False, "batch"):
            raise ValueError(
                '`shuffle` must be True, False or "batch". '
                f"Received: shuffle={shuffle!r}"
            )
        sample_weight = _standardize_weights(y, sample_weight, class_weight)
        num_samples = data_adapter_utils.num_samples_of((x, y, sample_weight))
        if batch_size is None:
            batch_size = int(math.ceil(num_samples / steps)) if steps else 32
        if isinstance(batch_size, bool) or not isinstance(batch_size, int):
            raise TypeError(
                "`batch_size` must be a positive int. "
                f"Received: batch_size={batch_size!r}"
            )
        if batch_size <= 0:
            raise ValueError(
                "`batch_size` must be a positive int. "
                f"Received: batch_size={batch_size}"
            )
        data = (x,) if y is None else (x, y)
        if y is not None and sample_weight is not None:
            data = (x, y, sample_weight)
        leaves, self._pack = data_adapter_utils.make_packer(data)
        # Backends with costly eager ops (JAX) batch NumPy arrays on the
        # host and convert each batch; others convert once and slice
        # tensors.
        self._on_host = getattr(backend.core, "BATCH_ON_HOST", False)
        convert = (
            _host_leaf if self._on_host else data_adapter_utils.convert_leaf
        )
        self._tensors = [convert(a) for a in leaves]
        self._num_samples = num_samples
        self._batch_size = batch_size
        self._shuffle = shuffle

    def get_batches(self) -> Iterator[tuple]:
        tensors = self._tensors
        pack = self._pack
        size = self._batch_size
        starts = range(0, self._num_samples, size)
        if self._on_host:
            # NumPy batches: a jitted step moves them to the device as part
            # of its dispatch, cheaper than one transfer call per leaf.
            order = self._permutation() if self._shuffle else None
            for start in starts:
                if order is None:
                    window = slice(start, start + size)
                    yield pack([t[window] for t in tensors])
                else:
                    index = order[start : start + size]
                    yield pack([t[index] for t in tensors])
            return
        if not self._shuffle:
            for start in starts:
                window = slice(start, start + size)
                yield pack([t[window] for t in tensors])
            return
        gathers = [_row_gather(t) for t in tensors]
        host_order = self._permutation()
        order = backend.convert_to_tensor(host_order)
        for start in starts:
            index = order[start : start + size]  # (batch,) sample indices
            host_index = host_order[start : start + size]
            yield pack([gather(index, host_index) for gather in gathers])

    def _permutation(self) -> np.ndarray:
        n = self._num_samples
        if self._shuffle != "batch":
            return np.random.permutation(n)
        size = self._batch_size
        parts = [
            start + np.random.permutation(min(size, n - start))
            for start in range(0, n, size)
        ]
        return np.concatenate(parts)

    @property
    def num_batches(self) -> int:
        return int(math.ceil(self._num_samples / self._batch_size))

    @property
    def batch_size(self) -> int:
        return self._batch_size

    @property
    def has_partial_batch(self) -> bool:
        return self._num_samples % self._batch_size > 0

    @property
    def partial_batch_size(self) -> int | None:
        return self._num_samples % self._batch_size or None


def _host_leaf(x: Any) -> np.ndarray:
    """One data leaf as a NumPy array, floats as floatx (see
    `convert_leaf`)."""
    x = np.asarray(backend.convert_to_numpy(x) if backend.is_tensor(x) else x)
    if x.dtype.kind == "f" and x.dtype != np.dtype(backend.floatx()):
        x = x.astype(backend.floatx())
    return x


def _row_gather(tensor: Any) -> Any:
    """`(index, host_index) -> tensor[index]` along axis 0, by the fastest
    route (string arrays stay NumPy and use the host copy of the index)."""
    if isinstance(tensor, np.ndarray):
        return lambda index, host_index: tensor[host_index]
    index_select = getattr(tensor, "index_select", None)
    if index_select is not None:
        # torch: index_select is about twice as fast as `tensor[index]`.
        return lambda index, host_index: index_select(0, index)
    take = backend.numpy.take
    return lambda index, host_index: take(tensor, index, axis=0)


def _standardize_weights(y: Any, sample_weight: Any, class_weight: Any):
    """`sample_weight` with class weights folded in and, for a nested `y`,
    one weight array per output."""
    if class_weight is not None:
        if sample_weight is not None:
            raise ValueError(
                "You cannot use `class_weight` and `sample_weight` at the "
                "same time: fold the class weights into `sample_weight`."
            )
        if y is None:
            raise ValueError(
                "`class_weight` needs targets `y`. Received: y=None"
            )
        return data_adapter_utils.class_weight_to_sample_weights(
            y, class_weight
        )
    if sample_weight is None or not tree.is_nested(y):
        return sample_weight
    if tree.is_nested(sample_weight):
        try:
            tree.assert_same_structure(y, sample_weight)
        except (ValueError, TypeError) as e:
            raise ValueError(
                "Provide one `sample_weight` array per output in `y`; the "
                f"two structures differ. Received: y of type "
                f"{type(y).__name__}, sample_weight={sample_weight!r:.200}"
            ) from e
        return sample_weight
    shape = tuple(sample_weight.shape)
    if not (len(shape) == 1 or (len(shape) == 2 and shape[1] == 1)):
        raise ValueError(
            "For a model with multiple outputs, a single `sample_weight` "
            "array must hold one scalar per sample (shape `(num_samples,)`)."
            f" Received shape {shape}. Pass one array per output instead."
        )
    return tree.map_structure(lambda _: sample_weight, y)
