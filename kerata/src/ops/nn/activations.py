"""Public ops: `kerata.ops.nn` activations, elementwise and softmax-like.

Integer inputs give float outputs (of `result_type(dtype, float)`), except
for `relu` and `hard_tanh`, which keep the input's dtype as in Keras.
"""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.ops.nn._checks import shape_of
from kerata.src.ops.operation import symbolic_op


@kerata_export("kerata.ops.relu", "kerata.ops.nn.relu")
@symbolic_op
def relu(x: Any) -> Any:
    """Rectified linear unit: `max(x, 0)`, elementwise.

    Args:
        x: Input tensor.

    Returns:
        A tensor of the shape and dtype of `x`.

    Example:

    >>> y = kerata.ops.relu([-1.0, 0.0, 2.0])
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [0.0, 0.0, 2.0]
    """
    return backend.nn.relu(x)


@kerata_export("kerata.ops.relu6", "kerata.ops.nn.relu6")
@symbolic_op
def relu6(x: Any) -> Any:
    """Rectified linear unit capped at 6: `min(max(x, 0), 6)`.

    Args:
        x: Input tensor.

    Returns:
        A float tensor of the shape of `x`.

    Example:

    >>> y = kerata.ops.relu6([-1.0, 3.0, 8.0])
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [0.0, 3.0, 6.0]
    """
    return backend.nn.relu6(x)


@kerata_export("kerata.ops.sigmoid", "kerata.ops.nn.sigmoid")
@symbolic_op
def sigmoid(x: Any) -> Any:
    """Logistic sigmoid: `1 / (1 + exp(-x))`.

    Args:
        x: Input tensor.

    Returns:
        A float tensor of the shape of `x`, with values in (0, 1).

    Example:

    >>> y = kerata.ops.convert_to_numpy(kerata.ops.sigmoid([-1.0, 0.0, 1.0]))
    >>> [round(v, 4) for v in y.tolist()]
    [0.2689, 0.5, 0.7311]
    """
    return backend.nn.sigmoid(x)


@kerata_export("kerata.ops.sparse_sigmoid", "kerata.ops.nn.sparse_sigmoid")
@symbolic_op
def sparse_sigmoid(x: Any) -> Any:
    """Piecewise-linear sigmoid: 0 for `x <= -1`, 1 for `x >= 1` and
    `(x + 1) / 2` in between.

    Args:
        x: Input tensor.

    Returns:
        A float tensor of the shape of `x`.

    Example:

    >>> y = kerata.ops.sparse_sigmoid([-2.0, 0.0, 0.5, 2.0])
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [0.0, 0.5, 0.75, 1.0]
    """
    return backend.nn.sparse_sigmoid(x)


@kerata_export("kerata.ops.softplus", "kerata.ops.nn.softplus")
@symbolic_op
def softplus(x: Any) -> Any:
    """Softplus: `log(1 + exp(x))`, a smooth version of `relu`.

    Args:
        x: Input tensor.

    Returns:
        A float tensor of the shape of `x`.

    Example:

    >>> y = kerata.ops.convert_to_numpy(kerata.ops.softplus([-1.0, 0.0, 1.0]))
    >>> [round(v, 4) for v in y.tolist()]
    [0.3133, 0.6931, 1.3133]
    """
    return backend.nn.softplus(x)


@kerata_export("kerata.ops.softsign", "kerata.ops.nn.softsign")
@symbolic_op
def softsign(x: Any) -> Any:
    """Softsign: `x / (1 + |x|)`.

    Args:
        x: Input tensor.

    Returns:
        A float tensor of the shape of `x`, with values in (-1, 1).

    Example:

    >>> y = kerata.ops.softsign([-1.0, 0.0, 3.0])
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [-0.5, 0.0, 0.75]
    """
    return backend.nn.softsign(x)


@kerata_export(
    "kerata.ops.silu",
    "kerata.ops.nn.silu",
    "kerata.ops.swish",
    "kerata.ops.nn.swish",
)
@symbolic_op
def silu(x: Any) -> Any:
    """Sigmoid linear unit (also called swish): `x * sigmoid(x)`.

    Args:
        x: Input tensor.

    Returns:
        A float tensor of the shape of `x`.

    Example:

    >>> y = kerata.ops.convert_to_numpy(kerata.ops.silu([-1.0, 0.0, 1.0]))
    >>> [round(v, 4) for v in y.tolist()]
    [-0.2689, 0.0, 0.7311]
    """
    return backend.nn.silu(x)


@kerata_export("kerata.ops.log_sigmoid", "kerata.ops.nn.log_sigmoid")
@symbolic_op
def log_sigmoid(x: Any) -> Any:
    """Logarithm of the sigmoid, `-softplus(-x)`, computed stably.

    Args:
        x: Input tensor.

    Returns:
        A float tensor of the shape of `x`.

    Example:

    >>> y = kerata.ops.log_sigmoid([-1.0, 0.0, 1.0])
    >>> [round(v, 4) for v in kerata.ops.convert_to_numpy(y).tolist()]
    [-1.3133, -0.6931, -0.3133]
    """
    return backend.nn.log_sigmoid(x)


@kerata_export("kerata.ops.leaky_relu", "kerata.ops.nn.leaky_relu")
@symbolic_op
def leaky_relu(x: Any, negative_slope: float = 0.2) -> Any:
    """Leaky relu: `x` for `x >= 0`, `negative_slope * x` otherwise.

    Args:
        x: Input tensor.
        negative_slope: Slope for negative inputs.

    Returns:
        A float tensor of the shape of `x`.

    Example:

    >>> y = kerata.ops.leaky_relu([-2.0, 0.0, 2.0], negative_slope=0.25)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [-0.5, 0.0, 2.0]
    """
    return backend.nn.leaky_relu(x, negative_slope=negative_slope)


@kerata_export("kerata.ops.hard_sigmoid", "kerata.ops.nn.hard_sigmoid")
@symbolic_op
def hard_sigmoid(x: Any) -> Any:
    """Piecewise-linear sigmoid: `relu6(x + 3) / 6`.

    Args:
        x: Input tensor.

    Returns:
        A float tensor of the shape of `x`.

    Example:

    >>> y = kerata.ops.hard_sigmoid([-4.0, 0.0, 1.5, 4.0])
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [0.0, 0.5, 0.75, 1.0]
    """
    return backend.nn.hard_sigmoid(x)


@kerata_export(
    "kerata.ops.hard_silu",
    "kerata.ops.nn.hard_silu",
    "kerata.ops.hard_swish",
    "kerata.ops.nn.hard_swish",
)
@symbolic_op
def hard_silu(x: Any) -> Any:
    """Hard SiLU (also called hard swish): `x * hard_sigmoid(x)`.

    Args:
        x: Input tensor.

    Returns:
        A float tensor of the shape of `x`.

    Example:

    >>> y = kerata.ops.hard_silu([-1.5, 0.0, 1.5, 4.0])
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [-0.375, 0.0, 1.125, 4.0]
    """
    return backend.nn.hard_silu(x)


@kerata_export("kerata.ops.elu", "kerata.ops.nn.elu")
@symbolic_op
def elu(x: Any, alpha: float = 1.0) -> Any:
    """Exponential linear unit: `x` for `x > 0`, `alpha * (exp(x) - 1)`
    otherwise.

    Args:
        x: Input tensor.
        alpha: Scale of the negative part.

    Returns:
        A float tensor of the shape of `x`.

    Example:

    >>> y = kerata.ops.convert_to_numpy(kerata.ops.elu([-1.0, 0.0, 2.0]))
    >>> [round(v, 4) for v in y.tolist()]
    [-0.6321, 0.0, 2.0]
    """
    return backend.nn.elu(x, alpha=alpha)


@kerata_export("kerata.ops.selu", "kerata.ops.nn.selu")
@symbolic_op
def selu(x: Any) -> Any:
    """Scaled exponential linear unit: `scale * elu(x, alpha)` with
    `alpha = 1.67326324` and `scale = 1.05070098` (Klambauer et al., 2017).

    Args:
        x: Input tensor.

    Returns:
        A float tensor of the shape of `x`.

    Example:

    >>> y = kerata.ops.convert_to_numpy(kerata.ops.selu([-1.0, 0.0, 1.0]))
    >>> [round(v, 4) for v in y.tolist()]
    [-1.1113, 0.0, 1.0507]
    """
    return backend.nn.selu(x)


@kerata_export("kerata.ops.gelu", "kerata.ops.nn.gelu")
@symbolic_op
def gelu(x: Any, approximate: bool = True) -> Any:
    """Gaussian error linear unit: `x * P(X <= x)` for `X ~ N(0, 1)`.

    Args:
        x: Input tensor.
        approximate: Whether to use the tanh approximation
            `0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x**3)))`
            rather than the exact, erf-based form.

    Returns:
        A float tensor of the shape of `x`.

    Example:

    >>> y = kerata.ops.gelu([-1.0, 0.0, 1.0], approximate=False)
    >>> [round(v, 4) for v in kerata.ops.convert_to_numpy(y).tolist()]
    [-0.1587, 0.0, 0.8413]
    """
    return backend.nn.gelu(x, approximate=approximate)


@kerata_export("kerata.ops.celu", "kerata.ops.nn.celu")
@symbolic_op
def celu(x: Any, alpha: float = 1.0) -> Any:
    """Continuously differentiable ELU:
    `max(x, 0) + min(0, alpha * (exp(x / alpha) - 1))`.

    Args:
        x: Input tensor.
        alpha: Scale of the negative part.

    Returns:
        A float tensor of the shape of `x`.

    Example:

    >>> y = kerata.ops.celu([-2.0, 0.0, 1.0], alpha=2.0)
    >>> [round(v, 4) for v in kerata.ops.convert_to_numpy(y).tolist()]
    [-1.2642, 0.0, 1.0]
    """
    return backend.nn.celu(x, alpha=alpha)


@kerata_export("kerata.ops.glu", "kerata.ops.nn.glu")
@symbolic_op
def glu(x: Any, axis: int = -1) -> Any:
    """Gated linear unit: splits `x` in halves `a, b` along `axis` and
    returns `a * sigmoid(b)`.

    Args:
        x: Input tensor; its size along `axis` must be even.
        axis: Axis to split.

    Returns:
        A float tensor whose size along `axis` is half that of `x`.

    Example:

    >>> y = kerata.ops.glu([[2.0, 4.0, 0.0, 0.0]])
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [[1.0, 2.0]]
    """
    shape = shape_of(x)
    if shape and shape[axis] is not None and shape[axis] % 2:
        raise ValueError(
            "`glu` splits `x` in two halves along `axis`, so that axis must "
            f"have an even size. Received: x.shape={shape}, axis={axis}"
        )
    return backend.nn.glu(x, axis=axis)


@kerata_export("kerata.ops.tanh_shrink", "kerata.ops.nn.tanh_shrink")
@symbolic_op
def tanh_shrink(x: Any) -> Any:
    """Tanh shrink: `x - tanh(x)`.

    Args:
        x: Input tensor.

    Returns:
        A float tensor of the shape of `x`.

    Example:

    >>> y = kerata.ops.tanh_shrink([-1.0, 0.0, 1.0])
    >>> [round(v, 4) for v in kerata.ops.convert_to_numpy(y).tolist()]
    [-0.2384, 0.0, 0.2384]
    """
    return backend.nn.tanh_shrink(x)


@kerata_export("kerata.ops.hard_tanh", "kerata.ops.nn.hard_tanh")
@symbolic_op
def hard_tanh(x: Any) -> Any:
    """Hard tanh: `x` clipped to [-1, 1].

    Args:
        x: Input tensor.

    Returns:
        A tensor of the shape and dtype of `x`.

    Example:

    >>> y = kerata.ops.hard_tanh([-2.0, 0.5, 3.0])
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [-1.0, 0.5, 1.0]
    """
    return backend.nn.hard_tanh(x)


@kerata_export("kerata.ops.soft_shrink", "kerata.ops.nn.soft_shrink")
@symbolic_op
def soft_shrink(x: Any, threshold: float = 0.5) -> Any:
    """Soft shrink: moves `x` towards 0 by `threshold`, and sets values
    within `threshold` of 0 to 0.

    Args:
        x: Input tensor.
        threshold: Non-negative amount of shrinkage.

    Returns:
        A float tensor of the shape of `x`.

    Example:

    >>> y = kerata.ops.soft_shrink([-2.0, 0.25, 1.5])
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [-1.5, 0.0, 1.0]
    """
    return backend.nn.soft_shrink(x, threshold=threshold)


@kerata_export("kerata.ops.hard_shrink", "kerata.ops.nn.hard_shrink")
@symbolic_op
def hard_shrink(x: Any, threshold: float = 0.5) -> Any:
    """Hard shrink: `x` where `|x| > threshold`, 0 elsewhere.

    Args:
        x: Input tensor.
        threshold: Values with `|x| <= threshold` become 0.

    Returns:
        A float tensor of the shape of `x`.

    Example:

    >>> y = kerata.ops.hard_shrink([-2.0, 0.25, 1.5])
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [-2.0, 0.0, 1.5]
    """
    return backend.nn.hard_shrink(x, threshold=threshold)


@kerata_export("kerata.ops.threshold", "kerata.ops.nn.threshold")
@symbolic_op
def threshold(x: Any, threshold: float, default_value: float) -> Any:
    """`x` where `x > threshold`, `default_value` elsewhere.

    Args:
        x: Input tensor.
        threshold: Values at or below it are replaced.
        default_value: The replacement value.

    Returns:
        A float tensor of the shape of `x`.

    Example:

    >>> y = kerata.ops.threshold([-2.0, 0.5, 3.0], 1.0, 0.0)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [0.0, 0.0, 3.0]
    """
    return backend.nn.threshold(x, threshold, default_value)


@kerata_export("kerata.ops.squareplus", "kerata.ops.nn.squareplus")
@symbolic_op
def squareplus(x: Any, b: float = 4) -> Any:
    """Squareplus: `(x + sqrt(x**2 + b)) / 2`, a smooth `relu` made of
    algebraic functions only.

    Args:
        x: Input tensor.
        b: Non-negative smoothness; `b = 0` gives `relu`.

    Returns:
        A float tensor of the shape of `x`.

    Example:

    >>> y = kerata.ops.squareplus([-1.5, 0.0, 1.5], b=4)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [0.5, 1.0, 2.0]
    """
    return backend.nn.squareplus(x, b=b)


@kerata_export("kerata.ops.sparse_plus", "kerata.ops.nn.sparse_plus")
@symbolic_op
def sparse_plus(x: Any) -> Any:
    """SparsePlus: 0 for `x <= -1`, `(x + 1)**2 / 4` for `|x| < 1` and `x`
    for `x >= 1`.

    Args:
        x: Input tensor.

    Returns:
        A float tensor of the shape of `x`.

    Example:

    >>> y = kerata.ops.sparse_plus([-2.0, 0.0, 2.0])
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [0.0, 0.25, 2.0]
    """
    return backend.nn.sparse_plus(x)


@kerata_export("kerata.ops.softmax", "kerata.ops.nn.softmax")
@symbolic_op
def softmax(x: Any, axis: Any = -1) -> Any:
    """Softmax: `exp(x) / sum(exp(x))` along `axis`, computed stably.

    Args:
        x: Input tensor.
        axis: Int or tuple of ints: the axes the probabilities sum over.

    Returns:
        A float tensor of the shape of `x`.

    Example:

    >>> y = kerata.ops.softmax([[0.0, 0.0], [0.0, 1.0]])
    >>> rows = kerata.ops.convert_to_numpy(y).tolist()
    >>> [[round(v, 4) for v in row] for row in rows]
    [[0.5, 0.5], [0.2689, 0.7311]]
    """
    return backend.nn.softmax(x, axis=axis)


@kerata_export("kerata.ops.log_softmax", "kerata.ops.nn.log_softmax")
@symbolic_op
def log_softmax(x: Any, axis: Any = -1) -> Any:
    """Logarithm of the softmax: `x - logsumexp(x)` along `axis`.

    Args:
        x: Input tensor.
        axis: Int or tuple of ints: the axes the probabilities sum over.

    Returns:
        A float tensor of the shape of `x`.

    Example:

    >>> y = kerata.ops.convert_to_numpy(kerata.ops.log_softmax([0.0, 0.0]))
    >>> [round(v, 4) for v in y.tolist()]
    [-0.6931, -0.6931]
    """
    return backend.nn.log_softmax(x, axis=axis)


@kerata_export("kerata.ops.sparsemax", "kerata.ops.nn.sparsemax")
@symbolic_op
def sparsemax(x: Any, axis: int = -1) -> Any:
    """Sparsemax (Martins & Astudillo, 2016): the Euclidean projection of
    `x` onto the probability simplex along `axis`.

    Like softmax it returns probabilities, but small entries become exactly
    0: `sparsemax(x) = max(x - tau, 0)`, with `tau` chosen so that the
    result sums to 1.

    Args:
        x: Input tensor.
        axis: The axis the probabilities sum over.

    Returns:
        A float tensor of the shape of `x`.

    Example:

    >>> y = kerata.ops.sparsemax([0.5, 1.0, 1.5, -1.0])
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [0.0, 0.25, 0.75, 0.0]
    """
    return backend.nn.sparsemax(x, axis=axis)
