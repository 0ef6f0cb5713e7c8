"""`Dot`: dot products between samples of two tensors."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.layers.merging.base_merge import Merge

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@kerata_export("kerata.layers.Dot")
class Dot(Merge):
    """Computes a dot product between samples of two tensors.

    For inputs `x` of shape `(batch, ..., n)` and `y` of shape
    `(batch, n, ...)` and `axes=(x.ndim - 1, 1)`, the output for sample
    `b` is the contraction of `x[b]` and `y[b]` over the size-`n` axes.
    The output has `x`'s other axes then `y`'s, and at least rank 2: two
    vectors give shape `(batch, 1)`.

    Args:
        axes: Int or pair of ints, the axis of each input to contract
            (the batch axis, 0, is not allowed).
        normalize: Whether to L2-normalize each input along its axis
            first, which makes the output the cosine similarity.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Example:

    >>> x = kerata.ops.convert_to_tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> y = kerata.ops.convert_to_tensor([[1.0, 1.0], [2.0, 0.0]])
    >>> kerata.ops.convert_to_numpy(kerata.layers.Dot(axes=1)([x, y])).tolist()
    [[3.0], [6.0]]
    """

    _min_inputs = 2
    _max_inputs = 2

    def __init__(self, axes: Any, normalize: bool = False, **kwargs: Any):
        super().__init__(**kwargs)
        if not isinstance(axes, int):
            if not isinstance(axes, (list, tuple)):
                raise TypeError(
                    "`axes` must be an int or a list of two ints. Received: "
                    f"axes={axes!r}."
                )
            if len(axes) != 2 or not all(isinstance(a, int) for a in axes):
                raise ValueError(
                    "`axes` must be an int or a list of two ints. Received: "
                    f"axes={axes!r}."
                )
        self.axes = axes
        self.normalize = normalize
        self.supports_masking = True

    def _resolve_axes(self, shapes: list) -> list:
        axes = [self.axes] * 2 if isinstance(self.axes, int) else self.axes
        resolved = []
        for axis, shape in zip(axes, shapes):
            rank = len(shape)
            if not -rank <= axis < rank or axis % rank == 0:
                raise ValueError(
                    f"Layer {self.name!r} (Dot): axes={self.axes} is invalid "
                    f"for inputs of shapes {[tuple(s) for s in shapes]}; "
                    "each axis must exist and must not be the batch axis 0."
                )
            resolved.append(axis % rank)
        return resolved

    def build(self, input_shape: Any) -> None:
        self.compute_output_shape(input_shape)
        self.built = True

    def call(self, inputs: Any) -> Any:
        if not isinstance(inputs, (list, tuple)) or len(inputs) != 2:
            raise ValueError(
                f"Layer {self.name!r} (Dot) must be called on a list of "
                "exactly 2 tensors."
            )
        x, y = inputs
        axis_x, axis_y = self._resolve_axes([x.shape, y.shape])
        if self.normalize:
            x = ops.normalize(x, axis=axis_x)
            y = ops.normalize(y, axis=axis_y)
        output = ops.einsum(
            _batch_dot_equation(len(x.shape), len(y.shape), axis_x, axis_y),
            x,
            y,
        )
        if len(output.shape) == 1:
            output = ops.expand_dims(output, 1)
        return output

    def compute_output_shape(self, input_shape: Any) -> tuple:
        self._check_input_list(input_shape)
        shape_x, shape_y = (tuple(s) for s in input_shape)
        axis_x, axis_y = self._resolve_axes([shape_x, shape_y])
        size_x, size_y = shape_x[axis_x], shape_y[axis_y]
        batches = {shape_x[0], shape_y[0]} - {None}
        if len(batches) > 1 or (
            size_x is not None and size_y is not None and size_x != size_y
        ):
            raise ValueError(
                f"Layer {self.name!r} (Dot, axes={self.axes}) received "
                f"incompatible shapes {shape_x} and {shape_y}: the batch "
                f"sizes must match, and so must axis {axis_x} of the first "
                f"({size_x}) and axis {axis_y} of the second ({size_y})."
            )
        batch = batches.pop() if batches else None
        rest_x = [d for i, d in enumerate(shape_x) if i not in (0, axis_x)]
        rest_y = [d for i, d in enumerate(shape_y) if i not in (0, axis_y)]
        output = [batch] + rest_x + rest_y
        if len(output) == 1:
            output.append(1)
        return tuple(output)

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        return None

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"axes": self.axes, "normalize": self.normalize})
        return config


def _batch_dot_equation(
    rank_x: int, rank_y: int, axis_x: int, axis_y: int
) -> str:
    """The einsum equation of a batched dot, e.g. "abc,acd->abd"."""
    # Letter 0 is the batch, 1 the contracted axis, the rest free axes.
    free = iter(_LETTERS[2:])
    term_x = [
        "a" if i == 0 else "b" if i == axis_x else next(free)
        for i in range(rank_x)
    ]
    term_y = [
        "a" if i == 0 else "b" if i == axis_y else next(free)
        for i in range(rank_y)
    ]
    out = ["a"] + [c for c in term_x + term_y if c not in "ab"]
    return f"{''.join(term_x)},{''.join(term_y)}->{''.join(out)}"


@kerata_export("kerata.layers.dot")
def dot(inputs: list, axes: Any = -1, **kwargs: Any) -> Any:
    """Functional interface to the `Dot` layer.

    Args:
        inputs: A list of two input tensors.
        axes: Int or pair of ints, the axes to contract.
        **kwargs: Other `Dot` arguments (`normalize`) and base layer
            arguments.

    Returns:
        The batched dot product of the two inputs.

    Example:

    >>> x = kerata.ops.ones((2, 3))
    >>> tuple(kerata.layers.dot([x, x], axes=1).shape)
    (2, 1)
    """
    return Dot(axes=axes, **kwargs)(inputs)
