"""Built-in activation functions: `kerata.activations.*`.

Each is a thin call into `kerata.ops`, so it works on tensors of every
backend and on symbolic `KerasTensor`s alike.
"""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src.api_export import kerata_export


def _attach_logits(output: Any, logits: Any) -> Any:
    # Losses look for `_keras_logits` to compute crossentropy from the
    # logits, which is more stable than from probabilities (as in Keras).
    try:
        output._keras_logits = logits
    except AttributeError:
        pass  # NumPy and JAX arrays take no attributes.
    return output


@kerata_export("kerata.activations.relu")
def relu(
    x: Any,
    negative_slope: float = 0.0,
    max_value: float | None = None,
    threshold: float = 0.0,
) -> Any:
    """Rectified linear unit, `max(x, 0)`, with optional variations.

    With the defaults this is the plain ReLU. Otherwise values above
    `threshold` pass through (capped at `max_value`) and values below it
    become `negative_slope * (x - threshold)`.

    Args:
        x: Input tensor.
        negative_slope: Slope below the threshold. Defaults to `0.0`.
        max_value: Upper cap of the output, or `None` for no cap.
        threshold: Value below which inputs are damped. Defaults to `0.0`.

    Returns:
        A tensor of the same shape and dtype as `x`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([-10.0, -1.0, 0.5, 2.0, 10.0])
    >>> kerata.ops.convert_to_numpy(kerata.activations.relu(x)).tolist()
    [0.0, 0.0, 0.5, 2.0, 10.0]
    >>> y = kerata.activations.relu(x, negative_slope=0.5, max_value=5.0)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [-5.0, -0.5, 0.5, 2.0, 5.0]
    """
    if negative_slope == 0.0 and max_value is None and threshold == 0.0:
        return ops.relu(x)
    if max_value is None and threshold == 0.0:
        return ops.leaky_relu(x, negative_slope=negative_slope)
    clip = max_value is not None
    if threshold != 0.0:
        out = ops.where(ops.greater(x, threshold), x, 0.0)
    elif max_value == 6:
        out, clip = ops.relu6(x), False  # one fused op, already capped
    else:
        out = ops.relu(x)
    if clip:
        out = ops.clip(out, 0.0, max_value)
    if negative_slope != 0.0:
        below = ops.relu(ops.subtract(threshold, x))
        out = ops.subtract(out, ops.multiply(negative_slope, below))
    return out


@kerata_export("kerata.activations.relu6")
def relu6(x: Any) -> Any:
    """ReLU capped at 6: `min(max(x, 0), 6)`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([-1.0, 3.0, 8.0])
    >>> kerata.ops.convert_to_numpy(kerata.activations.relu6(x)).tolist()
    [0.0, 3.0, 6.0]
    """
    return ops.relu6(x)


@kerata_export("kerata.activations.leaky_relu")
def leaky_relu(x: Any, negative_slope: float = 0.2) -> Any:
    """Leaky ReLU: `x` if `x >= 0`, else `negative_slope * x`.

    Args:
        x: Input tensor.
        negative_slope: Slope for negative inputs. Defaults to `0.2`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([-2.0, 0.0, 3.0])
    >>> y = kerata.activations.leaky_relu(x, negative_slope=0.5)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [-1.0, 0.0, 3.0]
    """
    return ops.leaky_relu(x, negative_slope=negative_slope)


@kerata_export("kerata.activations.elu")
def elu(x: Any, alpha: float = 1.0) -> Any:
    """Exponential linear unit: `x` if `x > 0`, else `alpha * (exp(x) - 1)`.

    Args:
        x: Input tensor.
        alpha: Scale of the negative part. Defaults to `1.0`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([0.0, 2.0])
    >>> kerata.ops.convert_to_numpy(kerata.activations.elu(x)).tolist()
    [0.0, 2.0]
    """
    return ops.elu(x, alpha=alpha)


@kerata_export("kerata.activations.selu")
def selu(x: Any) -> Any:
    """Scaled exponential linear unit: `scale * elu(x, alpha)`.

    The constants (`alpha ~= 1.6733`, `scale ~= 1.0507`) keep activations
    normalised through deep stacks of layers initialised with
    `lecun_normal` (Klambauer et al., 2017).

    Example:

    >>> x = kerata.ops.convert_to_tensor([0.0, 1.0])
    >>> y = kerata.ops.convert_to_numpy(kerata.activations.selu(x))
    >>> [round(v, 4) for v in y.tolist()]
    [0.0, 1.0507]
    """
    return ops.selu(x)


@kerata_export("kerata.activations.softplus")
def softplus(x: Any) -> Any:
    """Softplus: `log(exp(x) + 1)`, a smooth ReLU.

    Example:

    >>> x = kerata.ops.convert_to_tensor([0.0])
    >>> y = kerata.ops.convert_to_numpy(kerata.activations.softplus(x))
    >>> round(y.tolist()[0], 4)
    0.6931
    """
    return ops.softplus(x)


@kerata_export("kerata.activations.softsign")
def softsign(x: Any) -> Any:
    """Softsign: `x / (abs(x) + 1)`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([-3.0, 0.0, 1.0])
    >>> kerata.ops.convert_to_numpy(kerata.activations.softsign(x)).tolist()
    [-0.75, 0.0, 0.5]
    """
    return ops.softsign(x)


@kerata_export("kerata.activations.soft_shrink")
def soft_shrink(x: Any, threshold: float = 0.5) -> Any:
    """Soft shrinkage: moves values towards 0 by `threshold`, and zeroes
    those within `threshold` of 0.

    Args:
        x: Input tensor.
        threshold: Shrinkage amount. Defaults to `0.5`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([-2.0, 0.25, 1.5])
    >>> y = kerata.activations.soft_shrink(x)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [-1.5, 0.0, 1.0]
    """
    return ops.soft_shrink(x, threshold=threshold)


@kerata_export("kerata.activations.sparse_plus")
def sparse_plus(x: Any) -> Any:
    """SparsePlus: 0 for `x <= -1`, `(x + 1)**2 / 4` for `-1 < x < 1`,
    and `x` for `x >= 1`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([-2.0, 0.0, 3.0])
    >>> y = kerata.activations.sparse_plus(x)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [0.0, 0.25, 3.0]
    """
    return ops.sparse_plus(x)


@kerata_export("kerata.activations.silu", "kerata.activations.swish")
def silu(x: Any) -> Any:
    """Swish, or SiLU: `x * sigmoid(x)`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([0.0, 100.0])
    >>> kerata.ops.convert_to_numpy(kerata.activations.silu(x)).tolist()
    [0.0, 100.0]
    """
    return ops.silu(x)


@kerata_export("kerata.activations.squareplus")
def squareplus(x: Any, b: float = 4) -> Any:
    """Squareplus: `(x + sqrt(x**2 + b)) / 2`, a smooth ReLU without
    exponentials.

    Args:
        x: Input tensor.
        b: Smoothness near 0; must be non-negative. Defaults to `4`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([0.0, 1.5])
    >>> y = kerata.activations.squareplus(x)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [1.0, 2.0]
    """
    return ops.squareplus(x, b=b)


@kerata_export("kerata.activations.gelu")
def gelu(x: Any, approximate: bool = False) -> Any:
    """Gaussian error linear unit: `x * P(X <= x)` for `X ~ N(0, 1)`.

    Args:
        x: Input tensor.
        approximate: Whether to use the tanh approximation. Defaults to
            `False` (the exact, erf-based form).

    Example:

    >>> x = kerata.ops.convert_to_tensor([0.0, 1.0])
    >>> y = kerata.ops.convert_to_numpy(kerata.activations.gelu(x))
    >>> [round(v, 4) for v in y.tolist()]
    [0.0, 0.8413]
    """
    return ops.gelu(x, approximate=approximate)


@kerata_export("kerata.activations.celu")
def celu(x: Any, alpha: float = 1.0) -> Any:
    """Continuously differentiable ELU:
    `max(0, x) + alpha * min(0, exp(x / alpha) - 1)`.

    Args:
        x: Input tensor.
        alpha: Scale of the negative part. Defaults to `1.0`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([0.0, 2.0])
    >>> kerata.ops.convert_to_numpy(kerata.activations.celu(x)).tolist()
    [0.0, 2.0]
    """
    return ops.celu(x, alpha=alpha)


@kerata_export("kerata.activations.glu")
def glu(x: Any, axis: int = -1) -> Any:
    """Gated linear unit: splits `x` in halves `a, b` along `axis` and
    returns `a * sigmoid(b)`.

    Args:
        x: Input tensor; `axis` must have even size.
        axis: Axis to split. Defaults to `-1`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[2.0, 4.0, 0.0, 0.0]])
    >>> kerata.ops.convert_to_numpy(kerata.activations.glu(x)).tolist()
    [[1.0, 2.0]]
    """
    return ops.glu(x, axis=axis)


@kerata_export("kerata.activations.tanh")
def tanh(x: Any) -> Any:
    """Hyperbolic tangent.

    Example:

    >>> x = kerata.ops.convert_to_tensor([0.0, 100.0])
    >>> kerata.ops.convert_to_numpy(kerata.activations.tanh(x)).tolist()
    [0.0, 1.0]
    """
    return ops.tanh(x)


@kerata_export("kerata.activations.tanh_shrink")
def tanh_shrink(x: Any) -> Any:
    """Tanh shrink: `x - tanh(x)`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([0.0])
    >>> y = kerata.activations.tanh_shrink(x)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [0.0]
    """
    return ops.tanh_shrink(x)


@kerata_export("kerata.activations.hard_tanh")
def hard_tanh(x: Any) -> Any:
    """Hard tanh: `x` clipped to `[-1, 1]`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([-3.0, 0.5, 2.0])
    >>> kerata.ops.convert_to_numpy(kerata.activations.hard_tanh(x)).tolist()
    [-1.0, 0.5, 1.0]
    """
    return ops.hard_tanh(x)


@kerata_export("kerata.activations.hard_shrink")
def hard_shrink(x: Any, threshold: float = 0.5) -> Any:
    """Hard shrinkage: `x` where `abs(x) > threshold`, else 0.

    Args:
        x: Input tensor.
        threshold: Values within it of 0 become 0. Defaults to `0.5`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([-2.0, 0.25, 1.5])
    >>> y = kerata.activations.hard_shrink(x)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [-2.0, 0.0, 1.5]
    """
    return ops.hard_shrink(x, threshold=threshold)


@kerata_export("kerata.activations.threshold")
def threshold(x: Any, threshold: float, default_value: float) -> Any:
    """Keeps `x` where `x > threshold` and sets `default_value` elsewhere.

    Args:
        x: Input tensor.
        threshold: Values at or below it are replaced.
        default_value: Their replacement.

    Example:

    >>> x = kerata.ops.convert_to_tensor([-2.0, 0.5, 1.5])
    >>> y = kerata.activations.threshold(x, 1.0, -1.0)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [-1.0, -1.0, 1.5]
    """
    return ops.threshold(x, threshold, default_value)


@kerata_export("kerata.activations.sigmoid")
def sigmoid(x: Any) -> Any:
    """Sigmoid: `1 / (1 + exp(-x))`, in `(0, 1)`.

    Like a two-class softmax whose second logit is 0. The input is kept on
    the output as `_keras_logits`, so losses can work from the logits.

    Example:

    >>> x = kerata.ops.convert_to_tensor([-100.0, 0.0, 100.0])
    >>> kerata.ops.convert_to_numpy(kerata.activations.sigmoid(x)).tolist()
    [0.0, 0.5, 1.0]
    """
    return _attach_logits(ops.sigmoid(x), x)


@kerata_export("kerata.activations.exponential")
def exponential(x: Any) -> Any:
    """Exponential: `exp(x)`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([0.0])
    >>> y = kerata.activations.exponential(x)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [1.0]
    """
    return ops.exp(x)


@kerata_export("kerata.activations.hard_sigmoid")
def hard_sigmoid(x: Any) -> Any:
    """Hard sigmoid, a piecewise-linear sigmoid: `clip(x / 6 + 0.5, 0, 1)`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([-4.0, 0.0, 1.5, 4.0])
    >>> y = kerata.activations.hard_sigmoid(x)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [0.0, 0.5, 0.75, 1.0]
    """
    return ops.hard_sigmoid(x)


@kerata_export("kerata.activations.log_sigmoid")
def log_sigmoid(x: Any) -> Any:
    """Logarithm of the sigmoid, `-softplus(-x)`, computed stably.

    Example:

    >>> x = kerata.ops.convert_to_tensor([100.0, -100.0])
    >>> y = kerata.activations.log_sigmoid(x)
    >>> [round(v, 4) for v in kerata.ops.convert_to_numpy(y).tolist()]
    [-0.0, -100.0]
    """
    return ops.log_sigmoid(x)


@kerata_export("kerata.activations.sparse_sigmoid")
def sparse_sigmoid(x: Any) -> Any:
    """Sparse sigmoid: 0 for `x <= -1`, 1 for `x >= 1`, linear between.

    Example:

    >>> x = kerata.ops.convert_to_tensor([-2.0, 0.0, 0.5, 2.0])
    >>> y = kerata.activations.sparse_sigmoid(x)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [0.0, 0.5, 0.75, 1.0]
    """
    return ops.sparse_sigmoid(x)


@kerata_export("kerata.activations.hard_silu", "kerata.activations.hard_swish")
def hard_silu(x: Any) -> Any:
    """Hard SiLU, or hard swish: `x * hard_sigmoid(x)`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([-4.0, 0.0, 1.5, 4.0])
    >>> y = kerata.activations.hard_silu(x)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [-0.0, 0.0, 1.125, 4.0]
    """
    return ops.hard_silu(x)


@kerata_export("kerata.activations.linear")
def linear(x: Any) -> Any:
    """Identity: returns `x` unchanged. `activations.get(None)` gives it.

    Example:

    >>> kerata.activations.linear(3.0)
    3.0
    """
    return x


@kerata_export("kerata.activations.mish")
def mish(x: Any) -> Any:
    """Mish: `x * tanh(softplus(x))`, a smooth, non-monotonic activation
    (Misra, 2019).

    Example:

    >>> x = kerata.ops.convert_to_tensor([0.0, 100.0])
    >>> kerata.ops.convert_to_numpy(kerata.activations.mish(x)).tolist()
    [0.0, 100.0]
    """
    return ops.multiply(x, ops.tanh(ops.softplus(x)))


@kerata_export("kerata.activations.softmax")
def softmax(x: Any, axis: int = -1) -> Any:
    """Softmax: turns logits into probabilities along `axis`,
    `exp(x) / sum(exp(x))`.

    The input is kept on the output as `_keras_logits`, so losses can work
    from the logits.

    Args:
        x: Input tensor.
        axis: Axis (or axes) along which the outputs sum to 1.
            Defaults to `-1`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[0.0, 0.0], [0.0, 1000.0]])
    >>> kerata.ops.convert_to_numpy(kerata.activations.softmax(x)).tolist()
    [[0.5, 0.5], [0.0, 1.0]]
    """
    return _attach_logits(ops.softmax(x, axis=axis), x)


@kerata_export("kerata.activations.log_softmax")
def log_softmax(x: Any, axis: int = -1) -> Any:
    """Logarithm of the softmax along `axis`, computed stably.

    Args:
        x: Input tensor.
        axis: Axis along which to normalise. Defaults to `-1`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([0.0, 0.0])
    >>> y = kerata.ops.convert_to_numpy(kerata.activations.log_softmax(x))
    >>> [round(v, 4) for v in y.tolist()]
    [-0.6931, -0.6931]
    """
    return ops.log_softmax(x, axis=axis)


@kerata_export("kerata.activations.sparsemax")
def sparsemax(x: Any, axis: int = -1) -> Any:
    """Sparsemax: the Euclidean projection of `x` onto the probability
    simplex along `axis`. Like softmax, but many outputs are exactly 0
    (Martins & Astudillo, 2016).

    Args:
        x: Input tensor.
        axis: Axis along which the outputs sum to 1. Defaults to `-1`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([1.0, 0.5, -1.0])
    >>> kerata.ops.convert_to_numpy(kerata.activations.sparsemax(x)).tolist()
    [0.75, 0.25, 0.0]
    """
    return ops.sparsemax(x, axis=axis)
