"""`Multiply`: elementwise product of a list of tensors."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.backend.common import masking
from kerata.src.layers.merging.base_merge import Merge


@kerata_export("kerata.layers.Multiply")
class Multiply(Merge):
    """Multiplies a list of tensors elementwise.

    When every input carries a mask, masked positions are treated as 1
    in the product and zeroed in the output.

    Args:
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Example:

    >>> x1 = kerata.ops.convert_to_tensor([[1.0, 5.0]])
    >>> x2 = kerata.ops.convert_to_tensor([[3.0, 2.0]])
    >>> kerata.ops.convert_to_numpy(kerata.layers.Multiply()([x1, x2])).tolist()
    [[3.0, 10.0]]
    """

    def _merge_function(self, inputs: list) -> Any:
        masks = [masking.get_keras_mask(x) for x in inputs]
        all_masked = all(m is not None for m in masks)
        output = None
        output_mask = None
        for x, mask in zip(inputs, masks):
            if mask is not None:
                mask = ops.broadcast_to(ops.expand_dims(mask, -1), x.shape)
                # Masked positions count as 1, the identity of the product.
                x = ops.where(mask, x, ops.ones_like(x))
                if all_masked:
                    output_mask = (
                        mask
                        if output_mask is None
                        else ops.logical_or(output_mask, mask)
                    )
            output = x if output is None else ops.multiply(output, x)
        if all_masked:
            output = ops.where(output_mask, output, ops.zeros_like(output))
        return output


@kerata_export("kerata.layers.multiply")
def multiply(inputs: list, **kwargs: Any) -> Any:
    """Functional interface to the `Multiply` layer.

    Args:
        inputs: A list of input tensors of the same shape.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Returns:
        The elementwise product of the inputs.

    Example:

    >>> x1 = kerata.ops.convert_to_tensor([[1.0, 5.0]])
    >>> x2 = kerata.ops.convert_to_tensor([[3.0, 2.0]])
    >>> kerata.ops.convert_to_numpy(kerata.layers.multiply([x1, x2])).tolist()
    [[3.0, 10.0]]
    """
    return Multiply(**kwargs)(inputs)
