"""Public random ops: `kerata.random`.

Every op takes `seed`: an int (the same values on every call), a
`kerata.random.SeedGenerator` (new values on every call, reproducibly) or
None (the global generator, which `kerata.utils.set_random_seed` resets).
Under `jax.jit`, pass a `SeedGenerator` kept on a layer: the global
generator cannot change state inside a trace.
"""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.ops.operation import symbolic_op
from kerata.src.random.seed_generator import SeedGenerator
from kerata.src.random.seed_generator import draw_seed


def _standardize_shape(shape: Any) -> tuple:
    if isinstance(shape, int):
        shape = (shape,)
    try:
        shape = tuple(int(d) for d in shape)
    except TypeError:
        raise ValueError(
            "`shape` must be a tuple of non-negative ints. "
            f"Received: shape={shape!r}"
        ) from None
    if any(d < 0 for d in shape):
        raise ValueError(
            "`shape` must be a tuple of non-negative ints. "
            f"Received: shape={shape}"
        )
    return shape


def _check_dtype(op: str, dtype: Any, kind: str) -> Any:
    if dtype is None:
        return None
    name = backend.standardize_dtype(dtype)
    ok = (
        backend.is_float_dtype(name)
        if kind == "float"
        else backend.is_int_dtype(name)
    )
    if not ok:
        expected = "a float" if kind == "float" else "an integer"
        raise ValueError(
            f"`kerata.random.{op}` needs {expected} `dtype`. "
            f"Received: dtype={dtype!r}"
        )
    return name


@kerata_export("kerata.random.normal")
def normal(
    shape: Any,
    mean: Any = 0.0,
    stddev: Any = 1.0,
    dtype: Any = None,
    seed: Any = None,
) -> Any:
    """Draws samples from a normal (Gaussian) distribution.

    Args:
        shape: Shape of the result.
        mean: Mean of the distribution. Defaults to `0.0`.
        stddev: Standard deviation of the distribution. Defaults to `1.0`.
        dtype: Float dtype of the result; defaults to `floatx()`.
        seed: An int, a `kerata.random.SeedGenerator`, or None (the global
            generator).

    Returns:
        A tensor of shape `shape`.

    Raises:
        ValueError: If `dtype` is not a float dtype.

    Example:

    >>> x = kerata.random.normal((2, 3), mean=1.0, seed=7)
    >>> tuple(x.shape), kerata.ops.dtype(x)
    ((2, 3), 'float32')
    >>> y = kerata.random.normal((2, 3), mean=1.0, seed=7)
    >>> to_numpy = kerata.ops.convert_to_numpy
    >>> bool((to_numpy(x) == to_numpy(y)).all())
    True
    """
    dtype = _check_dtype("normal", dtype, "float")
    return backend.random.normal(
        _standardize_shape(shape),
        mean=mean,
        stddev=stddev,
        dtype=dtype,
        seed=draw_seed(seed),
    )


@kerata_export("kerata.random.uniform")
def uniform(
    shape: Any,
    minval: Any = 0.0,
    maxval: Any = 1.0,
    dtype: Any = None,
    seed: Any = None,
) -> Any:
    """Draws samples uniformly from `[minval, maxval)`.

    Args:
        shape: Shape of the result.
        minval: Lower bound (inclusive). Defaults to `0.0`.
        maxval: Upper bound (exclusive). Defaults to `1.0`.
        dtype: Float dtype of the result; defaults to `floatx()`.
        seed: An int, a `kerata.random.SeedGenerator`, or None.

    Returns:
        A tensor of shape `shape`.

    Raises:
        ValueError: If `dtype` is not a float dtype (use `randint` for
            integers).

    Example:

    >>> x = kerata.ops.convert_to_numpy(
    ...     kerata.random.uniform((100,), minval=2.0, maxval=3.0, seed=1)
    ... )
    >>> bool((x >= 2.0).all() and (x < 3.0).all())
    True
    """
    dtype = _check_dtype("uniform", dtype, "float")
    return backend.random.uniform(
        _standardize_shape(shape),
        minval=minval,
        maxval=maxval,
        dtype=dtype,
        seed=draw_seed(seed),
    )


@kerata_export("kerata.random.randint")
def randint(
    shape: Any,
    minval: Any,
    maxval: Any,
    dtype: Any = "int32",
    seed: Any = None,
) -> Any:
    """Draws integers uniformly from `[minval, maxval)`.

    Args:
        shape: Shape of the result.
        minval: Lower bound (inclusive).
        maxval: Upper bound (exclusive).
        dtype: Integer dtype of the result. Defaults to `"int32"`.
        seed: An int, a `kerata.random.SeedGenerator`, or None.

    Returns:
        A tensor of shape `shape`.

    Raises:
        ValueError: If `dtype` is not an integer dtype.

    Example:

    >>> x = kerata.random.randint((50,), 0, 3, seed=0)
    >>> values = kerata.ops.convert_to_numpy(x).tolist()
    >>> kerata.ops.dtype(x), sorted(set(values))
    ('int32', [0, 1, 2])
    """
    dtype = _check_dtype("randint", dtype, "int") or "int32"
    return backend.random.randint(
        _standardize_shape(shape),
        minval=minval,
        maxval=maxval,
        dtype=dtype,
        seed=draw_seed(seed),
    )


@kerata_export("kerata.random.truncated_normal")
def truncated_normal(
    shape: Any,
    mean: Any = 0.0,
    stddev: Any = 1.0,
    dtype: Any = None,
    seed: Any = None,
) -> Any:
    """Draws normal samples, redrawing any beyond two standard deviations.

    Args:
        shape: Shape of the result.
        mean: Mean of the untruncated distribution. Defaults to `0.0`.
        stddev: Standard deviation of the untruncated distribution.
            Defaults to `1.0`.
        dtype: Float dtype of the result; defaults to `floatx()`.
        seed: An int, a `kerata.random.SeedGenerator`, or None.

    Returns:
        A tensor of shape `shape`, with values in
        `[mean - 2 * stddev, mean + 2 * stddev]`.

    Raises:
        ValueError: If `dtype` is not a float dtype.

    Example:

    >>> x = kerata.ops.convert_to_numpy(
    ...     kerata.random.truncated_normal((1000,), stddev=0.5, seed=3)
    ... )
    >>> bool(abs(x).max() <= 1.0)
    True
    """
    dtype = _check_dtype("truncated_normal", dtype, "float")
    return backend.random.truncated_normal(
        _standardize_shape(shape),
        mean=mean,
        stddev=stddev,
        dtype=dtype,
        seed=draw_seed(seed),
    )


def _categorical_spec(logits, num_samples, dtype="int32", seed=None):
    if len(logits.shape) != 2:
        raise ValueError(
            "`logits` must be 2D, of shape (batch_size, num_classes). "
            f"Received: logits.shape={logits.shape}"
        )
    return backend.KerasTensor(
        (logits.shape[0], num_samples), dtype=backend.standardize_dtype(dtype)
    )


@kerata_export("kerata.random.categorical")
def categorical(
    logits: Any, num_samples: int, dtype: Any = "int32", seed: Any = None
) -> Any:
    """Draws class indices from categorical distributions.

    Args:
        logits: 2D tensor `(batch_size, num_classes)` of unnormalized log
            probabilities; each row is one distribution.
        num_samples: Number of samples drawn from each row.
        dtype: Integer dtype of the result. Defaults to `"int32"`.
        seed: An int, a `kerata.random.SeedGenerator`, or None.

    Returns:
        A tensor of shape `(batch_size, num_samples)` of class indices.

    Raises:
        ValueError: If `logits` is not 2D, `num_samples` is not a positive
            int or `dtype` is not an integer dtype.

    Example:

    >>> logits = [[0.0, 100.0, 0.0], [100.0, 0.0, 0.0]]
    >>> x = kerata.random.categorical(logits, 4, seed=0)
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [[1, 1, 1, 1], [0, 0, 0, 0]]
    """
    dtype = _check_dtype("categorical", dtype, "int") or "int32"
    if isinstance(num_samples, bool) or not isinstance(num_samples, int):
        raise ValueError(
            "`num_samples` must be a positive int. "
            f"Received: num_samples={num_samples!r}"
        )
    if num_samples < 1:
        raise ValueError(
            f"`num_samples` must be a positive int. Received: {num_samples}"
        )
    return _categorical(logits, num_samples, dtype=dtype, seed=seed)


@symbolic_op(spec=_categorical_spec)
def _categorical(logits, num_samples, dtype="int32", seed=None):
    logits = backend.convert_to_tensor(logits)
    if len(logits.shape) != 2:
        raise ValueError(
            "`logits` must be 2D, of shape (batch_size, num_classes). "
            f"Received: logits.shape={tuple(logits.shape)}"
        )
    return backend.random.categorical(
        logits, num_samples, dtype=dtype, seed=draw_seed(seed)
    )


def _same_spec(x, *args, **kwargs):
    return backend.KerasTensor(x.shape, dtype=x.dtype)


def _is_unseeded(seed: Any) -> bool:
    if seed is None:
        return True
    return isinstance(seed, SeedGenerator) and seed._initial_seed is None


@kerata_export("kerata.random.dropout")
@symbolic_op(spec=_same_spec)
def dropout(
    inputs: Any, rate: Any, noise_shape: Any = None, seed: Any = None
) -> Any:
    """Randomly zeroes entries, scaling the rest by `1 / (1 - rate)`.

    The scaling keeps the expected value of each entry unchanged.

    Args:
        inputs: Input tensor.
        rate: Probability of zeroing an entry, in `[0, 1]`.
        noise_shape: Shape of the keep/drop mask, broadcast to the input's
            shape; None entries take the input's size. For example
            `(batch, 1, features)` drops the same features at every
            timestep. Defaults to the input's shape.
        seed: An int, a `kerata.random.SeedGenerator`, or None.

    Returns:
        A tensor of the input's shape and dtype.

    Raises:
        ValueError: If `rate` is outside `[0, 1]` or `noise_shape` does
            not have the input's rank.

    Example:

    >>> x = kerata.ops.ones((1000,))
    >>> y = kerata.random.dropout(x, 0.5, seed=1)
    >>> sorted(set(kerata.ops.convert_to_numpy(y).tolist()))
    [0.0, 2.0]
    """
    if isinstance(rate, (int, float)) and not 0.0 <= rate <= 1.0:
        raise ValueError(
            "`rate` must be a float in [0, 1], the fraction of entries "
            f"to drop. Received: rate={rate}"
        )
    inputs = backend.convert_to_tensor(inputs)
    if noise_shape is not None:
        noise_shape = tuple(noise_shape)
        if len(noise_shape) != len(inputs.shape):
            raise ValueError(
                "`noise_shape` must have one entry per input axis. "
                f"Received: noise_shape={noise_shape} for inputs of shape "
                f"{tuple(inputs.shape)}"
            )
    if noise_shape is None and backend.random.HAS_GLOBAL_RNG:
        if _is_unseeded(seed):
            # Unseeded: let the framework's fused dropout use its global
            # RNG (seeded by set_random_seed), as Keras does on torch.
            return backend.random.dropout(inputs, rate, seed=None)
    return backend.random.dropout(
        inputs, rate, noise_shape=noise_shape, seed=draw_seed(seed)
    )


@kerata_export("kerata.random.shuffle")
@symbolic_op(spec=_same_spec)
def shuffle(x: Any, axis: int = 0, seed: Any = None) -> Any:
    """Shuffles a tensor along one axis.

    One permutation is applied to all slices along `axis` (shuffling axis
    0 keeps each row intact and reorders the rows).

    Args:
        x: Tensor to shuffle.
        axis: Axis to shuffle along. Defaults to `0`.
        seed: An int, a `kerata.random.SeedGenerator`, or None.

    Returns:
        A tensor of the same shape and dtype as `x`.

    Raises:
        ValueError: If `axis` is out of range.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[0, 0], [1, 1], [2, 2], [3, 3]])
    >>> y = kerata.ops.convert_to_numpy(kerata.random.shuffle(x, seed=5))
    >>> sorted(y.tolist())
    [[0, 0], [1, 1], [2, 2], [3, 3]]
    """
    x = backend.convert_to_tensor(x)
    ndim = len(x.shape)
    if isinstance(axis, bool) or not isinstance(axis, int):
        raise ValueError(f"`axis` must be an int. Received: axis={axis!r}")
    if not -ndim <= axis < ndim:
        raise ValueError(
            f"`axis` is out of range for a tensor of rank {ndim}. "
            f"Received: axis={axis}"
        )
    return backend.random.shuffle(x, axis=axis % ndim, seed=draw_seed(seed))


@kerata_export("kerata.random.gamma")
def gamma(shape: Any, alpha: Any, dtype: Any = None, seed: Any = None) -> Any:
    """Draws samples from the Gamma distribution (scale 1).

    Args:
        shape: Shape of the result.
        alpha: Concentration (shape parameter), positive; a float or a
            tensor broadcastable to `shape`.
        dtype: Float dtype of the result; defaults to `floatx()`.
        seed: An int, a `kerata.random.SeedGenerator`, or None.

    Returns:
        A tensor of shape `shape` of positive values.

    Example:

    >>> x = kerata.random.gamma((4,), 2.0, seed=1)
    >>> x = kerata.ops.convert_to_numpy(x)
    >>> x.shape, bool((x > 0).all())
    ((4,), True)
    """
    dtype = _check_dtype("gamma", dtype, "float")
    return backend.random.gamma(
        _standardize_shape(shape), alpha, dtype=dtype, seed=draw_seed(seed)
    )


@kerata_export("kerata.random.binomial")
def binomial(
    shape: Any,
    counts: Any,
    probabilities: Any,
    dtype: Any = None,
    seed: Any = None,
) -> Any:
    """Draws samples from binomial distributions.

    Args:
        shape: Shape of the result.
        counts: Number of trials; a number or a tensor broadcastable to
            `shape`.
        probabilities: Success probability of each trial; a number or a
            tensor broadcastable to `shape`.
        dtype: Dtype of the result; defaults to `floatx()`.
        seed: An int, a `kerata.random.SeedGenerator`, or None.

    Returns:
        A tensor of shape `shape` holding numbers of successes.

    Example:

    >>> x = kerata.random.binomial((3,), counts=10, probabilities=1.0, seed=0)
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [10.0, 10.0, 10.0]
    """
    dtype = None if dtype is None else backend.standardize_dtype(dtype)
    return backend.random.binomial(
        _standardize_shape(shape),
        counts,
        probabilities,
        dtype=dtype,
        seed=draw_seed(seed),
    )


@kerata_export("kerata.random.beta")
def beta(
    shape: Any, alpha: Any, beta: Any, dtype: Any = None, seed: Any = None
) -> Any:
    """Draws samples from the Beta distribution.

    Args:
        shape: Shape of the result.
        alpha: First concentration, positive; a number or a tensor
            broadcastable to `shape`.
        beta: Second concentration, positive; a number or a tensor
            broadcastable to `shape`.
        dtype: Float dtype of the result; defaults to `floatx()`.
        seed: An int, a `kerata.random.SeedGenerator`, or None.

    Returns:
        A tensor of shape `shape` with values in `[0, 1]`.

    Example:

    >>> x = kerata.random.beta((5,), 2.0, 3.0, seed=4)
    >>> x = kerata.ops.convert_to_numpy(x)
    >>> x.shape, bool(((x >= 0) & (x <= 1)).all())
    ((5,), True)
    """
    dtype = _check_dtype("beta", dtype, "float")
    return backend.random.beta(
        _standardize_shape(shape),
        alpha,
        beta,
        dtype=dtype,
        seed=draw_seed(seed),
    )
