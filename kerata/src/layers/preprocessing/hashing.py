"""`Hashing`: hashes strings or integers into a fixed number of bins."""

from __future__ import annotations

from typing import Any

import numpy as np

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.backend.common.keras_tensor import KerasTensor
from kerata.src.layers.preprocessing import _hash_functions
from kerata.src.layers.preprocessing import _preprocessing_base as base

_OUTPUT_MODES = ("int", "one_hot", "multi_hot", "count")


@kerata_export("kerata.layers.Hashing")
class Hashing(base.PreprocessingLayer):
    """Hashes categorical features (strings or integers) into bins.

    The bin of a value is `hash(value) % num_bins`, with FarmHash64 by
    default, or SipHash64 keyed by `salt` when one is given (a keyed hash
    resists inputs crafted to collide). Integers and floats (truncated to
    integers) are hashed as their decimal text, so results equal Keras's
    bin for bin.

    Args:
        num_bins: Number of bins, including the mask bin when
            `mask_value` is set.
        mask_value: Value that maps to bin 0 (then the other values hash
            into bins `1 .. num_bins - 1`). None for no mask.
        salt: None, an int, or a pair of ints: the SipHash key (an int
            `s` means `(s, s)`).
        output_mode: "int" (bin indices), "one_hot", "multi_hot" or
            "count" (bin encodings, as in `CategoryEncoding`).
        sparse: Must be False (no sparse tensors in kerata).
        **kwargs: Base layer arguments (`name`, `dtype`, ...). The dtype
            defaults to "int64" for "int" output and floatx otherwise.

    Example:

    >>> layer = kerata.layers.Hashing(num_bins=3)
    >>> out = layer([["A"], ["B"], ["C"], ["D"], ["E"]])
    >>> kerata.ops.convert_to_numpy(out).tolist()
    [[1], [0], [1], [1], [2]]
    >>> layer = kerata.layers.Hashing(num_bins=3, salt=133)
    >>> kerata.ops.convert_to_numpy(layer(["A", "B", "C"])).tolist()
    [0, 0, 2]
    """

    # Computes on the host with NumPy: not inside a compiled step.
    supports_jit = False

    def __init__(
        self,
        num_bins: int,
        mask_value: Any = None,
        salt: Any = None,
        output_mode: str = "int",
        sparse: bool = False,
        **kwargs: Any,
    ) -> None:
        if kwargs.get("dtype") is None:
            kwargs["dtype"] = (
                "int64" if output_mode == "int" else backend.floatx()
            )
        super().__init__(**kwargs)
        if num_bins is None or num_bins <= 0:
            raise ValueError(
                "`num_bins` of Hashing must be a positive int. Received: "
                f"num_bins={num_bins}"
            )
        if output_mode == "int" and self.dtype_policy.name not in (
            "int32",
            "int64",
        ):
            raise ValueError(
                'With output_mode="int", `dtype` must be "int32" or '
                f'"int64". Received: dtype={kwargs["dtype"]}'
            )
        base.check_output_mode(output_mode, _OUTPUT_MODES, "Hashing")
        if sparse:
            raise ValueError(
                "kerata has no sparse tensors, so `sparse` must be False. "
                f"Received: sparse={sparse}"
            )
        self.num_bins = num_bins
        self.mask_value = mask_value
        self.strong_hash = salt is not None
        self.output_mode = output_mode
        self.sparse = sparse
        self.salt = _standardize_salt(salt, "Hashing")

    def call(self, inputs: Any) -> Any:
        values = base.to_numpy(inputs)
        if (
            self.output_mode == "one_hot"
            and values.ndim
            and values.shape[-1] == 1
        ):
            values = values[..., 0]
        indices = self._hash_values_to_bins(values)
        return base.encode_categorical(
            indices,
            self.output_mode,
            self.num_bins,
            self.dtype,
        )

    def _hash_values_to_bins(self, values: np.ndarray) -> np.ndarray:
        num_bins = self.num_bins
        mask = None
        # With a mask value, bin 0 is reserved for it.
        if self.mask_value is not None and num_bins > 1:
            num_bins -= 1
            mask = _equals(values, self.mask_value)
        if values.dtype.kind == "f":
            values = values.astype("int64")
        bins = _hash_functions.hash_to_bins(values, num_bins, self.salt)
        if mask is not None:
            bins = np.where(mask, 0, bins + 1)
        return bins

    def compute_output_shape(self, input_shape: Any) -> tuple:
        input_shape = tuple(input_shape)
        if self.output_mode == "int":
            return input_shape
        if not input_shape:
            return (self.num_bins,)
        return input_shape[:-1] + (self.num_bins,)

    def compute_output_spec(self, inputs: Any) -> KerasTensor:
        shape = self.compute_output_shape(inputs.shape)
        return KerasTensor(shape, dtype=self.dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "num_bins": self.num_bins,
                "salt": self.salt,
                "mask_value": self.mask_value,
                "output_mode": self.output_mode,
                "sparse": self.sparse,
            }
        )
        return config


def _standardize_salt(salt: Any, caller: str) -> list | None:
    if salt is None:
        return None
    if isinstance(salt, (tuple, list)) and len(salt) == 2:
        return [int(s) for s in salt]
    if isinstance(salt, int) and not isinstance(salt, bool):
        return [salt, salt]
    raise ValueError(
        f"The `salt` of {caller} must be an int or a pair of ints. "
        f"Received: salt={salt!r}"
    )


def _equals(values: np.ndarray, target: Any) -> np.ndarray:
    """Elementwise `values == target` for numeric, str and bytes values."""
    if isinstance(target, bytes):
        target = target.decode("utf-8")
    flat = [
        (v.decode("utf-8") if isinstance(v, bytes) else v) == target
        for v in values.reshape(-1).tolist()
    ]
    return np.array(flat, dtype=bool).reshape(values.shape)
