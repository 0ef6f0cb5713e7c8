"""`Concatenate`: joins a list of tensors along one axis."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.layers.merging.base_merge import Merge


@kerata_export("kerata.layers.Concatenate")
class Concatenate(Merge):
    """Concatenates a list of tensors along `axis`.

    All inputs must have the same shape except along `axis`.

    Args:
        axis: The concatenation axis (the last one by default).
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Example:

    >>> x1 = kerata.ops.ones((2, 3))
    >>> x2 = kerata.ops.zeros((2, 1))
    >>> tuple(kerata.layers.Concatenate()([x1, x2]).shape)
    (2, 4)
    """

    def __init__(self, axis: int = -1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.axis = axis

    def build(self, input_shape: Any) -> None:
        self.compute_output_shape(input_shape)
        self.built = True

    def call(self, inputs: Any) -> Any:
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(
                f"Layer {self.name!r} (Concatenate) must be called on a "
                "list of tensors, e.g. layer([x1, x2]). Received: a single "
                f"input of shape {tuple(inputs.shape)}."
            )
        return ops.concatenate(list(inputs), axis=self.axis)

    def compute_output_shape(self, input_shape: Any) -> tuple:
        self._check_input_list(input_shape)
        shapes = [tuple(s) for s in input_shape]
        rank = len(shapes[0])
        if any(len(s) != rank for s in shapes) or not -rank <= self.axis < rank:
            self._raise_mismatch(shapes)
        axis = self.axis % rank
        output = list(shapes[0])
        for d in range(rank):
            sizes = [s[d] for s in shapes]
            if d == axis:
                output[d] = None if None in sizes else sum(sizes)
                continue
            known = {n for n in sizes if n is not None}
            if len(known) > 1:
                self._raise_mismatch(shapes)
            output[d] = known.pop() if known else None
        return tuple(output)

    def _raise_mismatch(self, shapes: list) -> None:
        raise ValueError(
            f"Layer {self.name!r} (Concatenate, axis={self.axis}) requires "
            "inputs of the same rank with matching sizes on every axis "
            f"except the concatenation axis. Received shapes {shapes}."
        )

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        if mask is None or all(m is None for m in mask):
            return None
        if len(mask) != len(inputs):
            raise ValueError(
                f"Layer {self.name!r}: `inputs` and `mask` must have the "
                f"same length. Received {len(inputs)} inputs and "
                f"{len(mask)} masks."
            )
        # Bring every mask to its input's rank, concatenate, then reduce
        # the last axis back: a position is kept if any feature is.
        masks = []
        for x, m in zip(inputs, mask):
            if m is None:
                m = ops.ones_like(x, dtype="bool")
            elif len(m.shape) < len(x.shape):
                m = ops.broadcast_to(ops.expand_dims(m, -1), x.shape)
            masks.append(m)
        return ops.any(ops.concatenate(masks, axis=self.axis), axis=-1)

    def get_config(self) -> dict:
        config = super().get_config()
        config["axis"] = self.axis
        return config


@kerata_export("kerata.layers.concatenate")
def concatenate(inputs: list, axis: int = -1, **kwargs: Any) -> Any:
    """Functional interface to the `Concatenate` layer.

    Args:
        inputs: A list of input tensors.
        axis: The concatenation axis.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Returns:
        The inputs concatenated along `axis`.

    Example:

    >>> x = kerata.ops.ones((2, 3))
    >>> tuple(kerata.layers.concatenate([x, x], axis=0).shape)
    (4, 3)
    """
    return Concatenate(axis=axis, **kwargs)(inputs)
