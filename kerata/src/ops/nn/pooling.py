"""Public ops: `kerata.ops.nn` pooling.

Inputs are batches of 1D, 2D or 3D images, channels_last by default;
"same" padding follows TensorFlow (output size `ceil(size / stride)`, the
odd pixel of padding at the end) and padding never enters a result.
"""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.ops.nn import _checks
from kerata.src.ops.operation import symbolic_op


def _pool_checks(inputs, pool_size, strides, padding, data_format) -> tuple:
    rank = _checks.image_rank(inputs)
    _checks.spatial_tuple(pool_size, rank - 2, "pool_size")
    _checks.spatial_tuple(strides, rank - 2, "strides", allow_none=True)
    padding = _checks.standardize_padding(padding, ("valid", "same"))
    return padding, backend.standardize_data_format(data_format)


@kerata_export("kerata.ops.max_pool", "kerata.ops.nn.max_pool")
@symbolic_op
def max_pool(
    inputs: Any,
    pool_size: Any,
    strides: Any = None,
    padding: str = "valid",
    data_format: str | None = None,
) -> Any:
    """Max pooling over 1D, 2D or 3D windows.

    Args:
        inputs: Tensor of rank 3, 4 or 5: `(batch, *spatial, channels)`, or
            `(batch, channels, *spatial)` for "channels_first".
        pool_size: Int or tuple of ints, the window size per axis.
        strides: Int or tuple of ints; None means `pool_size`.
        padding: "valid" (only whole windows) or "same" (output size
            `ceil(size / stride)`).
        data_format: "channels_last", "channels_first" or None for the
            global default.

    Returns:
        A tensor of the rank and dtype of `inputs`.

    Raises:
        ValueError: For inputs of another rank or an unknown `padding`.

    Example:

    >>> import numpy as np
    >>> x = np.arange(16, dtype="float32").reshape(1, 4, 4, 1)
    >>> y = kerata.ops.max_pool(x, 2)
    >>> kerata.ops.convert_to_numpy(y)[0, :, :, 0].tolist()
    [[5.0, 7.0], [13.0, 15.0]]
    """
    padding, data_format = _pool_checks(
        inputs, pool_size, strides, padding, data_format
    )
    return backend.nn.max_pool(inputs, pool_size, strides, padding, data_format)


@kerata_export("kerata.ops.average_pool", "kerata.ops.nn.average_pool")
@symbolic_op
def average_pool(
    inputs: Any,
    pool_size: Any,
    strides: Any = None,
    padding: str = "valid",
    data_format: str | None = None,
) -> Any:
    """Average pooling over 1D, 2D or 3D windows.

    With "same" padding, windows that overlap the padding average only
    the real inputs they cover, as in Keras.

    Args:
        inputs: Tensor of rank 3, 4 or 5: `(batch, *spatial, channels)`, or
            `(batch, channels, *spatial)` for "channels_first".
        pool_size: Int or tuple of ints, the window size per axis.
        strides: Int or tuple of ints; None means `pool_size`.
        padding: "valid" (only whole windows) or "same" (output size
            `ceil(size / stride)`).
        data_format: "channels_last", "channels_first" or None for the
            global default.

    Returns:
        A float tensor of the rank of `inputs`.

    Raises:
        ValueError: For inputs of another rank or an unknown `padding`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[[0.0], [1.0], [2.0]]])
    >>> y = kerata.ops.average_pool(x, 2, padding="same")
    >>> kerata.ops.convert_to_numpy(y)[0, :, 0].tolist()
    [0.5, 2.0]
    """
    padding, data_format = _pool_checks(
        inputs, pool_size, strides, padding, data_format
    )
    return backend.nn.average_pool(
        inputs, pool_size, strides, padding, data_format
    )
