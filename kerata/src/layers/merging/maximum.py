"""`Maximum`: elementwise maximum of a list of tensors."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.layers.merging.base_merge import Merge


@kerata_export("kerata.layers.Maximum")
class Maximum(Merge):
    """Takes the elementwise maximum of a list of tensors.

    Masked positions of an input (see `Embedding(mask_zero=True)`) never
    win the maximum.

    Args:
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Example:

    >>> x1 = kerata.ops.convert_to_tensor([[1.0, 5.0]])
    >>> x2 = kerata.ops.convert_to_tensor([[3.0, 2.0]])
    >>> kerata.ops.convert_to_numpy(kerata.layers.Maximum()([x1, x2])).tolist()
    [[3.0, 5.0]]
    """

    def _merge_function(self, inputs: list) -> Any:
        return self._merge_with_masks(ops.maximum, inputs)


@kerata_export("kerata.layers.maximum")
def maximum(inputs: list, **kwargs: Any) -> Any:
    """Functional interface to the `Maximum` layer.

    Args:
        inputs: A list of input tensors of the same shape.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Returns:
        The elementwise maximum of the inputs.

    Example:

    >>> x1 = kerata.ops.convert_to_tensor([[1.0, 5.0]])
    >>> x2 = kerata.ops.convert_to_tensor([[3.0, 2.0]])
    >>> kerata.ops.convert_to_numpy(kerata.layers.maximum([x1, x2])).tolist()
    [[3.0, 5.0]]
    """
    return Maximum(**kwargs)(inputs)
