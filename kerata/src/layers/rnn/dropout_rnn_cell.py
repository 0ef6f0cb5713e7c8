"""`DropoutRNNCell`: dropout masks shared by every timestep of a call."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src import random


class DropoutRNNCell:
    """Mixin for RNN cells with `dropout` and `recurrent_dropout`.

    Recurrent dropout must drop the same units at every timestep (Gal and
    Ghahramani, 2016), so a cell draws each mask once, on its first step,
    and the `RNN` layer clears the masks after the call. The cell needs
    `dropout`, `recurrent_dropout` and `seed_generator` attributes.
    """

    _dropout_mask: Any = None
    _recurrent_dropout_mask: Any = None

    def _create_dropout_mask(self, step_input: Any, rate: float) -> Any:
        ones = ops.ones_like(step_input)
        return random.dropout(ones, rate, seed=self.seed_generator)

    def get_dropout_mask(self, step_input: Any) -> Any:
        """The input mask of this call, drawn on first use."""
        if self._dropout_mask is None and self.dropout > 0:
            self._dropout_mask = self._create_dropout_mask(
                step_input, self.dropout
            )
        return self._dropout_mask

    def get_recurrent_dropout_mask(self, step_input: Any) -> Any:
        """The recurrent-state mask of this call, drawn on first use."""
        if self._recurrent_dropout_mask is None and self.recurrent_dropout > 0:
            self._recurrent_dropout_mask = self._create_dropout_mask(
                step_input, self.recurrent_dropout
            )
        return self._recurrent_dropout_mask

    def reset_dropout_mask(self) -> None:
        self._dropout_mask = None

    def reset_recurrent_dropout_mask(self) -> None:
        self._recurrent_dropout_mask = None
