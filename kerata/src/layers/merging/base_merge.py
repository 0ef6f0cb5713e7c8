"""`Merge`: the base of the elementwise merging layers (`Add`, ...)."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src.backend.common import masking
from kerata.src.layers.layer import Layer


class Merge(Layer):
    """Base class of layers that combine a list of tensors elementwise.

    Inputs broadcast against each other after the batch axis, and an
    input of lower rank gets size-1 axes inserted after its batch axis.
    Subclasses implement `_merge_function(inputs)`.

    Args:
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).
    """

    # Bounds on the number of inputs, checked in `build`.
    _min_inputs = 1
    _max_inputs: int | None = None

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.supports_masking = True
        self._reshape_required = False

    def _merge_function(self, inputs: list) -> Any:
        raise NotImplementedError

    def _check_input_list(self, input_shape: Any) -> None:
        if not isinstance(input_shape, (list, tuple)) or not all(
            isinstance(s, (list, tuple)) for s in input_shape
        ):
            raise ValueError(
                f"Layer {self.name!r} ({type(self).__name__}) must be called "
                "on a list of tensors, e.g. layer([x1, x2]). Received "
                f"inputs of shape {input_shape}."
            )
        count = len(input_shape)
        if count < self._min_inputs or (
            self._max_inputs is not None and count > self._max_inputs
        ):
            if self._min_inputs == self._max_inputs:
                expected = f"exactly {self._min_inputs}"
            else:
                expected = f"at least {self._min_inputs}"
            raise ValueError(
                f"Layer {self.name!r} ({type(self).__name__}) must be called "
                f"on {expected} input(s). Received {count} inputs with "
                f"shapes {[tuple(s) for s in input_shape]}."
            )

    def build(self, input_shape: Any) -> None:
        self._check_input_list(input_shape)
        self.compute_output_shape(input_shape)
        ranks = {len(s) for s in input_shape}
        self._reshape_required = len(ranks) > 1
        self.built = True

    def call(self, inputs: Any) -> Any:
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(
                f"Layer {self.name!r} ({type(self).__name__}) must be called "
                "on a list of tensors, e.g. layer([x1, x2]). Received: "
                f"a single input of shape {tuple(inputs.shape)}."
            )
        if self._reshape_required:
            inputs = _expand_to_same_rank(inputs)
        return self._merge_function(list(inputs))

    def compute_output_shape(self, input_shape: Any) -> tuple:
        self._check_input_list(input_shape)
        batch_sizes = {s[0] for s in input_shape if s} - {None}
        if len(batch_sizes) > 1:
            raise ValueError(
                f"Layer {self.name!r} ({type(self).__name__}) cannot merge "
                "tensors with different batch sizes. Received inputs with "
                f"shapes {[tuple(s) for s in input_shape]}."
            )
        output = tuple(input_shape[0][1:])
        for shape in input_shape[1:]:
            output = self._broadcast(output, tuple(shape[1:]), input_shape)
        batch = batch_sizes.pop() if batch_sizes else None
        return (batch,) + output

    def _broadcast(self, a: tuple, b: tuple, all_shapes: Any) -> tuple:
        """Broadcasts two shapes (without the batch axis), right-aligned."""
        if len(a) < len(b):
            a, b = b, a
        out = list(a[: len(a) - len(b)])
        for i, j in zip(a[len(a) - len(b) :], b):
            if i is None or j is None:
                out.append(i if j == 1 else j if i == 1 else None)
            elif i == 1 or j == 1 or i == j:
                out.append(j if i == 1 else i)
            else:
                raise ValueError(
                    f"Layer {self.name!r} ({type(self).__name__}) received "
                    "inputs with incompatible shapes "
                    f"{[tuple(s) for s in all_shapes]}: after the batch "
                    "axis they must be equal or broadcastable (sizes equal "
                    "or 1 on each axis)."
                )
        return tuple(out)

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        if mask is None:
            return None
        if not isinstance(mask, (list, tuple)) or not isinstance(
            inputs, (list, tuple)
        ):
            raise ValueError(
                f"Layer {self.name!r}: `inputs` and `mask` must both be "
                f"lists. Received: inputs={inputs!r}, mask={mask!r}."
            )
        if len(mask) != len(inputs):
            raise ValueError(
                f"Layer {self.name!r}: `inputs` and `mask` must have the "
                f"same length. Received {len(inputs)} inputs and "
                f"{len(mask)} masks."
            )
        # A position is kept when any input keeps it; an input without a
        # mask keeps everything, so then there is no output mask.
        if any(m is None for m in mask):
            return None
        output = mask[0]
        for m in mask[1:]:
            output = ops.logical_or(output, m)
        return output

    def _merge_with_masks(self, op: Any, inputs: list) -> Any:
        """Folds `op` over the inputs, ignoring masked positions.

        A masked position of one input takes the running result's value
        (or the running result takes the input's where it is masked), so
        masked values never win a maximum or minimum. The output mask is
        the union of the input masks when every input has one.
        """
        output = None
        output_mask = None
        for x in inputs:
            mask = masking.get_keras_mask(x)
            if mask is not None:
                mask = ops.broadcast_to(ops.expand_dims(mask, -1), x.shape)
            if output is None:
                output, output_mask = x, mask
                continue
            if mask is not None:
                x = ops.where(mask, x, output)
            if output_mask is not None:
                output = ops.where(output_mask, output, x)
            if mask is not None and output_mask is not None:
                output_mask = ops.logical_or(output_mask, mask)
            else:
                output_mask = None
            output = op(output, x)
        return output


def _expand_to_same_rank(inputs: Any) -> list:
    """Inserts size-1 axes after the batch axis of lower-rank inputs."""
    max_rank = max(len(x.shape) for x in inputs)
    out = []
    for x in inputs:
        for _ in range(max_rank - len(x.shape)):
            x = ops.expand_dims(x, 1)
        out.append(x)
    return out
