"""Initializers that draw random values.

As in Keras 3, an instance draws the same values on every call: an int
`seed` fixes them, and an instance made without a seed picks one int
seed when constructed (from Python's `random`, which
`kerata.utils.set_random_seed` seeds). Pass a `kerata.random.SeedGenerator`
as `seed` to draw new values on each call.
"""

from __future__ import annotations

import math
from typing import Any

from kerata.src import backend
from kerata.src import ops
from kerata.src import random
from kerata.src.activations import _serialization
from kerata.src.api_export import kerata_export
from kerata.src.initializers.initializer import Initializer
from kerata.src.random.seed_generator import make_default_seed

# Standard deviation of a unit normal truncated to [-2, 2]; dividing by it
# gives a truncated normal the requested standard deviation.
_TRUNCATED_NORMAL_STDDEV = 0.87962566103423978


class RandomInitializer(Initializer):
    """Base of the seeded initializers: holds and serializes `seed`."""

    def __init__(self, seed: Any = None) -> None:
        self._init_seed = seed
        if seed is None:
            seed = make_default_seed()
        elif isinstance(seed, dict):
            seed = _serialization.deserialize_object(
                seed, {"SeedGenerator": random.SeedGenerator}, None, "seed"
            )
        elif not isinstance(seed, (int, random.SeedGenerator)):
            raise ValueError(
                "`seed` must be an int, a kerata.random.SeedGenerator or "
                f"None. Received: seed={seed!r}"
            )
        self.seed = seed

    def get_config(self) -> dict:
        seed = self._init_seed
        if isinstance(seed, random.SeedGenerator):
            seed = _serialization.serialize_object(seed)
        return {"seed": seed}


@kerata_export(
    "kerata.initializers.RandomNormal", "kerata.initializers.random_normal"
)
class RandomNormal(RandomInitializer):
    """Draws from a normal distribution `N(mean, stddev**2)`.

    Args:
        mean: Mean of the values. Defaults to `0.0`.
        stddev: Standard deviation of the values. Defaults to `0.05`.
        seed: An int, a `kerata.random.SeedGenerator` or None (see the
            module notes: one instance gives the same values on each call
            unless seeded with a SeedGenerator).

    Example:

    >>> init = kerata.initializers.RandomNormal(stddev=1.0, seed=1)
    >>> tuple(init((2, 3)).shape)
    (2, 3)
    """

    def __init__(
        self, mean: float = 0.0, stddev: float = 0.05, seed: Any = None
    ) -> None:
        self.mean = mean
        self.stddev = stddev
        super().__init__(seed=seed)

    def __call__(self, shape: Any, dtype: Any = None) -> Any:
        return random.normal(
            shape,
            mean=self.mean,
            stddev=self.stddev,
            dtype=dtype,
            seed=self.seed,
        )

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "mean": self.mean,
            "stddev": self.stddev,
        }


@kerata_export(
    "kerata.initializers.TruncatedNormal",
    "kerata.initializers.truncated_normal",
)
class TruncatedNormal(RandomInitializer):
    """Draws from a normal distribution, redrawing values more than two
    standard deviations from the mean.

    Args:
        mean: Mean of the values. Defaults to `0.0`.
        stddev: Standard deviation before truncation. Defaults to `0.05`.
        seed: An int, a `kerata.random.SeedGenerator` or None.

    Example:

    >>> init = kerata.initializers.TruncatedNormal(seed=1)
    >>> x = kerata.ops.convert_to_numpy(init((100,)))
    >>> bool(abs(x).max() <= 0.1)
    True
    """

    def __init__(
        self, mean: float = 0.0, stddev: float = 0.05, seed: Any = None
    ) -> None:
        self.mean = mean
        self.stddev = stddev
        super().__init__(seed=seed)

    def __call__(self, shape: Any, dtype: Any = None) -> Any:
        return random.truncated_normal(
            shape,
            mean=self.mean,
            stddev=self.stddev,
            dtype=dtype,
            seed=self.seed,
        )

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "mean": self.mean,
            "stddev": self.stddev,
        }


@kerata_export(
    "kerata.initializers.RandomUniform", "kerata.initializers.random_uniform"
)
class RandomUniform(RandomInitializer):
    """Draws from a uniform distribution on `[minval, maxval)`.

    Args:
        minval: Lower bound (inclusive). Defaults to `-0.05`.
        maxval: Upper bound (exclusive). Defaults to `0.05`.
        seed: An int, a `kerata.random.SeedGenerator` or None.

    Example:

    >>> init = kerata.initializers.RandomUniform(0.0, 1.0, seed=1)
    >>> x = kerata.ops.convert_to_numpy(init((100,)))
    >>> bool(x.min() >= 0.0 and x.max() < 1.0)
    True
    """

    def __init__(
        self, minval: float = -0.05, maxval: float = 0.05, seed: Any = None
    ) -> None:
        self.minval = minval
        self.maxval = maxval
        super().__init__(seed=seed)

    def __call__(self, shape: Any, dtype: Any = None) -> Any:
        return random.uniform(
            shape,
            minval=self.minval,
            maxval=self.maxval,
            dtype=dtype,
            seed=self.seed,
        )

    def get_config(self) -> dict:
        config = {"minval": self.minval, "maxval": self.maxval}
        return {**super().get_config(), **config}


def compute_fans(
    shape: Any, input_axes: Any = None, output_axes: Any = None
) -> tuple[int, int]:
    """Returns `(fan_in, fan_out)` of a weight shape.

    A matrix `(in, out)` has fans `in` and `out`; a convolution kernel
    `(*spatial, in, out)` multiplies both by the receptive field size
    `prod(spatial)`. `input_axes`/`output_axes`, when both given, name the
    axes whose sizes multiply into each fan instead.
    """
    shape = tuple(int(d) for d in shape)
    if input_axes is not None and output_axes is not None:
        fan_in = math.prod(shape[axis] for axis in input_axes)
        fan_out = math.prod(shape[axis] for axis in output_axes)
        return fan_in, fan_out
    if not shape:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive_field = math.prod(shape[:-2])
    return shape[-2] * receptive_field, shape[-1] * receptive_field


@kerata_export(
    "kerata.initializers.VarianceScaling",
    "kerata.initializers.variance_scaling",
)
class VarianceScaling(RandomInitializer):
    """Draws values whose variance is `scale / n`, `n` being a fan of the
    weight shape.

    `n` is `fan_in`, `fan_out` or their mean, per `mode` (see
    `compute_fans`: convolution kernels count their receptive field).
    `"truncated_normal"` draws from a normal truncated at two standard
    deviations, rescaled so that its standard deviation is
    `sqrt(scale / n)`; `"untruncated_normal"` from a plain normal;
    `"uniform"` from `[-limit, limit]` with `limit = sqrt(3 * scale / n)`.

    Args:
        scale: Positive scaling factor. Defaults to `1.0`.
        mode: `"fan_in"` (default), `"fan_out"` or `"fan_avg"`.
        distribution: `"truncated_normal"` (default; `"normal"` is an
            alias), `"untruncated_normal"` or `"uniform"`.
        seed: An int, a `kerata.random.SeedGenerator` or None.
        input_axes: Optional list of axes whose sizes make `fan_in`.
        output_axes: Optional list of axes whose sizes make `fan_out`.

    Example:

    >>> init = kerata.initializers.VarianceScaling(
    ...     scale=0.1, mode="fan_in", distribution="uniform", seed=1)
    >>> tuple(init((4, 5)).shape)
    (4, 5)
    """

    def __init__(
        self,
        scale: float = 1.0,
        mode: str = "fan_in",
        distribution: str = "truncated_normal",
        seed: Any = None,
        input_axes: Any = None,
        output_axes: Any = None,
    ) -> None:
        if not scale > 0.0:
            raise ValueError(
                f"`scale` must be a positive float. Received: scale={scale}"
            )
        if mode not in ("fan_in", "fan_out", "fan_avg"):
            raise ValueError(
                "`mode` must be one of 'fan_in', 'fan_out', 'fan_avg'. "
                f"Received: mode={mode!r}"
            )
        distribution = str(distribution).lower()
        if distribution == "normal":
            distribution = "truncated_normal"
        if distribution not in (
            "truncated_normal",
            "untruncated_normal",
            "uniform",
        ):
            raise ValueError(
                "`distribution` must be one of 'truncated_normal', "
                "'untruncated_normal', 'uniform'. Received: "
                f"distribution={distribution!r}"
            )
        self.scale = scale
        self.mode = mode
        self.distribution = distribution
        self.input_axes = input_axes
        self.output_axes = output_axes
        super().__init__(seed=seed)

    def __call__(self, shape: Any, dtype: Any = None) -> Any:
        fan_in, fan_out = compute_fans(shape, self.input_axes, self.output_axes)
        fan = {
            "fan_in": fan_in,
            "fan_out": fan_out,
            "fan_avg": (fan_in + fan_out) / 2.0,
        }[self.mode]
        variance = self.scale / max(1.0, fan)
        if self.distribution == "uniform":
            limit = math.sqrt(3.0 * variance)
            return random.uniform(
                shape, minval=-limit, maxval=limit, dtype=dtype, seed=self.seed
            )
        stddev = math.sqrt(variance)
        if self.distribution == "untruncated_normal":
            return random.normal(
                shape, stddev=stddev, dtype=dtype, seed=self.seed
            )
        return random.truncated_normal(
            shape,
            stddev=stddev / _TRUNCATED_NORMAL_STDDEV,
            dtype=dtype,
            seed=self.seed,
        )

    def get_config(self) -> dict:
        config = {
            "scale": self.scale,
            "mode": self.mode,
            "distribution": self.distribution,
            "input_axes": self.input_axes,
            "output_axes": self.output_axes,
        }
        return {**super().get_config(), **config}


class _FixedVarianceScaling(VarianceScaling):
    """A VarianceScaling preset: only the seed and axes are arguments."""

    _scale = 1.0
    _mode = "fan_in"
    _distribution = "truncated_normal"

    def __init__(
        self, seed: Any = None, input_axes: Any = None, output_axes: Any = None
    ) -> None:
        super().__init__(
            scale=self._scale,
            mode=self._mode,
            distribution=self._distribution,
            seed=seed,
            input_axes=input_axes,
            output_axes=output_axes,
        )

    def get_config(self) -> dict:
        config = super().get_config()
        keys = ("seed", "input_axes", "output_axes")
        return {key: config[key] for key in keys}


@kerata_export(
    "kerata.initializers.GlorotUniform", "kerata.initializers.glorot_uniform"
)
class GlorotUniform(_FixedVarianceScaling):
    """Glorot (Xavier) uniform: `U(-limit, limit)` with
    `limit = sqrt(6 / (fan_in + fan_out))` (Glorot & Bengio, 2010).

    The default kernel initializer of most layers.

    Args:
        seed: An int, a `kerata.random.SeedGenerator` or None.
        input_axes: Optional list of axes whose sizes make `fan_in`.
        output_axes: Optional list of axes whose sizes make `fan_out`.

    Example:

    >>> x = kerata.initializers.GlorotUniform(seed=1)((3, 3))
    >>> bool(abs(kerata.ops.convert_to_numpy(x)).max() <= 1.0)
    True
    """

    _mode = "fan_avg"
    _distribution = "uniform"


@kerata_export(
    "kerata.initializers.GlorotNormal", "kerata.initializers.glorot_normal"
)
class GlorotNormal(_FixedVarianceScaling):
    """Glorot (Xavier) normal: truncated normal with standard deviation
    `sqrt(2 / (fan_in + fan_out))` (Glorot & Bengio, 2010).

    Args:
        seed: An int, a `kerata.random.SeedGenerator` or None.
        input_axes: Optional list of axes whose sizes make `fan_in`.
        output_axes: Optional list of axes whose sizes make `fan_out`.

    Example:

    >>> tuple(kerata.initializers.GlorotNormal(seed=1)((3, 4)).shape)
    (3, 4)
    """

    _mode = "fan_avg"


@kerata_export(
    "kerata.initializers.LecunNormal", "kerata.initializers.lecun_normal"
)
class LecunNormal(_FixedVarianceScaling):
    """LeCun normal: truncated normal with standard deviation
    `sqrt(1 / fan_in)`; the initializer to pair with `selu`.

    Args:
        seed: An int, a `kerata.random.SeedGenerator` or None.
        input_axes: Optional list of axes whose sizes make `fan_in`.
        output_axes: Optional list of axes whose sizes make `fan_out`.

    Example:

    >>> tuple(kerata.initializers.LecunNormal(seed=1)((3, 4)).shape)
    (3, 4)
    """


@kerata_export(
    "kerata.initializers.LecunUniform", "kerata.initializers.lecun_uniform"
)
class LecunUniform(_FixedVarianceScaling):
    """LeCun uniform: `U(-limit, limit)` with `limit = sqrt(3 / fan_in)`.

    Args:
        seed: An int, a `kerata.random.SeedGenerator` or None.
        input_axes: Optional list of axes whose sizes make `fan_in`.
        output_axes: Optional list of axes whose sizes make `fan_out`.

    Example:

    >>> tuple(kerata.initializers.LecunUniform(seed=1)((3, 4)).shape)
    (3, 4)
    """

    _distribution = "uniform"


@kerata_export("kerata.initializers.HeNormal", "kerata.initializers.he_normal")
class HeNormal(_FixedVarianceScaling):
    """He normal: truncated normal with standard deviation
    `sqrt(2 / fan_in)`, suited to ReLU networks (He et al., 2015).

    Args:
        seed: An int, a `kerata.random.SeedGenerator` or None.
        input_axes: Optional list of axes whose sizes make `fan_in`.
        output_axes: Optional list of axes whose sizes make `fan_out`.

    Example:

    >>> tuple(kerata.initializers.HeNormal(seed=1)((3, 4)).shape)
    (3, 4)
    """

    _scale = 2.0


@kerata_export(
    "kerata.initializers.HeUniform", "kerata.initializers.he_uniform"
)
class HeUniform(_FixedVarianceScaling):
    """He uniform: `U(-limit, limit)` with `limit = sqrt(6 / fan_in)`.

    Args:
        seed: An int, a `kerata.random.SeedGenerator` or None.
        input_axes: Optional list of axes whose sizes make `fan_in`.
        output_axes: Optional list of axes whose sizes make `fan_out`.

    Example:

    >>> tuple(kerata.initializers.HeUniform(seed=1)((3, 4)).shape)
    (3, 4)
    """

    _scale = 2.0
    _distribution = "uniform"


@kerata_export(
    "kerata.initializers.Orthogonal",
    "kerata.initializers.orthogonal",
    "kerata.initializers.OrthogonalInitializer",
)
class Orthogonal(RandomInitializer):
    """Draws a random orthogonal matrix (times `gain`).

    A shape `(*leading, n)` is treated as a matrix of
    `prod(leading)` rows and `n` columns: its rows are orthonormal when
    there are fewer rows than columns, its columns otherwise. The matrix
    comes from the QR decomposition of a normal random matrix, with signs
    fixed so that the result is uniformly distributed (Saxe et al., 2014).

    Args:
        gain: Factor applied to the orthogonal matrix. Defaults to `1.0`.
        seed: An int, a `kerata.random.SeedGenerator` or None.

    Example:

    >>> import numpy as np
    >>> q = kerata.initializers.Orthogonal(seed=1)((3, 3))
    >>> eye = kerata.ops.matmul(kerata.ops.transpose(q), q)
    >>> bool(abs(kerata.ops.convert_to_numpy(eye) - np.eye(3)).max() < 1e-5)
    True
    """

    def __init__(self, gain: float = 1.0, seed: Any = None) -> None:
        self.gain = gain
        super().__init__(seed=seed)

    def __call__(self, shape: Any, dtype: Any = None) -> Any:
        if len(shape) < 2:
            raise ValueError(
                "Orthogonal initializes tensors of rank 2 or more. "
                f"Received: shape={tuple(shape)} of rank {len(shape)}."
            )
        dtype = backend.standardize_dtype(dtype)
        num_rows = math.prod(shape[:-1])
        num_cols = shape[-1]
        # QR needs float32 or float64; half precision is cast at the end.
        work_dtype = "float64" if dtype == "float64" else "float32"
        flat_shape = (max(num_rows, num_cols), min(num_rows, num_cols))
        a = random.normal(flat_shape, dtype=work_dtype, seed=self.seed)
        q, r = ops.qr(a)  # q: (max, min), orthonormal columns
        q = ops.multiply(q, ops.sign(ops.diag(r)))
        if num_rows < num_cols:
            q = ops.transpose(q)
        q = ops.reshape(q, shape)
        if self.gain != 1:
            q = ops.multiply(q, self.gain)
        return ops.cast(q, dtype)

    def get_config(self) -> dict:
        return {**super().get_config(), "gain": self.gain}
