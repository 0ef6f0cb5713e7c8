"""`Minimum`: elementwise minimum of a list of tensors."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.layers.merging.base_merge import Merge


@kerata_export("kerata.layers.Minimum")
class Minimum(Merge):
    """Takes the elementwise minimum of a list of tensors.

    Masked positions of an input (see `Embedding(mask_zero=True)`) never
    win the minimum.

    Args:
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Example:

    >>> x1 = kerata.ops.convert_to_tensor([[1.0, 5.0]])
    >>> x2 = kerata.ops.convert_to_tensor([[3.0, 2.0]])
    >>> kerata.ops.convert_to_numpy(kerata.layers.Minimum()([x1, x2])).tolist()
    [[1.0, 2.0]]
    """

    def _merge_function(self, inputs: list) -> Any:
        return self._merge_with_masks(ops.minimum, inputs)


@kerata_export("kerata.layers.minimum")
def minimum(inputs: list, **kwargs: Any) -> Any:
    """Functional interface to the `Minimum` layer.

    Args:
        inputs: A list of input tensors of the same shape.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Returns:
        The elementwise minimum of the inputs.

    Example:

    >>> x1 = kerata.ops.convert_to_tensor([[1.0, 5.0]])
    >>> x2 = kerata.ops.convert_to_tensor([[3.0, 2.0]])
    >>> kerata.ops.convert_to_numpy(kerata.layers.minimum([x1, x2])).tolist()
    [[1.0, 2.0]]
    """
    return Minimum(**kwargs)(inputs)
