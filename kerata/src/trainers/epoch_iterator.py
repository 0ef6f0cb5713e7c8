"""`EpochIterator`: the steps of one epoch, as `fit`/`evaluate`/`predict`
see them.

The data adapter (picked by `get_data_adapter`) knows how to batch the
user's data; this class adds the `steps_per_epoch` semantics of Keras:

- Without `steps_per_epoch`, an epoch is one pass over the data (until a
  generator is exhausted, when its length is unknown).
- With `steps_per_epoch`, an epoch is that many batches. A finite source
  with more batches is not restarted between epochs: the next epoch
  continues where the last one stopped, and the source restarts only once
  it has been read to its end. When the data runs out before an epoch has
  its `steps_per_epoch` batches, the iterator warns, ends the epoch and
  sets `ended_early`, so the trainer can stop.
"""

from __future__ import annotations

import contextlib
import operator
import warnings
from collections.abc import Iterator
from typing import Any

from kerata.src.backend.common import config
from kerata.src.trainers import data_adapters

_RAN_OUT = (
    "Your input ran out of data; interrupting training. Make sure that your "
    "dataset or generator can generate at least `steps_per_epoch * epochs` "
    "batches. You may need to use the `.repeat()` function when building "
    "your dataset."
)


class EpochIterator:
    """Yields `(step, batch)` pairs for each epoch over the user's data.

    Each batch is a tuple `(x,)`, `(x, y)` or `(x, y, sample_weight)` of
    backend tensors (or nested structures of them).

    Args:
        x: Inputs: arrays/tensors (or structures of them), a `PyDataset`,
            a generator, a torch DataLoader/Dataset or a tf.data.Dataset.
        y: Targets, only with array inputs.
        sample_weight: Per-sample weights, only with array inputs.
        batch_size: Samples per batch for array inputs (default 32); must
            be None for sources that form their own batches.
        steps_per_epoch: Batches per epoch, or None for one full pass.
        shuffle: For arrays: False, True or `"batch"`.
        class_weight: Dict `{class_index: weight}`.

    Attributes:
        data_adapter: The adapter reading the data.
        ended_early: True when the last epoch ended because the data ran
            out before `steps_per_epoch` batches.
    """

    def __init__(
        self,
        x: Any,
        y: Any = None,
        sample_weight: Any = None,
        batch_size: int | None = None,
        steps_per_epoch: int | None = None,
        shuffle: bool | str = False,
        class_weight: dict | None = None,
    ):
        if steps_per_epoch is not None:
            try:
                steps = operator.index(steps_per_epoch)
            except TypeError:
                steps = 0
            if isinstance(steps_per_epoch, bool) or steps <= 0:
                raise ValueError(
                    "`steps_per_epoch` must be a positive int or None. "
                    f"Received: steps_per_epoch={steps_per_epoch!r}"
                )
            steps_per_epoch = steps
        self.steps_per_epoch = steps_per_epoch
        self.data_adapter = data_adapters.get_data_adapter(
            x=x,
            y=y,
            sample_weight=sample_weight,
            batch_size=batch_size,
            steps_per_epoch=steps_per_epoch,
            shuffle=shuffle,
            class_weight=class_weight,
        )
        self._num_batches = self.data_adapter.num_batches
        # A global cap for quick debugging runs (kerata.config).
        cap = config.max_steps_per_epoch()
        planned = self.steps_per_epoch or self._num_batches
        if cap and (planned is None or cap < planned):
            warnings.warn(f"Limiting steps_per_epoch to {cap}", stacklevel=3)
            self.steps_per_epoch = cap
        self._current: Iterator | None = None
        self._steps_seen = 0
        self.ended_early = False

    @property
    def num_batches(self) -> int | None:
        """Steps per epoch, or None while unknown."""
        if self.steps_per_epoch:
            return self.steps_per_epoch
        return self._num_batches

    def enumerate_epoch(self) -> Iterator[tuple]:
        """Yields `(step, batch)` for one epoch, step counting from 0."""
        self.ended_early = False
        adapter = self.data_adapter
        adapter.on_epoch_begin()
        completed = False
        try:
            if self.steps_per_epoch is None:
                yield from self._full_pass()
            else:
                yield from self._fixed_steps(self.steps_per_epoch)
            completed = True
        finally:
            # A pass that the next epoch continues stays open (its
            # workers keep running); otherwise, and whenever the epoch is
            # abandoned, the source is closed.
            if not completed or self._current is None:
                self._current = None
                adapter.on_epoch_end()

    __iter__ = enumerate_epoch

    def _full_pass(self) -> Iterator[tuple]:
        batches = self.data_adapter.get_batches()
        if self.data_adapter.num_batches is not None:
            # The hot path for arrays: nothing between adapter and trainer
            # but enumerate.
            yield from enumerate(batches)
            return
        step = -1
        for step, batch in enumerate(batches):  # noqa: B007
            yield step, batch
        if step < 0:
            self._ran_out()
        else:
            # A source of unknown length has now shown its length.
            self._num_batches = step + 1

    def _fixed_steps(self, steps: int) -> Iterator[tuple]:
        if self._current is None:
            self._current = iter(self.data_adapter.get_batches())
            self._steps_seen = 0
        num_batches = self._num_batches
        for step in range(steps):
            if num_batches and self._steps_seen >= num_batches:
                self._ran_out()
                return
            with self.catch_stop_iteration():
                batch = next(self._current)
                self._steps_seen += 1
            if self.ended_early:
                return
            yield step, batch
        if num_batches and self._steps_seen >= num_batches:
            # Read to its end: the next epoch starts a fresh pass.
            self._current = None

    def _ran_out(self) -> None:
        warnings.warn(_RAN_OUT, stacklevel=4)
        self.ended_early = True
        self._current = None

    @contextlib.contextmanager
    def catch_stop_iteration(self) -> Iterator[None]:
        """Ends the epoch (with a warning) when the data runs out.

        Wrap each `next()` on the batch iterator in it: a `StopIteration`
        is swallowed, the length of a source of unknown length is recorded,
        and `ended_early` is set.
        """
        try:
            yield
        except StopIteration:
            if self._num_batches is None:
                self._num_batches = self._steps_seen
            self._ran_out()

    def reset(self) -> None:
        """Forgets any partly read pass, so the next epoch starts afresh."""
        self._current = None
        self._steps_seen = 0
        self._num_batches = self.data_adapter.num_batches
        self.ended_early = False
        self.data_adapter.on_epoch_end()
