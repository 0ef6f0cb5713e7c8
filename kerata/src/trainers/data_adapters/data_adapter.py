"""`DataAdapter`: the small interface every input pipeline offers."""

from __future__ import annotations

from collections.abc import Iterator


class DataAdapter:
    """Turns one kind of user data into batches of backend tensors.

    Each batch is a tuple `(x,)`, `(x, y)` or `(x, y, sample_weight)` whose
    elements are backend tensors or nested structures of them.
    `get_batches()` returns an iterator over one epoch (or, for an endless
    source, over as many batches as are asked for). `on_epoch_begin` and
    `on_epoch_end` bracket each epoch; `on_epoch_end` also stops any worker
    still fetching batches.
    """

    def get_batches(self) -> Iterator[tuple]:
        raise NotImplementedError

    @property
    def num_batches(self) -> int | None:
        """Batches per epoch, or None when unknown or endless."""
        raise NotImplementedError

    @property
    def batch_size(self) -> int | None:
        """Samples per full batch, or None when unknown."""
        return None

    @property
    def has_partial_batch(self) -> bool | None:
        """Whether the last batch is smaller; None when unknown."""
        return None

    @property
    def partial_batch_size(self) -> int | None:
        """Size of the last, smaller batch, or None."""
        return None

    def on_epoch_begin(self) -> None:
        pass

    def on_epoch_end(self) -> None:
        pass
