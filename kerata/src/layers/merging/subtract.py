"""`Subtract`: difference of two tensors."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.layers.merging.base_merge import Merge


@kerata_export("kerata.layers.Subtract")
class Subtract(Merge):
    """Subtracts two tensors: `inputs[0] - inputs[1]`.

    It takes a list of exactly two tensors of the same (or broadcastable)
    shape.

    Args:
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Example:

    >>> x1 = kerata.ops.convert_to_tensor([[1.0, 5.0]])
    >>> x2 = kerata.ops.convert_to_tensor([[3.0, 2.0]])
    >>> kerata.ops.convert_to_numpy(kerata.layers.Subtract()([x1, x2])).tolist()
    [[-2.0, 3.0]]
    """

    _min_inputs = 2
    _max_inputs = 2

    def _merge_function(self, inputs: list) -> Any:
        if len(inputs) != 2:
            raise ValueError(
                f"Layer {self.name!r} (Subtract) must be called on exactly "
                f"2 inputs. Received {len(inputs)} inputs."
            )
        return ops.subtract(inputs[0], inputs[1])


@kerata_export("kerata.layers.subtract")
def subtract(inputs: list, **kwargs: Any) -> Any:
    """Functional interface to the `Subtract` layer.

    Args:
        inputs: A list of input tensors of length 2.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Returns:
        `inputs[0] - inputs[1]`.

    Example:

    >>> x1 = kerata.ops.convert_to_tensor([[1.0, 5.0]])
    >>> x2 = kerata.ops.convert_to_tensor([[3.0, 2.0]])
    >>> kerata.ops.convert_to_numpy(kerata.layers.subtract([x1, x2])).tolist()
    [[-2.0, 3.0]]
    """
    return Subtract(**kwargs)(inputs)
