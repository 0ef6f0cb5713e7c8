"""`Average`: elementwise mean of a list of tensors."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.layers.merging.base_merge import Merge


@kerata_export("kerata.layers.Average")
class Average(Merge):
    """Averages a list of tensors elementwise.

    Args:
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Example:

    >>> x1 = kerata.ops.convert_to_tensor([[1.0, 5.0]])
    >>> x2 = kerata.ops.convert_to_tensor([[3.0, 2.0]])
    >>> kerata.ops.convert_to_numpy(kerata.layers.Average()([x1, x2])).tolist()
    [[2.0, 3.5]]
    """

    def _merge_function(self, inputs: list) -> Any:
        output = inputs[0]
        for x in inputs[1:]:
            output = ops.add(output, x)
        return ops.divide(output, len(inputs))


@kerata_export("kerata.layers.average")
def average(inputs: list, **kwargs: Any) -> Any:
    """Functional interface to the `Average` layer.

    Args:
        inputs: A list of input tensors of the same shape.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Returns:
        The elementwise mean of the inputs.

    Example:

    >>> x1 = kerata.ops.convert_to_tensor([[1.0, 5.0]])
    >>> x2 = kerata.ops.convert_to_tensor([[3.0, 2.0]])
    >>> kerata.ops.convert_to_numpy(kerata.layers.average([x1, x2])).tolist()
    [[2.0, 3.5]]
    """
    return Average(**kwargs)(inputs)
