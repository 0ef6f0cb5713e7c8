"""`StackedRNNCells`: several RNN cells run as one, each feeding the
next."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src import tree
from kerata.src.activations._serialization import deserialize_object
from kerata.src.activations._serialization import serialize_object
from kerata.src.api_export import BUILTIN_OBJECTS
from kerata.src.api_export import kerata_export
from kerata.src.layers.layer import Layer


@kerata_export("kerata.layers.StackedRNNCells")
class StackedRNNCells(Layer):
    """Wraps a list of RNN cells into one cell, for a deep recurrent step.

    At each timestep the first cell reads the input, and every other cell
    reads the output of the cell before it. `RNN([cell1, cell2])` builds
    one for you.

    Args:
        cells: List of RNN cells.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Example:

    >>> cells = [kerata.layers.LSTMCell(4), kerata.layers.GRUCell(2)]
    >>> layer = kerata.layers.RNN(kerata.layers.StackedRNNCells(cells))
    >>> tuple(layer(kerata.ops.ones((3, 5, 6))).shape)
    (3, 2)
    """

    _direct_call = True

    def __init__(self, cells: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        for cell in cells:
            if not callable(getattr(cell, "call", None)):
                raise ValueError(
                    "All cells must have a `call` method. Received: "
                    f"cell={cell!r}"
                )
            if getattr(cell, "state_size", None) is None:
                raise ValueError(
                    "All cells must have a `state_size` attribute. "
                    f"Received: cell={cell!r}"
                )
        self.cells = list(cells)

    @property
    def state_size(self) -> list:
        return [c.state_size for c in self.cells]

    @property
    def output_size(self) -> int:
        return _output_size(self.cells[-1])

    def get_initial_state(self, batch_size: Any = None) -> list:
        states = []
        for cell in self.cells:
            fn = getattr(cell, "get_initial_state", None)
            if fn is not None:
                states.append(fn(batch_size=batch_size))
            elif isinstance(cell.state_size, int):
                states.append(
                    ops.zeros(
                        (batch_size, cell.state_size), dtype=self.compute_dtype
                    )
                )
            else:
                states.append(
                    [
                        ops.zeros((batch_size, d), dtype=self.compute_dtype)
                        for d in cell.state_size
                    ]
                )
        return states

    def call(self, inputs: Any, states: Any, training: bool = False) -> tuple:
        new_states = []
        for cell, cell_states in zip(self.cells, states):
            was_list = tree.is_nested(cell_states)
            cell_states = list(cell_states) if was_list else [cell_states]
            kwargs = {}
            if isinstance(cell, Layer):
                if cell._sig.has_training:
                    kwargs["training"] = training
                direct = getattr(cell, "_direct_call", False) and cell.built
                fn = cell.call if direct else cell
            else:
                fn = cell.call
            inputs, cell_states = fn(inputs, cell_states, **kwargs)
            if not tree.is_nested(cell_states):
                cell_states = [cell_states]
            if len(cell_states) == 1 and not was_list:
                cell_states = cell_states[0]
            new_states.append(cell_states)
        if len(new_states) == 1:
            new_states = new_states[0]
        return inputs, new_states

    def build(self, input_shape: Any) -> None:
        for cell in self.cells:
            if isinstance(cell, Layer) and not cell.built:
                cell.build(input_shape)
            input_shape = (input_shape[0], _output_size(cell))

    def get_config(self) -> dict:
        config = super().get_config()
        config["cells"] = [serialize_object(c) for c in self.cells]
        return config

    @classmethod
    def from_config(
        cls, config: dict, custom_objects: Any = None
    ) -> StackedRNNCells:
        config = dict(config)
        cells = [
            deserialize_object(c, BUILTIN_OBJECTS, custom_objects, "cell")
            for c in config.pop("cells")
        ]
        return super().from_config({"cells": cells, **config})


def _output_size(cell: Any) -> int:
    size = getattr(cell, "output_size", None)
    if size is None:
        size = tree.flatten(cell.state_size)[0]
    return size
