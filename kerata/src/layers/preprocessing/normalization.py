"""`Normalization`: shifts and scales features to zero mean, unit variance."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from kerata.src import backend
from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.backend.common.keras_tensor import KerasTensor
from kerata.src.layers.preprocessing import _preprocessing_base as base


@kerata_export("kerata.layers.Normalization")
class Normalization(base.PreprocessingLayer):
    """Normalizes inputs feature by feature: `(x - mean) / sqrt(var)`.

    The mean and variance are either given or learned from data with
    `adapt()`, one per position along `axis` (the other axes are reduced).
    They are non-trainable weights, so an adapted layer saves and loads
    with the model. With `invert=True` the layer undoes the normalization
    (`mean + x * sqrt(var)`), e.g. to map predictions back to the scale of
    the targets.

    Args:
        axis: Int, tuple of ints or None: the axes that keep their own
            statistics (default -1, the feature axis). None means one
            scalar mean and variance for the whole input.
        mean: Mean to use instead of `adapt()`; a scalar or an array that
            broadcasts to the kept axes. Needs `variance`.
        variance: Variance to use instead of `adapt()`; same shape as
            `mean`.
        invert: Whether to apply the inverse transformation.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Input shape:
        Any shape; the kept axes must be known.

    Output shape:
        Same as the input.

    Example:

    >>> import numpy as np
    >>> layer = kerata.layers.Normalization(axis=None)
    >>> layer.adapt(np.array([1.0, 2.0, 3.0]))
    >>> out = layer(np.array([[1.0], [3.0]]))
    >>> [round(float(v), 4) for v in kerata.ops.convert_to_numpy(out)[:, 0]]
    [-1.2247, 1.2247]
    """

    def __init__(
        self,
        axis: Any = -1,
        mean: Any = None,
        variance: Any = None,
        invert: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if axis is None:
            axis = ()
        elif isinstance(axis, int):
            axis = (axis,)
        else:
            axis = tuple(axis)
        self.axis = axis
        self.input_mean = mean
        self.input_variance = variance
        self.invert = invert
        self.supports_masking = True
        self._build_input_shape: Any = None
        if (mean is None) != (variance is None):
            raise ValueError(
                "Normalization needs both `mean` and `variance`, or "
                f"neither. Received: mean={mean}, variance={variance}"
            )
        if mean is not None:
            if np.shape(mean) != np.shape(variance):
                raise ValueError(
                    "`mean` and `variance` must have the same shape. "
                    f"Received: mean shape {np.shape(mean)}, variance "
                    f"shape {np.shape(variance)}"
                )
            if len(np.shape(mean)) > len(self.axis):
                raise ValueError(
                    "The rank of `mean` must be at most the number of "
                    f"kept axes ({len(self.axis)}). Received: mean shape "
                    f"{np.shape(mean)} for axis={self.axis}"
                )

    def build(self, input_shape: Any = None) -> None:
        if input_shape is None:
            return
        input_shape = tuple(input_shape)
        ndim = len(input_shape)
        if any(a < -ndim or a >= ndim for a in self.axis):
            raise ValueError(
                f"Every `axis` must be in [-{ndim}, {ndim}) for inputs of "
                f"rank {ndim}. Received: axis={self.axis}, input shape "
                f"{input_shape}"
            )
        self._build_input_shape = input_shape
        keep = tuple(sorted(a % ndim for a in self.axis))
        for a in keep:
            if input_shape[a] is None:
                raise ValueError(
                    "The kept axes of Normalization must have a known size. "
                    f"Received: axis={self.axis}, input shape {input_shape} "
                    f"(axis {a} is unknown)"
                )
        self._keep_axis = keep
        self._reduce_axis = tuple(d for d in range(ndim) if d not in keep)
        self._broadcast_shape = tuple(
            input_shape[d] if d in keep else 1 for d in range(ndim)
        )
        stats_shape = tuple(input_shape[d] for d in keep)
        self._mean_and_var_shape = stats_shape
        if self.input_mean is None:
            self.adapt_mean = self.add_weight(
                name="mean",
                shape=stats_shape,
                initializer="zeros",
                trainable=False,
            )
            self.adapt_variance = self.add_weight(
                name="variance",
                shape=stats_shape,
                initializer="ones",
                trainable=False,
            )
            self.count = self.add_weight(
                name="count",
                shape=(),
                dtype="int",
                initializer="zeros",
                trainable=False,
            )
        else:
            self._fixed_mean = self._broadcast_given(self.input_mean)
            self._fixed_variance = self._broadcast_given(self.input_variance)
        self.built = True

    def _broadcast_given(self, value: Any) -> np.ndarray:
        """A given mean or variance, aligned with the kept axes (from the
        right) and broadcast to the input's rank."""
        value = np.asarray(value, dtype=self.compute_dtype)
        expanded = [1] * len(self._broadcast_shape)
        for i in range(1, value.ndim + 1):
            expanded[self._keep_axis[-i]] = value.shape[-i]
        value = value.reshape(expanded)
        return np.broadcast_to(value, self._broadcast_shape)

    def adapt(self, data: Any) -> None:
        """Computes the mean and variance of `data` along the reduced axes.

        Args:
            data: A NumPy array, a backend tensor, or an iterable of
                batches (arrays or tensors; `(x, y)` tuples use `x`).
        """
        if self.input_mean is not None:
            raise ValueError(
                "Normalization was given `mean` and `variance`, so it "
                "cannot be adapted. Create it without them to use adapt()."
            )
        if isinstance(data, np.ndarray) or backend.is_tensor(data):
            batches: Any = [data]
        elif hasattr(data, "__iter__"):
            batches = base.peek(
                base.iterate_batches(iter(data)), "Normalization"
            )
        else:
            raise TypeError(
                "Normalization.adapt() expects a NumPy array, a tensor or an "
                f"iterable of batches. Received: {type(data).__name__}"
            )
        total_mean: Any = None
        total_var: Any = None
        total_count = 0
        for batch in batches:
            batch = base.to_numpy(batch)
            if batch.dtype.kind not in "biuf":
                raise TypeError(
                    "Normalization.adapt() expects numeric data. Received "
                    f"an array of dtype {batch.dtype}."
                )
            if batch.size == 0:
                raise ValueError(
                    "Normalization.adapt() received empty data (shape "
                    f"{batch.shape}). Pass at least one sample."
                )
            self._check_adapt_shape(batch.shape)
            batch = batch.astype("float64")
            mean = batch.mean(axis=self._reduce_axis)
            var = batch.var(axis=self._reduce_axis)
            count = math.prod(batch.shape[d] for d in self._reduce_axis)
            if total_mean is None:
                total_mean, total_var, total_count = mean, var, count
                continue
            # Chan et al.'s pairwise merge of two sets' mean and variance.
            new_count = total_count + count
            weight = count / new_count
            new_mean = total_mean * (1 - weight) + mean * weight
            total_var = (total_var + (total_mean - new_mean) ** 2) * (
                1 - weight
            ) + (var + (mean - new_mean) ** 2) * weight
            total_mean, total_count = new_mean, new_count
        self.adapt_mean.assign(total_mean.astype(self.adapt_mean.dtype))
        self.adapt_variance.assign(total_var.astype(self.adapt_mean.dtype))
        self.count.assign(np.asarray(total_count, dtype=self.count.dtype))

    def _check_adapt_shape(self, shape: tuple) -> None:
        if not self.built:
            self.build(shape)
            return
        expected: Any = self._build_input_shape
        if len(shape) != len(expected) or any(
            shape[d] != expected[d] for d in self._keep_axis
        ):
            raise ValueError(
                f"Normalization was built for inputs of shape {expected}, "
                f"but adapt() received data of shape {tuple(shape)}."
            )

    def finalize_state(self) -> None:
        """Kept for Keras compatibility: statistics are read from the
        weights at every call, so there is nothing to finalize."""

    def _statistics(self) -> tuple:
        if self.input_mean is not None:
            return self._fixed_mean, self._fixed_variance
        shape = self._broadcast_shape
        mean = ops.reshape(self.adapt_mean, shape)
        variance = ops.reshape(self.adapt_variance, shape)
        return mean, variance

    def call(self, inputs: Any) -> Any:
        if not self.built or self._build_input_shape is None:
            raise ValueError(
                "Normalization must be built before it is called: call "
                "adapt(data) or build(input_shape) first, or pass `mean` "
                "and `variance`."
            )
        inputs = ops.cast(inputs, self.compute_dtype)
        mean, variance = self._statistics()
        mean = ops.cast(mean, self.compute_dtype)
        scale = ops.maximum(
            ops.sqrt(ops.cast(variance, self.compute_dtype)),
            backend.epsilon(),
        )
        if self.invert:
            return ops.add(mean, ops.multiply(inputs, scale))
        return ops.divide(ops.subtract(inputs, mean), scale)

    def compute_output_shape(self, input_shape: Any) -> Any:
        return tuple(input_shape)

    def compute_output_spec(self, inputs: Any) -> KerasTensor:
        return KerasTensor(tuple(inputs.shape), dtype=self.compute_dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "axis": self.axis,
                "invert": self.invert,
                "mean": np.array(self.input_mean).tolist(),
                "variance": np.array(self.input_variance).tolist(),
            }
        )
        return config

    @classmethod
    def from_config(cls, config: dict) -> Normalization:
        config = dict(config)
        if isinstance(config.get("axis"), list):
            config["axis"] = tuple(config["axis"])
        return super().from_config(config)

    def get_build_config(self) -> dict | None:
        if self._build_input_shape:
            return {"input_shape": self._build_input_shape}
        return None

    def build_from_config(self, config: dict) -> None:
        if config:
            self.build(config["input_shape"])
