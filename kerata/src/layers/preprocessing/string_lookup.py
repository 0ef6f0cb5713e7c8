"""`StringLookup`: maps strings to integer indices through a vocabulary."""

from __future__ import annotations

from typing import Any

import numpy as np

from kerata.src.api_export import kerata_export
from kerata.src.layers.preprocessing import _preprocessing_base as base
from kerata.src.layers.preprocessing.index_lookup import IndexLookup


@kerata_export("kerata.layers.StringLookup")
class StringLookup(IndexLookup):
    """Maps string tokens to integer indices, or encodes them.

    The vocabulary comes from `vocabulary` (a list or a file with one
    token per line), from `set_vocabulary()` or from `adapt()` (tokens by
    decreasing frequency). Index layout: the mask token (if any, "int"
    output only), then `num_oov_indices` out-of-vocabulary indices, then
    the tokens. Unknown tokens go to an OOV index (hashed among them when
    there are several). Inputs are lists or NumPy arrays of `str`/`bytes`
    (they never become backend tensors); outputs are int64 tensors, or
    float tensors for "tf_idf". With `invert=True` the layer maps indices
    back to tokens and returns a NumPy array of `str`.

    Args:
        max_tokens: Maximum vocabulary size, special tokens included, or
            None for no limit.
        num_oov_indices: Number of OOV indices (default 1). With 0,
            unknown tokens raise an error.
        mask_token: Token meaning "no value", mapped to index 0 in "int"
            output; None (default) for no mask.
        oov_token: Token returned for OOV indices when `invert=True`.
            Defaults to "[UNK]".
        vocabulary: A list, tuple or 1D array of strings, or a file path.
        idf_weights: IDF weights for "tf_idf", one per vocabulary entry.
        invert: Whether to map indices to tokens instead.
        output_mode: "int" (indices), "one_hot", "multi_hot", "count" or
            "tf_idf" (encodings of size `vocabulary_size()`).
        pad_to_max_tokens: Whether encodings have size `max_tokens` even
            when the vocabulary is smaller.
        sparse: Must be False (no sparse tensors in kerata).
        encoding: Text encoding of `bytes` inputs. Defaults to "utf-8".
        name: Layer name.
        salt: Key of the SipHash used to spread OOV tokens over several
            OOV indices (FarmHash when None).
        **kwargs: Base layer arguments.

    Example:

    >>> layer = kerata.layers.StringLookup(vocabulary=["a", "b", "c"])
    >>> out = layer([["a", "c"], ["d", "b"]])
    >>> kerata.ops.convert_to_numpy(out).tolist()
    [[1, 3], [0, 2]]
    >>> layer.get_vocabulary()
    ['[UNK]', 'a', 'b', 'c']
    >>> inverse = kerata.layers.StringLookup(
    ...     vocabulary=["a", "b", "c"], invert=True)
    >>> inverse([[1, 3], [0, 2]]).tolist()
    [['a', 'c'], ['[UNK]', 'b']]
    """

    def __init__(
        self,
        max_tokens: int | None = None,
        num_oov_indices: int = 1,
        mask_token: str | None = None,
        oov_token: str = "[UNK]",
        vocabulary: Any = None,
        idf_weights: Any = None,
        invert: bool = False,
        output_mode: str = "int",
        pad_to_max_tokens: bool = False,
        sparse: bool = False,
        encoding: str = "utf-8",
        name: str | None = None,
        salt: Any = None,
        **kwargs: Any,
    ) -> None:
        self.encoding = encoding
        kwargs.pop("vocabulary_dtype", None)
        super().__init__(
            max_tokens=max_tokens,
            num_oov_indices=num_oov_indices,
            mask_token=mask_token,
            oov_token=oov_token,
            vocabulary=vocabulary,
            idf_weights=idf_weights,
            invert=invert,
            output_mode=output_mode,
            pad_to_max_tokens=pad_to_max_tokens,
            sparse=sparse,
            name=name,
            salt=salt,
            vocabulary_dtype="string",
            **kwargs,
        )

    def _tokens_from_array(
        self, values: np.ndarray, what: str, invert: bool = False
    ) -> np.ndarray:
        if invert:
            if values.dtype.kind not in "iu":
                raise TypeError(
                    "An inverted StringLookup maps integer indices to "
                    f"tokens, but its {what} have dtype {values.dtype}."
                )
            return values.astype("int64")
        if values.size and not base.is_string_array(values):
            raise TypeError(
                f"StringLookup expects strings, but its {what} have dtype "
                f"{values.dtype} (e.g. {values.reshape(-1)[0]!r}). Use "
                "IntegerLookup for integers, or convert the values to str."
            )
        return base.decode_strings(values, self.encoding)

    def _invert_output(self, tokens: np.ndarray) -> Any:
        return np.asarray(tokens.tolist(), dtype=str).reshape(tokens.shape)

    def get_config(self) -> dict:
        config = super().get_config()
        del config["vocabulary_dtype"]
        config["encoding"] = self.encoding
        return config
