"""`GeneratorDataAdapter`: Python generators and iterators of batches."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kerata.src.trainers.data_adapters import data_adapter_utils
from kerata.src.trainers.data_adapters.data_adapter import DataAdapter


class GeneratorDataAdapter(DataAdapter):
    """Reads batches from a Python generator or iterator.

    Each item is `x`, `(x,)`, `(x, y)` or `(x, y, sample_weight)` of NumPy
    arrays or tensors (or nested structures of them). The length is
    unknown, so an epoch lasts until the generator is exhausted, or for
    `steps_per_epoch` batches; the next epoch continues from the same
    generator, which is never restarted.

    Args:
        generator: The generator or iterator.

    Raises:
        ValueError: If the generator yields nothing.
    """

    def __init__(self, generator: Iterator):
        self._generator = generator
        try:
            first = next(generator)
        except StopIteration:
            raise ValueError(
                "When passing a Python generator to a kerata model, the "
                "generator must yield at least one batch. Received an empty "
                "generator."
            ) from None
        # Checked now, so a malformed batch fails before training starts.
        self._first = data_adapter_utils.standardize_batch(first)

    def get_batches(self) -> Iterator[tuple]:
        convert = data_adapter_utils.convert_batch
        standardize = data_adapter_utils.standardize_batch
        if self._first is not None:
            first, self._first = self._first, None
            yield convert(first)
        for batch in self._generator:
            yield convert(standardize(batch))

    @property
    def num_batches(self) -> Any:
        return None
