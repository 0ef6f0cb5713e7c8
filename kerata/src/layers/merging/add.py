"""`Add`: elementwise sum of a list of tensors."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.layers.merging.base_merge import Merge


@kerata_export("kerata.layers.Add")
class Add(Merge):
    """Adds a list of tensors elementwise.

    The inputs must have the same shape, or shapes that broadcast after
    the batch axis.

    Args:
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Example:

    >>> x1 = kerata.ops.convert_to_tensor([[1.0, 5.0]])
    >>> x2 = kerata.ops.convert_to_tensor([[3.0, 2.0]])
    >>> kerata.ops.convert_to_numpy(kerata.layers.Add()([x1, x2])).tolist()
    [[4.0, 7.0]]
    """

    def _merge_function(self, inputs: list) -> Any:
        output = inputs[0]
        for x in inputs[1:]:
            output = ops.add(output, x)
        return output


@kerata_export("kerata.layers.add")
def add(inputs: list, **kwargs: Any) -> Any:
    """Functional interface to the `Add` layer.

    Args:
        inputs: A list of input tensors of the same shape.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Returns:
        The elementwise sum of the inputs.

    Example:

    >>> x1 = kerata.ops.convert_to_tensor([[1.0, 5.0]])
    >>> x2 = kerata.ops.convert_to_tensor([[3.0, 2.0]])
    >>> kerata.ops.convert_to_numpy(kerata.layers.add([x1, x2])).tolist()
    [[4.0, 7.0]]
    """
    return Add(**kwargs)(inputs)
