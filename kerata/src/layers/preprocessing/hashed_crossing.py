"""`HashedCrossing`: hashes the combination of categorical features."""

from __future__ import annotations

from typing import Any

import numpy as np

from kerata.src.api_export import kerata_export
from kerata.src.backend.common.keras_tensor import KerasTensor
from kerata.src.layers.preprocessing import _hash_functions
from kerata.src.layers.preprocessing import _preprocessing_base as base

# The default key of TensorFlow's `sparse.cross_hashed`, used by Keras.
_CROSS_HASH_KEY = 0xDECAFCAFFE


@kerata_export("kerata.layers.HashedCrossing")
class HashedCrossing(base.PreprocessingLayer):
    """Crosses two or more categorical features by hashing.

    Each sample's tuple of feature values is hashed into one of
    `num_bins` bins, so a model can learn from combinations such as
    (city, weekday) without a vocabulary of all pairs. Bins equal
    Keras's (TensorFlow's `sparse.cross_hashed`): strings are hashed with
    FarmHash64, integers enter as their value.

    Args:
        num_bins: Number of hash bins.
        output_mode: "int" (bin indices) or "one_hot".
        sparse: Must be False (no sparse tensors in kerata).
        name: Layer name.
        dtype: Output dtype; "int64" for "int" output by default.
        **kwargs: Other base layer arguments.

    Call arguments:
        inputs: A list or tuple of at least two features of equal shape,
            `()`, `(batch_size,)` or `(batch_size, 1)`, each integer or
            string.

    Example:

    >>> import numpy as np
    >>> layer = kerata.layers.HashedCrossing(num_bins=5)
    >>> feat1 = np.array(["A", "B", "A", "B", "A"])
    >>> feat2 = np.array([101, 101, 101, 102, 102])
    >>> kerata.ops.convert_to_numpy(layer((feat1, feat2))).tolist()
    [1, 4, 1, 1, 3]
    """

    # Computes on the host with NumPy: not inside a compiled step.
    supports_jit = False

    def __init__(
        self,
        num_bins: int,
        output_mode: str = "int",
        sparse: bool = False,
        name: str | None = None,
        dtype: Any = None,
        **kwargs: Any,
    ) -> None:
        if output_mode == "int" and dtype is None:
            dtype = "int64"
        super().__init__(name=name, dtype=dtype, **kwargs)
        if sparse:
            raise ValueError(
                "kerata has no sparse tensors, so `sparse` must be False. "
                f"Received: sparse={sparse}"
            )
        base.check_output_mode(
            output_mode, ("int", "one_hot"), "HashedCrossing"
        )
        if num_bins is None or num_bins <= 0:
            raise ValueError(
                "`num_bins` of HashedCrossing must be a positive int. "
                f"Received: num_bins={num_bins}"
            )
        self.num_bins = num_bins
        self.output_mode = output_mode
        self.sparse = sparse

    def call(self, inputs: Any) -> Any:
        features = self._check_inputs(inputs)
        shape = features[0].shape
        columns = [self._fingerprints(f.reshape(-1)) for f in features]
        crossed = np.empty(len(columns[0]), dtype="int64")
        for row in range(len(crossed)):
            digest = _CROSS_HASH_KEY
            for column in columns:
                digest = _hash_functions.fingerprint_cat64(digest, column[row])
            crossed[row] = digest % self.num_bins
        return base.encode_categorical(
            crossed.reshape(shape), self.output_mode, self.num_bins, self.dtype
        )

    @staticmethod
    def _fingerprints(values: np.ndarray) -> list:
        if values.dtype.kind in "iu":
            # TensorFlow crosses an int64 feature by its two's complement.
            return [int(v) & ((1 << 64) - 1) for v in values.tolist()]
        return [
            _hash_functions.fingerprint64(_hash_functions.as_hash_string(v))
            for v in values.tolist()
        ]

    def _check_inputs(self, inputs: Any) -> list:
        if not isinstance(inputs, (list, tuple)) or len(inputs) < 2:
            raise ValueError(
                "HashedCrossing must be called on a list or tuple of at "
                f"least two features. Received: {inputs!r}"
            )
        features = [base.to_numpy(x) for x in inputs]
        shape = features[0].shape
        if len(shape) > 2 or (len(shape) == 2 and shape[-1] != 1):
            raise ValueError(
                "HashedCrossing features must have shape (), (batch_size,) "
                f"or (batch_size, 1). Received shape {shape}."
            )
        for f in features:
            if f.shape != shape:
                raise ValueError(
                    "HashedCrossing features must all have the same shape. "
                    f"Received shapes {[x.shape for x in features]}."
                )
            if f.dtype.kind not in "iu" and not base.is_string_array(f):
                raise ValueError(
                    "HashedCrossing features must be integers or strings. "
                    f"Received a feature of dtype {f.dtype}."
                )
        return features

    def compute_output_shape(self, input_shape: Any) -> tuple:
        if (
            not isinstance(input_shape, (list, tuple))
            or len(input_shape) < 2
            or not all(isinstance(s, (list, tuple)) for s in input_shape)
        ):
            raise ValueError(
                "HashedCrossing expects a list or tuple of at least two "
                f"inputs. Received input_shape={input_shape}"
            )
        first = tuple(input_shape[0])
        if self.output_mode == "int":
            return first
        if not first:
            return (self.num_bins,)
        if first[-1] != 1:
            return first + (self.num_bins,)
        return first[:-1] + (self.num_bins,)

    def compute_output_spec(self, inputs: Any) -> KerasTensor:
        shapes = [tuple(x.shape) for x in inputs]
        return KerasTensor(self.compute_output_shape(shapes), dtype=self.dtype)

    def get_config(self) -> dict:
        return {
            "num_bins": self.num_bins,
            "output_mode": self.output_mode,
            "sparse": self.sparse,
            "name": self.name,
            "dtype": self.dtype,
        }
