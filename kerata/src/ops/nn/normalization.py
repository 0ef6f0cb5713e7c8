"""Public ops: `kerata.ops.nn` statistics and normalizations."""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.ops.nn import _checks
from kerata.src.ops.operation import symbolic_op


@kerata_export("kerata.ops.moments", "kerata.ops.nn.moments")
@symbolic_op
def moments(
    x: Any, axes: Any, keepdims: bool = False, synchronized: bool = False
) -> tuple:
    """Mean and variance of `x` over `axes`.

    float16 and bfloat16 inputs are reduced in float32, whose range the
    statistics need, and the results cast back.

    Args:
        x: Input tensor.
        axes: Int or sequence of ints: the axes to reduce.
        keepdims: Whether to keep the reduced axes, with size 1.
        synchronized: Whether to reduce across devices in distributed
            training. kerata runs each model on one device, where the
            synchronized statistics are the local ones.

    Returns:
        A tuple `(mean, variance)`.

    Example:

    >>> mean, variance = kerata.ops.moments([[1.0, 2.0], [3.0, 6.0]], axes=0)
    >>> kerata.ops.convert_to_numpy(mean).tolist()
    [2.0, 4.0]
    >>> kerata.ops.convert_to_numpy(variance).tolist()
    [1.0, 4.0]
    """
    return backend.nn.moments(x, axes, keepdims=keepdims)


@kerata_export(
    "kerata.ops.batch_normalization", "kerata.ops.nn.batch_normalization"
)
@symbolic_op
def batch_normalization(
    x: Any,
    mean: Any,
    variance: Any,
    axis: int,
    offset: Any = None,
    scale: Any = None,
    epsilon: float = 1e-3,
) -> Any:
    """Normalizes `x` with given statistics:
    `(x - mean) / sqrt(variance + epsilon) * scale + offset`.

    Args:
        x: Input tensor.
        mean: Vector of means, one per entry of `x`'s `axis`.
        variance: Vector of variances, shaped like `mean`.
        axis: The axis the vectors run along (e.g. the channel axis).
        offset: Optional vector added last (beta).
        scale: Optional vector multiplied in (gamma).
        epsilon: Small float added to the variance.

    Returns:
        A tensor of the shape of `x`.

    Raises:
        ValueError: If `mean` is not a vector of `x.shape[axis]` entries.

    Example:

    >>> x = [[1.0, 10.0], [3.0, 30.0]]
    >>> y = kerata.ops.batch_normalization(
    ...     x, [2.0, 20.0], [1.0, 100.0], axis=-1, epsilon=0.0
    ... )
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [[-1.0, -1.0], [1.0, 1.0]]
    """
    x_shape = getattr(x, "shape", None)
    mean_shape = getattr(mean, "shape", None)
    if x_shape is not None and mean_shape is not None:
        size = tuple(x_shape)[axis]
        if len(mean_shape) != 1 or not _checks.same_size(size, mean_shape[0]):
            raise ValueError(
                "`mean` and `variance` must be vectors of x.shape[axis]="
                f"{size} entries. Received: mean.shape={tuple(mean_shape)}, "
                f"x.shape={tuple(x_shape)}, axis={axis}"
            )
    return backend.nn.batch_normalization(
        x, mean, variance, axis, offset=offset, scale=scale, epsilon=epsilon
    )


@kerata_export("kerata.ops.normalize", "kerata.ops.nn.normalize")
@symbolic_op
def normalize(
    x: Any, axis: Any = -1, order: int = 2, epsilon: float | None = None
) -> Any:
    """Scales `x` to unit `order`-norm along `axis`:
    `x / max(norm(x), epsilon)`.

    Args:
        x: Input tensor.
        axis: Int or tuple of ints: the axes the norm is taken over.
        order: The norm's order, an int >= 1 (2 is Euclidean).
        epsilon: Lower bound of the norm; None means
            `kerata.config.epsilon()`.

    Returns:
        A float tensor of the shape of `x`.

    Raises:
        ValueError: If `order` is not an int >= 1.

    Example:

    >>> y = kerata.ops.normalize([[3.0, 4.0], [1.0, 3.0]], order=1)
    >>> rows = kerata.ops.convert_to_numpy(y).tolist()
    >>> [[round(v, 4) for v in row] for row in rows]
    [[0.4286, 0.5714], [0.25, 0.75]]
    """
    if isinstance(order, bool) or not isinstance(order, int) or order < 1:
        raise ValueError(
            f"`order` must be an int >= 1. Received: order={order!r}"
        )
    return backend.nn.normalize(x, axis=axis, order=order, epsilon=epsilon)


@kerata_export(
    "kerata.ops.rms_normalization", "kerata.ops.nn.rms_normalization"
)
@symbolic_op
def rms_normalization(
    x: Any, scale: Any = None, axis: Any = -1, epsilon: float | None = None
) -> Any:
    """Root-mean-square normalization (Zhang & Sennrich, 2019):
    `x / sqrt(mean(x**2) + epsilon) * scale` over `axis`.

    Computed in float32 at least, then cast back to the input's dtype.

    Args:
        x: Input tensor.
        scale: Optional tensor broadcastable to `x` (e.g. one entry per
            feature) multiplied in.
        axis: Int or tuple of ints: the normalized axes.
        epsilon: Small float added to the mean square; None means
            `kerata.config.epsilon()`.

    Returns:
        A float tensor of the shape of `x`.

    Example:

    >>> y = kerata.ops.rms_normalization([[2.0, -2.0, 2.0, -2.0]], epsilon=0.0)
    >>> [round(v, 4) for v in kerata.ops.convert_to_numpy(y)[0].tolist()]
    [1.0, -1.0, 1.0, -1.0]
    """
    return backend.nn.rms_normalization(
        x, scale=scale, axis=axis, epsilon=epsilon
    )


@kerata_export(
    "kerata.ops.layer_normalization", "kerata.ops.nn.layer_normalization"
)
@symbolic_op
def layer_normalization(
    x: Any,
    gamma: Any = None,
    beta: Any = None,
    axis: Any = -1,
    epsilon: float | None = None,
    **kwargs: Any,
) -> Any:
    """Layer normalization (Ba et al., 2016): standardizes `x` over `axis`
    within each example, then applies `gamma` and `beta`.

    Computed in float32 at least, then cast back to the input's dtype.

    Args:
        x: Input tensor.
        gamma: Optional scale, broadcastable to `x`.
        beta: Optional offset, broadcastable to `x`.
        axis: Int or tuple of ints: the normalized axes.
        epsilon: Small float added to the variance; None means
            `kerata.config.epsilon()`.

    Returns:
        A float tensor of the shape of `x`.

    Raises:
        ValueError: For `rms_scaling=True`, Keras's deprecated flag: use
            `rms_normalization` instead.

    Example:

    >>> y = kerata.ops.layer_normalization([[1.0, 3.0]], epsilon=0.0)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [[-1.0, 1.0]]
    """
    if kwargs.pop("rms_scaling", False):
        raise ValueError(
            "`rms_scaling=True` is not supported (Keras deprecated it: it "
            "scaled by the variance). Use kerata.ops.rms_normalization."
        )
    if kwargs:
        raise TypeError(f"Unexpected keyword arguments: {sorted(kwargs)}")
    return backend.nn.layer_normalization(
        x, gamma=gamma, beta=beta, axis=axis, epsilon=epsilon
    )
