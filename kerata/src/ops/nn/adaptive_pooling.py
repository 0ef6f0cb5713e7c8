"""Public ops: `kerata.ops.nn` adaptive pooling.

Adaptive pooling fixes the output size instead of the window: output
position `i` of an axis of length `size` pools the inputs
`[floor(i * size / out), ceil((i + 1) * size / out))`, as
`torch.nn.AdaptiveAvgPool2d` and Keras do. Windows may differ in length
by one and may overlap.
"""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.ops.nn import _checks
from kerata.src.ops.operation import symbolic_op


def _adaptive_checks(inputs: Any, output_size: Any, data_format: Any) -> str:
    rank = _checks.image_rank(inputs)
    _checks.spatial_tuple(output_size, rank - 2, "output_size")
    return backend.standardize_data_format(data_format)


@kerata_export(
    "kerata.ops.adaptive_average_pool", "kerata.ops.nn.adaptive_average_pool"
)
@symbolic_op
def adaptive_average_pool(
    inputs: Any, output_size: Any, data_format: str | None = None
) -> Any:
    """Average pooling to a fixed output size, over 1D, 2D or 3D data.

    The window of each output position is computed from the input and
    output sizes, so inputs of any size give `output_size` positions
    (handy before a `Dense` head that needs a fixed size).

    Args:
        inputs: Tensor of rank 3, 4 or 5: `(batch, *spatial, channels)`, or
            `(batch, channels, *spatial)` for "channels_first".
        output_size: Int or tuple of ints, the output size per spatial
            axis; an int is used for every axis.
        data_format: "channels_last", "channels_first" or None for the
            global default.

    Returns:
        A float tensor of the rank of `inputs`, with spatial sizes
        `output_size`.

    Raises:
        ValueError: For inputs of another rank or an invalid
            `output_size`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[[0.0], [1.0], [2.0], [3.0], [4.0]]])
    >>> y = kerata.ops.adaptive_average_pool(x, 2)
    >>> kerata.ops.convert_to_numpy(y)[0, :, 0].tolist()
    [1.0, 3.0]
    """
    data_format = _adaptive_checks(inputs, output_size, data_format)
    return backend.nn.adaptive_average_pool(inputs, output_size, data_format)


@kerata_export(
    "kerata.ops.adaptive_max_pool", "kerata.ops.nn.adaptive_max_pool"
)
@symbolic_op
def adaptive_max_pool(
    inputs: Any, output_size: Any, data_format: str | None = None
) -> Any:
    """Max pooling to a fixed output size, over 1D, 2D or 3D data.

    The window of each output position is computed from the input and
    output sizes, so inputs of any size give `output_size` positions.

    Args:
        inputs: Tensor of rank 3, 4 or 5: `(batch, *spatial, channels)`, or
            `(batch, channels, *spatial)` for "channels_first".
        output_size: Int or tuple of ints, the output size per spatial
            axis; an int is used for every axis.
        data_format: "channels_last", "channels_first" or None for the
            global default.

    Returns:
        A tensor of the rank and dtype of `inputs`, with spatial sizes
        `output_size`.

    Raises:
        ValueError: For inputs of another rank or an invalid
            `output_size`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[[0.0], [5.0], [2.0], [3.0], [4.0]]])
    >>> y = kerata.ops.adaptive_max_pool(x, 2)
    >>> kerata.ops.convert_to_numpy(y)[0, :, 0].tolist()
    [5.0, 4.0]
    """
    data_format = _adaptive_checks(inputs, output_size, data_format)
    return backend.nn.adaptive_max_pool(inputs, output_size, data_format)
