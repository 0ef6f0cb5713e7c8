"""`Discretization`: buckets continuous values into integer bins."""

from __future__ import annotations

from typing import Any

import numpy as np

from kerata.src import backend
from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.backend.common.keras_tensor import KerasTensor
from kerata.src.layers.preprocessing import _preprocessing_base as base

_OUTPUT_MODES = ("int", "one_hot", "multi_hot", "count")


@kerata_export("kerata.layers.Discretization")
class Discretization(base.PreprocessingLayer):
    """Maps each value to the index of the bin it falls in.

    Bin `i` holds the values in `[bin_boundaries[i-1], bin_boundaries[i])`;
    values below the first boundary go to bin 0 and values at or above the
    last one to bin `len(bin_boundaries)`. Give the boundaries, or give
    `num_bins` and call `adapt()` to place them at approximate quantiles
    of the data.

    Args:
        bin_boundaries: Sorted list of boundaries, or None to adapt.
        num_bins: Number of bins to learn with `adapt()`.
        epsilon: Error tolerance of the approximate quantiles (smaller
            is more exact and slower to adapt).
        output_mode: "int" (bin indices), "one_hot", "multi_hot" or
            "count" (bin encodings).
        sparse: Must be False (no sparse tensors in kerata).
        dtype: Output dtype of the encoded modes.
        name: Layer name.

    Input shape:
        Any shape.

    Output shape:
        Same as the input for "int"; with a last axis of size `num_bins`
        for the other modes (see `CategoryEncoding`).

    Example:

    >>> import numpy as np
    >>> x = np.array([[-1.5, 1.0, 3.4, 0.5], [0.0, 3.0, 1.3, 0.0]])
    >>> layer = kerata.layers.Discretization(bin_boundaries=[0.0, 1.0, 2.0])
    >>> kerata.ops.convert_to_numpy(layer(x)).tolist()
    [[0, 2, 3, 1], [1, 3, 2, 1]]
    """

    def __init__(
        self,
        bin_boundaries: Any = None,
        num_bins: int | None = None,
        epsilon: float = 0.01,
        output_mode: str = "int",
        sparse: bool = False,
        dtype: Any = None,
        name: str | None = None,
    ) -> None:
        super().__init__(name=name, dtype=dtype)
        if sparse:
            raise ValueError(
                "kerata has no sparse tensors, so `sparse` must be False. "
                f"Received: sparse={sparse}"
            )
        base.check_output_mode(output_mode, _OUTPUT_MODES, "Discretization")
        if num_bins is not None and num_bins < 0:
            raise ValueError(
                f"`num_bins` must be >= 0. Received: num_bins={num_bins}"
            )
        if num_bins is not None and bin_boundaries is not None:
            raise ValueError(
                "Pass either `num_bins` or `bin_boundaries`, not both. "
                f"Received: num_bins={num_bins}, bin_boundaries="
                f"{bin_boundaries}"
            )
        if num_bins is None and bin_boundaries is None:
            raise ValueError(
                "Discretization needs `bin_boundaries` or `num_bins` "
                "(then call adapt()). Received neither."
            )
        self.bin_boundaries = (
            None if bin_boundaries is None else list(bin_boundaries)
        )
        self.num_bins = num_bins
        self.epsilon = epsilon
        self.output_mode = output_mode
        self.sparse = sparse
        self.summary: Any = None if bin_boundaries else _empty_summary()

    @property
    def input_dtype(self) -> str:
        return backend.floatx()

    @property
    def output_dtype(self) -> str:
        return "int32" if self.output_mode == "int" else self.compute_dtype

    def adapt(self, data: Any, steps: int | None = None) -> None:
        """Learns `num_bins - 1` boundaries at quantiles of `data`.

        Args:
            data: A NumPy array, a tensor, or an iterable of batches.
            steps: Number of batches to read from an iterable (all when
                None).
        """
        if self.num_bins is None:
            raise ValueError(
                "This Discretization layer was given `bin_boundaries`, so "
                "it cannot be adapted. Create it with `num_bins` instead."
            )
        self.reset_state()
        batches = base.peek(base.iterate_batches(data), "Discretization")
        for i, batch in enumerate(batches):
            if steps is not None and i >= steps:
                break
            self.update_state(batch)
        self.finalize_state()

    def update_state(self, data: Any) -> None:
        values = base.to_numpy(data)
        if values.dtype.kind not in "biuf":
            raise TypeError(
                "Discretization.adapt() expects numeric data. Received an "
                f"array of dtype {values.dtype}."
            )
        if values.size == 0:
            raise ValueError(
                "Discretization.adapt() received empty data (shape "
                f"{values.shape}). Pass at least one value."
            )
        summary = _summarize(values.astype("float32"), self.epsilon)
        self.summary = _merge(summary, self.summary, self.epsilon)

    def finalize_state(self) -> None:
        if self.num_bins is None:
            return
        boundaries = _compress(self.summary, 1.0 / self.num_bins)[0, :-1]
        self.bin_boundaries = boundaries.tolist()

    def reset_state(self) -> None:
        if self.num_bins is not None:
            self.summary = _empty_summary()

    def call(self, inputs: Any) -> Any:
        if self.bin_boundaries is None:
            raise ValueError(
                "Discretization has no bin boundaries yet: pass "
                "`bin_boundaries` or call adapt(data) before using it."
            )
        indices = ops.digitize(inputs, self.bin_boundaries)
        return base.encode_categorical(
            indices,
            self.output_mode,
            len(self.bin_boundaries) + 1,
            self.output_dtype,
        )

    def _depth(self) -> Any:
        if self.bin_boundaries is not None:
            return len(self.bin_boundaries) + 1
        return self.num_bins

    def compute_output_shape(self, input_shape: Any) -> tuple:
        return base.encoded_shape(input_shape, self.output_mode, self._depth())

    def compute_output_spec(self, inputs: Any) -> KerasTensor:
        shape = self.compute_output_shape(inputs.shape)
        return KerasTensor(shape, dtype=self.output_dtype)

    def load_own_variables(self, store: Any) -> None:
        # Keras has no variables here; it reads back a stored summary when
        # one is present.
        if len(store) == 1:
            self.summary = np.asarray(store["0"])

    def save_own_variables(self, store: Any) -> None:
        """Nothing to save: the boundaries are part of the config."""

    def get_config(self) -> dict:
        return {
            "bin_boundaries": self.bin_boundaries,
            "num_bins": self.num_bins,
            "epsilon": self.epsilon,
            "output_mode": self.output_mode,
            "sparse": self.sparse,
            "name": self.name,
            "dtype": self.dtype,
        }

    @classmethod
    def from_config(cls, config: dict) -> Discretization:
        config = dict(config)
        # An adapted layer has both: rebuild from `num_bins`, then restore
        # the learned boundaries.
        boundaries = None
        if (
            config.get("bin_boundaries") is not None
            and config.get("num_bins") is not None
        ):
            boundaries = config.pop("bin_boundaries")
        layer = super().from_config(config)
        if boundaries is not None:
            layer.bin_boundaries = list(boundaries)
        return layer


def _empty_summary() -> np.ndarray:
    return np.zeros((2, 0), dtype="float32")


def _summarize(values: np.ndarray, epsilon: float) -> np.ndarray:
    """A `(2, n)` summary of `values`: every `step`-th sorted value
    (row 0) with the number of values it stands for (row 1)."""
    values = np.sort(values.reshape(-1))
    # Written as Keras writes it, so the float rounding is the same.
    step = max(values.size / (1.0 / epsilon), 1)
    points = values[int(step - 1) :: int(step)]
    weights = np.ones_like(points) * step
    return np.stack([points, weights])


def _merge(first: np.ndarray, second: np.ndarray, epsilon: float) -> Any:
    merged = np.concatenate((first, second), axis=1)
    merged = np.take(merged, np.argsort(merged[0]), axis=1)
    return _compress(merged, epsilon)


def _compress(summary: np.ndarray, epsilon: float) -> np.ndarray:
    """Resamples a summary at `1 / epsilon` evenly spaced quantiles of
    its cumulative weight (linear interpolation)."""
    if summary.shape[1] * epsilon < 1:
        return summary
    targets = epsilon + np.arange(0.0, 1.0, epsilon)
    cumulative = summary[1].cumsum()
    fractions = cumulative / cumulative[-1]
    points = np.interp(targets, fractions, summary[0])
    cumulative = np.interp(targets, fractions, cumulative)
    weights = np.diff(cumulative, prepend=0.0)
    return np.stack((points, weights)).astype("float32")
