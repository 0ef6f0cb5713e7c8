"""`TextVectorization`: raw strings to token indices or token counts."""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from kerata.src import backend
from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.backend.common.keras_tensor import KerasTensor
from kerata.src.layers.preprocessing import _preprocessing_base as base
from kerata.src.layers.preprocessing.string_lookup import StringLookup

_STANDARDIZE = ("lower_and_strip_punctuation", "lower", "strip_punctuation")
_SPLIT = ("whitespace", "character")
_OUTPUT_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")
# The characters Keras strips (its regex, applied byte by byte).
_PUNCTUATION = re.compile(r'[!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~\']')
# TensorFlow's whitespace split uses the C locale's `isspace`.
_WHITESPACE = re.compile(r"[ \t\n\v\f\r]+")
_ASCII_LOWER = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"
)


@kerata_export("kerata.layers.TextVectorization")
class TextVectorization(base.PreprocessingLayer):
    """Turns raw strings into token indices, counts or TF-IDF vectors.

    Each string is standardized (lowercased, punctuation stripped), split
    into tokens (on whitespace), optionally combined into n-grams, then
    looked up in a vocabulary learned by `adapt()` or given. Index 0 is
    padding (the mask token `""`), index 1 is out-of-vocabulary ("[UNK]").
    Inputs are lists or NumPy arrays of strings, shape `(batch,)` or
    `(batch, 1)`; they never become backend tensors.

    Args:
        max_tokens: Maximum vocabulary size, padding and OOV included.
        standardize: "lower_and_strip_punctuation" (default), "lower",
            "strip_punctuation", None, or a callable taking and returning
            a NumPy array of strings.
        split: "whitespace" (default), "character", None (each input is
            already one token), or a callable taking a 1D NumPy array of
            strings and returning one list of tokens per string.
        ngrams: None, an int `n` (all n-grams up to `n`) or a tuple of
            n-gram sizes.
        output_mode: "int" (indices, padded with 0), "multi_hot", "count"
            or "tf_idf" (one vector of vocabulary size per string).
        output_sequence_length: For "int": pad or truncate every output
            to this many tokens (otherwise to the longest in the batch).
        pad_to_max_tokens: Whether encodings have size `max_tokens`.
        vocabulary: A list of tokens or a file path (one token per line).
        idf_weights: IDF weights for "tf_idf" with a given vocabulary.
        sparse: Must be False (no sparse tensors in kerata).
        ragged: Must be False (no ragged tensors in kerata).
        encoding: Text encoding of `bytes` inputs.
        name: Layer name.
        **kwargs: Base layer arguments.

    Example:

    >>> layer = kerata.layers.TextVectorization(output_sequence_length=4)
    >>> layer.adapt(["The cat sat.", "The dog ran!"])
    >>> layer.get_vocabulary()
    ['', '[UNK]', 'the', 'sat', 'ran', 'dog', 'cat']
    >>> kerata.ops.convert_to_numpy(layer(["the cat ran away"])).tolist()
    [[2, 6, 4, 1]]
    """

    # Computes on the host with NumPy: not inside a compiled step.
    supports_jit = False

    def __init__(
        self,
        max_tokens: int | None = None,
        standardize: Any = "lower_and_strip_punctuation",
        split: Any = "whitespace",
        ngrams: Any = None,
        output_mode: str = "int",
        output_sequence_length: int | None = None,
        pad_to_max_tokens: bool = False,
        vocabulary: Any = None,
        idf_weights: Any = None,
        sparse: bool = False,
        ragged: bool = False,
        encoding: str = "utf-8",
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        if output_mode == "binary":
            output_mode = "multi_hot"
        if output_mode == "tf-idf":
            output_mode = "tf_idf"
        _check_option("standardize", standardize, _STANDARDIZE)
        _check_option("split", split, _SPLIT)
        base.check_output_mode(output_mode, _OUTPUT_MODES, "TextVectorization")
        if sparse or ragged:
            raise ValueError(
                "kerata has no sparse or ragged tensors, so `sparse` and "
                f"`ragged` must be False. Received: sparse={sparse}, "
                f"ragged={ragged}"
            )
        if isinstance(ngrams, list):
            ngrams = tuple(ngrams)
        if not (
            ngrams is None
            or (isinstance(ngrams, int) and not isinstance(ngrams, bool))
            or (
                isinstance(ngrams, tuple)
                and all(isinstance(n, int) for n in ngrams)
            )
        ):
            raise ValueError(
                "`ngrams` must be None, an int or a tuple of ints. "
                f"Received: ngrams={ngrams!r}"
            )
        if output_sequence_length is not None and (
            output_mode != "int" or not isinstance(output_sequence_length, int)
        ):
            raise ValueError(
                "`output_sequence_length` must be None or an int, and may "
                "only be set when output_mode is 'int'. Received: "
                f"output_sequence_length={output_sequence_length!r}, "
                f"output_mode={output_mode!r}"
            )
        has_input_vocabulary = kwargs.pop(
            "has_input_vocabulary", vocabulary is not None
        )
        vocabulary_size = kwargs.pop("vocabulary_size", None)
        super().__init__(name=name, **kwargs)
        self._max_tokens = max_tokens
        self._standardize = standardize
        self._split = split
        self._ngrams_arg = ngrams
        self._ngrams = (
            tuple(range(1, ngrams + 1)) if isinstance(ngrams, int) else ngrams
        )
        self._ragged = ragged
        self._output_mode = output_mode
        self._output_sequence_length = output_sequence_length
        self._encoding = encoding
        self._has_input_vocabulary = has_input_vocabulary
        self._lookup_layer = StringLookup(
            max_tokens=max_tokens,
            vocabulary=vocabulary,
            idf_weights=idf_weights,
            pad_to_max_tokens=pad_to_max_tokens,
            mask_token="",
            output_mode=output_mode,
            sparse=sparse,
            has_input_vocabulary=has_input_vocabulary,
            encoding=encoding,
            vocabulary_size=vocabulary_size,
        )

    @property
    def compute_dtype(self) -> str:
        return "string"

    @property
    def variable_dtype(self) -> str:
        return "string"

    def build(self, input_shape: Any = None) -> None:
        self.built = True

    # --- vocabulary ---
    def adapt(self, data: Any, batch_size: Any = None, steps: Any = None):
        """Builds the vocabulary from the tokens of `data`.

        Args:
            data: A list or NumPy array of strings, or an iterable of such
                batches.
            batch_size: Unused; accepted for Keras compatibility.
            steps: Number of batches to read from an iterable.
        """
        self.reset_state()
        batches = base.peek(base.iterate_batches(data), "TextVectorization")
        for i, batch in enumerate(batches):
            if steps is not None and i >= steps:
                break
            self.update_state(batch)
        if not self._lookup_layer._token_counts:
            raise ValueError(
                "TextVectorization.adapt() found no tokens in the data. "
                "Pass a non-empty list or array of strings."
            )
        self.finalize_state()

    def update_state(self, data: Any) -> None:
        documents = self._preprocess(data)
        self._lookup_layer.update_state([np.asarray(d) for d in documents])

    def finalize_state(self) -> None:
        self._lookup_layer.finalize_state()

    def reset_state(self) -> None:
        self._lookup_layer.reset_state()

    def get_vocabulary(self, include_special_tokens: bool = True) -> list:
        """The vocabulary: position `i` holds the token of index `i`.

        Args:
            include_special_tokens: Whether to include `""` (padding) and
                "[UNK]" at the front.

        Returns:
            A list of strings.
        """
        return self._lookup_layer.get_vocabulary(include_special_tokens)

    def vocabulary_size(self) -> int:
        """Vocabulary size, padding and OOV tokens included.

        Returns:
            An int.
        """
        return self._lookup_layer.vocabulary_size()

    def set_vocabulary(self, vocabulary: Any, idf_weights: Any = None) -> None:
        """Sets the vocabulary (and IDF weights for "tf_idf") directly.

        Args:
            vocabulary: A list of tokens or a file path.
            idf_weights: One weight per vocabulary entry, for "tf_idf".
        """
        self._lookup_layer.set_vocabulary(vocabulary, idf_weights=idf_weights)

    # --- text processing ---
    def _standardize_strings(self, strings: np.ndarray) -> np.ndarray:
        mode = self._standardize
        if callable(mode):
            return base.decode_strings(np.asarray(mode(strings)))
        out = strings.copy()
        flat = out.reshape(-1)
        for i, text in enumerate(flat.tolist()):
            if mode in ("lower", "lower_and_strip_punctuation"):
                text = text.translate(_ASCII_LOWER)
            if mode in ("strip_punctuation", "lower_and_strip_punctuation"):
                text = _PUNCTUATION.sub("", text)
            flat[i] = text
        return out

    def _split_strings(self, strings: np.ndarray) -> list:
        split = self._split
        if callable(split):
            return [[_as_text(t) for t in row] for row in split(strings)]
        if split == "whitespace":
            return [
                [t for t in _WHITESPACE.split(s) if t] for s in strings.tolist()
            ]
        return [list(s) for s in strings.tolist()]

    def _preprocess(self, inputs: Any) -> list:
        """Token lists, one per input string (or row, without `split`)."""
        strings = base.to_numpy(inputs)
        if strings.size and not base.is_string_array(strings):
            raise TypeError(
                "TextVectorization expects strings. Received an array of "
                f"dtype {strings.dtype}."
            )
        strings = base.decode_strings(strings, self._encoding)
        if strings.ndim == 0:
            strings = strings.reshape(1)
        if self._standardize is not None:
            strings = self._standardize_strings(strings)
        if self._split is None:
            if strings.ndim == 1:
                strings = strings[:, None]
            documents = [list(row) for row in strings.reshape(len(strings), -1)]
        else:
            if strings.ndim > 1:
                if strings.shape[-1] != 1:
                    raise ValueError(
                        "To split strings, TextVectorization needs inputs of "
                        "shape (batch,) or (batch, 1). Received shape "
                        f"{strings.shape}."
                    )
                strings = strings.reshape(strings.shape[:-1])
            documents = self._split_strings(strings.reshape(-1))
        if self._ngrams is not None:
            documents = [_ngrams(d, self._ngrams) for d in documents]
        return documents

    def call(self, inputs: Any) -> Any:
        lookup = self._lookup_layer
        lookup._ensure_known_vocab_size()
        documents = self._preprocess(inputs)
        # One lookup for the whole batch, then split back into rows.
        flat = [token for document in documents for token in document]
        indices = lookup._lookup(np.array(flat + [None], dtype=object)[:-1])
        ends = np.cumsum([len(document) for document in documents])
        rows = np.split(indices, ends[:-1]) if documents else []
        if self._output_mode == "int":
            return ops.convert_to_tensor(self._pad(rows), dtype="int64")
        if self._output_mode == "one_hot":
            if any(len(r) != 1 for r in rows):
                raise ValueError(
                    "output_mode='one_hot' needs exactly one token per input "
                    "(e.g. split=None). Use 'multi_hot' or 'count' for "
                    "token lists."
                )
            return lookup._encode(np.concatenate(rows))
        depth = lookup._depth()
        counts = np.zeros((len(rows), depth), dtype="int64")
        for i, row in enumerate(rows):
            row = row[(row >= 0) & (row < depth)]
            np.add.at(counts[i], row, 1)
        if self._output_mode == "multi_hot":
            counts = np.minimum(counts, 1)
        if self._output_mode == "tf_idf":
            weights = lookup.idf_weights
            if weights is None:
                raise ValueError(
                    "With output_mode='tf_idf', `idf_weights` must be set "
                    "(pass them or call adapt())."
                )
            return ops.convert_to_tensor(
                counts.astype(backend.floatx()) * weights
            )
        return ops.convert_to_tensor(counts)

    def _pad(self, rows: list) -> np.ndarray:
        length = self._output_sequence_length
        if length is None:
            length = max((len(r) for r in rows), default=0)
        out = np.zeros((len(rows), length), dtype="int64")
        for i, row in enumerate(rows):
            row = row[:length]
            out[i, : len(row)] = row
        return out

    # --- symbolic ---
    def compute_output_shape(self, input_shape: Any) -> tuple:
        batch = input_shape[0] if len(input_shape) else None
        if self._output_mode == "int":
            return (batch, self._output_sequence_length)
        # Every other mode encodes each string (or row) as one vector.
        return (batch, self._lookup_layer._depth())

    def compute_output_spec(self, inputs: Any) -> KerasTensor:
        shape = self.compute_output_shape(tuple(inputs.shape))
        dtype = {"int": "int64", "tf_idf": backend.floatx()}.get(
            self._output_mode, "int64"
        )
        return KerasTensor(shape, dtype=dtype)

    # --- config and saving ---
    def get_config(self) -> dict:
        lookup = self._lookup_layer
        config = super().get_config()
        config.update(
            {
                "max_tokens": lookup.max_tokens,
                "standardize": self._standardize,
                "split": self._split,
                "ngrams": self._ngrams_arg,
                "output_mode": self._output_mode,
                "output_sequence_length": self._output_sequence_length,
                "pad_to_max_tokens": lookup.pad_to_max_tokens,
                "sparse": lookup.sparse,
                "ragged": self._ragged,
                "vocabulary": _listify(lookup.input_vocabulary),
                "idf_weights": _listify(lookup.input_idf_weights),
                "encoding": self._encoding,
                "vocabulary_size": self.vocabulary_size(),
            }
        )
        return config

    @classmethod
    def from_config(cls, config: dict) -> TextVectorization:
        from kerata.src.saving import serialization_lib

        config = dict(config)
        for key in ("standardize", "split"):
            if config.get(key) is not None and not isinstance(config[key], str):
                config[key] = serialization_lib.deserialize_keras_object(
                    config[key]
                )
        if isinstance(config.get("ngrams"), list):
            config["ngrams"] = tuple(config["ngrams"])
        return super().from_config(config)

    def save_own_variables(self, store: Any) -> None:
        self._lookup_layer.save_own_variables(store)

    def load_own_variables(self, store: Any) -> None:
        self._lookup_layer.load_own_variables(store)

    def save_assets(self, dir_path: str) -> None:
        self._lookup_layer.save_assets(dir_path)

    def load_assets(self, dir_path: str) -> None:
        self._lookup_layer.load_assets(dir_path)


def _check_option(name: str, value: Any, allowed: tuple) -> None:
    if value is None or callable(value) or value in allowed:
        return
    raise ValueError(
        f"`{name}` of TextVectorization must be None, a callable or one of "
        f"{allowed}. Received: {name}={value!r}"
    )


def _ngrams(tokens: list, widths: tuple) -> list:
    """All n-grams of each width in turn, joined by spaces."""
    out: list = []
    for width in widths:
        out.extend(
            " ".join(tokens[i : i + width])
            for i in range(len(tokens) - width + 1)
        )
    return out


def _as_text(token: Any) -> str:
    return token.decode("utf-8") if isinstance(token, bytes) else str(token)


def _listify(x: Any) -> Any:
    if isinstance(x, np.ndarray):
        return x.tolist()
    return x
