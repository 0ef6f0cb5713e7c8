"""`IntegerLookup`: maps integers to contiguous indices via a vocabulary."""

from __future__ import annotations

from typing import Any

import numpy as np

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.layers.preprocessing.index_lookup import IndexLookup


@kerata_export("kerata.layers.IntegerLookup")
class IntegerLookup(IndexLookup):
    """Maps integer tokens (e.g. IDs) to contiguous indices, or encodes them.

    Works like `StringLookup` for integers: the vocabulary comes from
    `vocabulary`, `set_vocabulary()` or `adapt()`; index layout is the mask
    token (if any, "int" output only), `num_oov_indices` out-of-vocabulary
    indices, then the tokens. Unknown values go to an OOV index (by
    `value mod num_oov_indices` when there are several). Outputs are int64
    tensors, or float tensors for "tf_idf".

    Args:
        max_tokens: Maximum vocabulary size, special tokens included, or
            None for no limit.
        num_oov_indices: Number of OOV indices (default 1). With 0,
            unknown values raise an error.
        mask_token: Value meaning "no value", mapped to index 0 in "int"
            output; None (default) for no mask.
        oov_token: Value returned for OOV indices when `invert=True`.
            Defaults to -1.
        vocabulary: A list, tuple or 1D array of ints, or a file path.
        vocabulary_dtype: Must be "int64".
        idf_weights: IDF weights for "tf_idf", one per vocabulary entry.
        invert: Whether to map indices to tokens instead.
        output_mode: "int", "one_hot", "multi_hot", "count" or "tf_idf".
        sparse: Must be False (no sparse tensors in kerata).
        pad_to_max_tokens: Whether encodings have size `max_tokens` even
            when the vocabulary is smaller.
        oov_method: "floormod" (default) or "farmhash": how values are
            spread over several OOV indices.
        salt: SipHash key for `oov_method="farmhash"`.
        name: Layer name.
        **kwargs: Base layer arguments.

    Example:

    >>> layer = kerata.layers.IntegerLookup(vocabulary=[12, 36, 1138, 42])
    >>> out = layer([[12, 1138, 42], [42, 1000, 36]])
    >>> kerata.ops.convert_to_numpy(out).tolist()
    [[1, 3, 4], [4, 0, 2]]
    """

    def __init__(
        self,
        max_tokens: int | None = None,
        num_oov_indices: int = 1,
        mask_token: int | None = None,
        oov_token: int = -1,
        vocabulary: Any = None,
        vocabulary_dtype: str = "int64",
        idf_weights: Any = None,
        invert: bool = False,
        output_mode: str = "int",
        sparse: bool = False,
        pad_to_max_tokens: bool = False,
        oov_method: str = "floormod",
        salt: Any = None,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        if vocabulary_dtype != "int64":
            raise ValueError(
                "IntegerLookup only supports vocabulary_dtype='int64'. "
                f"Received: vocabulary_dtype={vocabulary_dtype!r}"
            )
        super().__init__(
            max_tokens=max_tokens,
            num_oov_indices=num_oov_indices,
            mask_token=mask_token,
            oov_token=oov_token,
            vocabulary=vocabulary,
            vocabulary_dtype=vocabulary_dtype,
            idf_weights=idf_weights,
            invert=invert,
            output_mode=output_mode,
            sparse=sparse,
            pad_to_max_tokens=pad_to_max_tokens,
            oov_method=oov_method,
            salt=salt,
            name=name,
            **kwargs,
        )

    def _tokens_from_array(
        self, values: np.ndarray, what: str, invert: bool = False
    ) -> np.ndarray:
        if values.size and values.dtype.kind not in "iu":
            if values.dtype.kind == "O" and all(
                isinstance(v, (int, np.integer)) and not isinstance(v, bool)
                for v in values.reshape(-1).tolist()
            ):
                return values.astype("int64")
            raise TypeError(
                f"IntegerLookup expects integers, but its {what} have dtype "
                f"{values.dtype} (e.g. {values.reshape(-1)[0]!r}). Use "
                "StringLookup for strings, or cast the values to int."
            )
        return values.astype("int64")

    def _invert_output(self, tokens: np.ndarray) -> Any:
        values = np.asarray(tokens.tolist(), dtype="int64")
        return ops.convert_to_tensor(values.reshape(tokens.shape))

    def get_config(self) -> dict:
        config = super().get_config()
        for key in ("oov_token", "mask_token"):
            if config[key] is not None:
                config[key] = int(config[key])
        if config["vocabulary"] is not None:
            config["vocabulary"] = [int(v) for v in config["vocabulary"]]
        return config
