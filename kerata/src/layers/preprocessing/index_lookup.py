"""`IndexLookup`: the shared base of `StringLookup` and `IntegerLookup`.

The vocabulary is a Python dict from token to index, built from a list,
a file or `adapt()`; lookups run on NumPy (each distinct input value is
looked up once) and only the integer or encoded result becomes a backend
tensor. Index layout, as in Keras: `[mask] [OOV x num_oov_indices]
[tokens by decreasing frequency]`, where the mask index exists only in
"int" output.
"""

from __future__ import annotations

import collections
import os
from typing import Any

import numpy as np

from kerata.src import backend
from kerata.src import ops
from kerata.src.backend.common.keras_tensor import KerasTensor
from kerata.src.layers.preprocessing import _hash_functions
from kerata.src.layers.preprocessing import _preprocessing_base as base

_OUTPUT_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")
_VOCABULARY_FILE = "vocabulary.txt"


class IndexLookup(base.PreprocessingLayer):
    """Maps tokens to integer indices (or back, with `invert=True`).

    Not exported: use `StringLookup` or `IntegerLookup`, which document
    the arguments.
    """

    # Computes on the host with NumPy: not inside a compiled step.
    supports_jit = False

    def __init__(
        self,
        max_tokens: int | None,
        num_oov_indices: int,
        mask_token: Any,
        oov_token: Any,
        vocabulary_dtype: str,
        vocabulary: Any = None,
        idf_weights: Any = None,
        invert: bool = False,
        output_mode: str = "int",
        sparse: bool = False,
        pad_to_max_tokens: bool = False,
        oov_method: str = "floormod",
        name: str | None = None,
        salt: Any = None,
        **kwargs: Any,
    ) -> None:
        if output_mode == "binary":
            output_mode = "multi_hot"
        if output_mode == "tf-idf":
            output_mode = "tf_idf"
        caller = type(self).__name__
        self._check_arguments(
            caller,
            max_tokens,
            num_oov_indices,
            output_mode,
            invert,
            sparse,
            pad_to_max_tokens,
            idf_weights,
            oov_method,
        )
        frozen_size = kwargs.pop("vocabulary_size", None)
        has_input_vocabulary = kwargs.pop(
            "has_input_vocabulary", vocabulary is not None
        )
        kwargs.pop("trainable", None)
        kwargs.pop("dtype", None)
        if kwargs:
            raise ValueError(
                f"Unrecognized keyword arguments passed to {caller}: "
                f"{sorted(kwargs)}"
            )
        super().__init__(name=name)
        self.invert = invert
        self.max_tokens = max_tokens
        self.num_oov_indices = num_oov_indices
        self.mask_token = mask_token
        self.oov_token = oov_token
        self.output_mode = output_mode
        self.sparse = sparse
        self.pad_to_max_tokens = pad_to_max_tokens
        self.vocabulary_dtype = vocabulary_dtype
        self.oov_method = oov_method
        self.salt = self._standardize_salt(salt, caller)
        self._frozen_vocab_size = frozen_size
        self.input_vocabulary = (
            None if isinstance(vocabulary, str) else vocabulary
        )
        self.input_idf_weights = idf_weights
        self._has_input_vocabulary = has_input_vocabulary
        self._tokens: list = []
        self._token_to_index: dict = {}
        self._index_to_token: dict = {}
        self.idf_weights = None
        self.reset_state_counters()
        if output_mode == "tf_idf":
            if has_input_vocabulary and idf_weights is None:
                raise ValueError(
                    "With `output_mode='tf_idf'` and a `vocabulary`, "
                    "`idf_weights` must also be given."
                )
            if idf_weights is not None:
                self.idf_weights = np.asarray(
                    idf_weights, dtype=backend.floatx()
                )
        if vocabulary is not None:
            self.set_vocabulary(vocabulary, idf_weights)

    @property
    def compute_dtype(self) -> str:
        return self.vocabulary_dtype

    @property
    def variable_dtype(self) -> str:
        return self.vocabulary_dtype

    # --- argument checks ---
    @staticmethod
    def _check_arguments(
        caller: str,
        max_tokens: Any,
        num_oov_indices: int,
        output_mode: str,
        invert: bool,
        sparse: bool,
        pad_to_max_tokens: bool,
        idf_weights: Any,
        oov_method: str,
    ) -> None:
        if max_tokens is not None and max_tokens <= 1:
            raise ValueError(
                f"If set, `max_tokens` of {caller} must be greater than 1. "
                f"Received: max_tokens={max_tokens}"
            )
        if pad_to_max_tokens and max_tokens is None:
            raise ValueError(
                "`pad_to_max_tokens=True` needs `max_tokens`. Received: "
                "max_tokens=None"
            )
        if num_oov_indices < 0:
            raise ValueError(
                "`num_oov_indices` must be >= 0. Received: "
                f"num_oov_indices={num_oov_indices}"
            )
        if oov_method not in ("floormod", "farmhash"):
            raise ValueError(
                f"`oov_method` of {caller} must be 'floormod' or "
                f"'farmhash'. Received: oov_method={oov_method!r}"
            )
        base.check_output_mode(output_mode, _OUTPUT_MODES, caller)
        if invert and output_mode != "int":
            raise ValueError(
                "`output_mode` must be 'int' when `invert=True`. "
                f"Received: output_mode={output_mode!r}"
            )
        if sparse:
            raise ValueError(
                "kerata has no sparse tensors, so `sparse` must be False. "
                f"Received: sparse={sparse}"
            )
        if idf_weights is not None and output_mode != "tf_idf":
            raise ValueError(
                "`idf_weights` is only used when `output_mode='tf_idf'`. "
                f"Received: output_mode={output_mode!r}"
            )

    def _standardize_salt(self, salt: Any, caller: str) -> list | None:
        if salt is None:
            return None
        if self._is_integer_vocabulary() and self.oov_method != "farmhash":
            raise ValueError(
                "`salt` can only be used with `oov_method='farmhash'`. "
                f"Received: oov_method={self.oov_method!r}"
            )
        if isinstance(salt, (tuple, list)) and len(salt) == 2:
            return [int(s) for s in salt]
        if isinstance(salt, int) and not isinstance(salt, bool):
            return [salt, salt]
        raise ValueError(
            f"The `salt` of {caller} must be an int or a pair of ints. "
            f"Received: salt={salt!r}"
        )

    # --- token conversion, overridden by the subclasses ---
    def _is_integer_vocabulary(self) -> bool:
        return self.vocabulary_dtype != "string"

    def _tokens_from_array(
        self, values: np.ndarray, what: str, invert: bool = False
    ) -> np.ndarray:
        """`values` as an array of Python tokens (str or int), or of int64
        indices when `invert`; raises a TypeError for a wrong dtype."""
        raise NotImplementedError

    def _parse_vocabulary_line(self, line: str) -> Any:
        return int(line) if self._is_integer_vocabulary() else line

    # --- indices ---
    def _oov_start_index(self) -> int:
        return (
            1
            if self.mask_token is not None and self.output_mode == "int"
            else 0
        )

    def _token_start_index(self) -> int:
        return self._oov_start_index() + self.num_oov_indices

    def vocabulary_size(self) -> int:
        """The size of the vocabulary, mask and OOV indices included.

        Returns:
            An int.
        """
        return len(self._tokens) + self._token_start_index()

    def get_vocabulary(self, include_special_tokens: bool = True) -> list:
        """The vocabulary, token `i` being the one looked up as index `i`.

        Args:
            include_special_tokens: Whether to include the mask and OOV
                tokens at the front (so that list positions equal
                indices).

        Returns:
            A list of tokens.
        """
        special = [self.oov_token] * self._token_start_index()
        if self.mask_token is not None and self.output_mode == "int":
            special[0] = self.mask_token
        vocab = special + list(self._tokens)
        if not include_special_tokens:
            vocab = vocab[self._token_start_index() :]
        return vocab

    # --- vocabulary ---
    def set_vocabulary(self, vocabulary: Any, idf_weights: Any = None) -> None:
        """Sets the vocabulary (and IDF weights) directly, replacing any.

        Args:
            vocabulary: A list, tuple or 1D array of tokens, or the path of
                a text file with one token per line. Special tokens may
                lead the list in index order (mask, then OOV tokens); they
                are recognized and skipped.
            idf_weights: Inverse document frequencies, one per token; only
                and always for `output_mode='tf_idf'`.
        """
        if self.output_mode == "tf_idf":
            if idf_weights is None:
                raise ValueError(
                    "`idf_weights` must be set when output_mode is 'tf_idf'."
                )
        elif idf_weights is not None:
            raise ValueError(
                "`idf_weights` is only used when `output_mode='tf_idf'`. "
                f"Received: output_mode={self.output_mode!r}"
            )
        if isinstance(vocabulary, (str, os.PathLike)):
            self._set_vocabulary_from_file(os.fspath(vocabulary))
            return
        if backend.is_tensor(vocabulary):
            vocabulary = backend.convert_to_numpy(vocabulary)
        vocabulary = list(
            self._tokens_from_array(np.asarray(vocabulary), "vocabulary")
            .reshape(-1)
            .tolist()
        )
        if not vocabulary:
            raise ValueError(
                "Cannot set an empty vocabulary. Received: vocabulary=[]"
            )
        token_start = self._token_start_index()
        special = [self.mask_token] * self._oov_start_index() + [
            self.oov_token
        ] * self.num_oov_indices
        found_special = vocabulary[:token_start] == special
        tokens = vocabulary[token_start:] if found_special else vocabulary
        self._check_tokens(tokens, special)
        self._set_tokens(tokens)
        if self.output_mode == "tf_idf":
            self._set_idf_weights(idf_weights, len(vocabulary), found_special)

    def _set_vocabulary_from_file(self, path: str) -> None:
        if not os.path.exists(path):
            raise ValueError(
                f"Vocabulary file {path} does not exist. Pass the path of "
                "a text file with one token per line."
            )
        if self.output_mode == "tf_idf":
            raise ValueError(
                "output_mode 'tf_idf' cannot load a vocabulary from a file; "
                "pass a list of tokens and `idf_weights`."
            )
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        tokens = [self._parse_vocabulary_line(line) for line in lines]
        repeated = _repeated(tokens)
        if repeated:
            raise ValueError(
                f"The vocabulary file {path} has repeated tokens: "
                f"{repeated}. Each line must hold a distinct token."
            )
        self._set_tokens(tokens)

    def _check_tokens(self, tokens: list, special: list) -> None:
        repeated = _repeated(tokens)
        if repeated:
            raise ValueError(
                "The vocabulary has repeated tokens: "
                f"{repeated}. Remove the duplicates."
            )
        if self.mask_token is not None and self.mask_token in tokens:
            raise ValueError(
                f"The vocabulary holds the mask token {self.mask_token!r} "
                f"at index {tokens.index(self.mask_token)} of its tokens. "
                "Leave the mask and OOV tokens out of `vocabulary`, or put "
                f"them only at its start, in this order: {special}."
            )
        if (
            self.invert
            and self.oov_token is not None
            and (self.oov_token in tokens)
        ):
            raise ValueError(
                f"The vocabulary holds the OOV token {self.oov_token!r} at "
                f"index {tokens.index(self.oov_token)} of its tokens. "
                "Leave the mask and OOV tokens out of `vocabulary`, or put "
                f"them only at its start, in this order: {special}."
            )
        size = self._token_start_index() + len(tokens)
        if self.max_tokens is not None and size > self.max_tokens:
            raise ValueError(
                f"The vocabulary has {size} entries (special tokens "
                f"included), more than max_tokens={self.max_tokens}."
            )

    def _set_tokens(self, tokens: list) -> None:
        start = self._token_start_index()
        self._tokens = list(tokens)
        self._token_to_index = {t: start + i for i, t in enumerate(tokens)}
        self._index_to_token = {start + i: t for i, t in enumerate(tokens)}
        self._record_vocabulary_size()

    def _set_idf_weights(
        self, idf_weights: Any, vocabulary_size: int, found_special: bool
    ) -> None:
        if backend.is_tensor(idf_weights):
            idf_weights = backend.convert_to_numpy(idf_weights)
        idf_weights = np.asarray(idf_weights, dtype=backend.floatx())
        if idf_weights.ndim != 1 or len(idf_weights) != vocabulary_size:
            raise ValueError(
                "`idf_weights` must be 1D, one weight per vocabulary entry "
                f"({vocabulary_size}). Received shape {idf_weights.shape}."
            )
        front = 0 if found_special else self._token_start_index()
        self.idf_weights = self._pad_idf(idf_weights, front)

    def _pad_idf(self, weights: np.ndarray, front: int) -> np.ndarray:
        """Front-pads IDF weights for the special indices with their mean
        and back-pads with zeros up to `max_tokens` when padding."""
        weights = np.concatenate(
            [np.full(front, np.mean(weights), dtype=weights.dtype), weights]
        )
        if self.pad_to_max_tokens and self.max_tokens is not None:
            back = max(self.max_tokens - len(weights), 0)
            weights = np.concatenate([weights, np.zeros(back, weights.dtype)])
        return weights.astype(backend.floatx())

    def _record_vocabulary_size(self) -> None:
        size = self.vocabulary_size()
        fixed_depth = self.output_mode == "int" or self.pad_to_max_tokens
        if (
            not fixed_depth
            and self._frozen_vocab_size is not None
            and size != self._frozen_vocab_size
        ):
            raise RuntimeError(
                f"With output_mode={self.output_mode!r} and "
                "pad_to_max_tokens=False, the vocabulary size cannot change "
                f"once set: it was {self._frozen_vocab_size}, the new one "
                f"is {size}."
            )
        self._frozen_vocab_size = size

    # --- adapt ---
    def reset_state_counters(self) -> None:
        self._token_counts: collections.Counter = collections.Counter()
        self._document_counts: collections.Counter = collections.Counter()
        self._num_documents = 0

    def reset_state(self) -> None:
        if not self._has_input_vocabulary:
            self.reset_state_counters()

    def adapt(self, data: Any, steps: int | None = None) -> None:
        """Builds the vocabulary from the tokens in `data`, most frequent
        first (ties: larger token first), up to `max_tokens` entries.

        Args:
            data: A list, NumPy array or tensor of tokens (each row of a
                2D array is one document for "tf_idf"), or an iterable of
                such batches.
            steps: Number of batches to read from an iterable (all when
                None).
        """
        self.reset_state()
        if isinstance(data, (list, tuple, np.ndarray)) or backend.is_tensor(
            data
        ):
            try:
                values = base.to_numpy(data)
            except ValueError:  # a ragged list of documents
                values = data
            else:
                if values.ndim == 1:
                    values = values[:, None]
            batches: Any = [values]
        else:
            batches = base.iterate_batches(data)
        for i, batch in enumerate(batches):
            if steps is not None and i >= steps:
                break
            self.update_state(batch)
        if not self._token_counts:
            raise ValueError(
                f"{type(self).__name__}.adapt() found no tokens in the data. "
                "Pass a non-empty array or iterable of batches."
            )
        self.finalize_state()

    def update_state(self, data: Any) -> None:
        if self._has_input_vocabulary:
            raise ValueError(
                f"Cannot adapt layer {self.name!r}: its vocabulary was set "
                "with the `vocabulary` argument or set_vocabulary()."
            )
        if (
            isinstance(data, list)
            and data
            and isinstance(data[0], (list, np.ndarray))
        ):
            documents = [
                self._tokens_from_array(np.asarray(row), "adapt data")
                for row in data
            ]
        else:
            values = self._tokens_from_array(base.to_numpy(data), "adapt data")
            if values.ndim == 0:
                values = values.reshape(1)
            if values.ndim == 1:
                values = values[None]
            documents = (
                list(values.reshape(values.shape[0], -1)) if values.size else []
            )
        for document in documents:
            tokens = document.reshape(-1).tolist()
            self._token_counts.update(tokens)
            if self.output_mode == "tf_idf":
                self._document_counts.update(set(tokens))
        if self.output_mode == "tf_idf":
            self._num_documents += len(documents)

    def finalize_state(self) -> None:
        if self._has_input_vocabulary or not self._token_counts:
            self._record_vocabulary_size()
            return
        counts = self._token_counts
        for special in (self.mask_token, self.oov_token):
            if special is not None:
                counts.pop(special, None)
        # Most frequent first; ties broken by the larger token first.
        tokens = sorted(counts, key=lambda t: (counts[t], t), reverse=True)
        if self.max_tokens:
            tokens = tokens[: self.max_tokens - self._token_start_index()]
        self._set_tokens(tokens)
        if self.output_mode == "tf_idf":
            frequencies = np.array(
                [self._document_counts[t] for t in tokens], dtype="float64"
            )
            idf = np.log(1 + self._num_documents / (1 + frequencies))
            idf = idf.astype(backend.floatx())
            self.idf_weights = self._pad_idf(idf, self._token_start_index())
        self.reset_state_counters()

    # --- lookup ---
    def _lookup(self, values: np.ndarray) -> np.ndarray:
        """Indices of the tokens in `values` (any shape), int64."""
        unique, inverse = _unique(values)
        indices = np.array([self._index_of(t) for t in unique], "int64")
        missing = indices == -1
        if missing.any():
            indices[missing] = self._oov_indices(unique[missing])
        return indices[inverse].reshape(values.shape)

    def _index_of(self, token: Any) -> int:
        if self.mask_token is not None and token == self.mask_token:
            # Mask tokens take index 0 in "int" output and encode to
            # nothing in the other modes.
            return 0 if self.output_mode == "int" else -2
        return self._token_to_index.get(token, -1)

    def _oov_indices(self, tokens: np.ndarray) -> np.ndarray:
        start = self._oov_start_index()
        if self.num_oov_indices == 0:
            raise ValueError(
                "With `num_oov_indices=0` every input must be in the "
                f"vocabulary. Found out-of-vocabulary values: "
                f"{tokens.tolist()[:10]}. Set `num_oov_indices=1` to map "
                "them to an OOV index."
            )
        if self.num_oov_indices == 1:
            return np.full(len(tokens), start, dtype="int64")
        if self._is_integer_vocabulary() and self.oov_method != "farmhash":
            return np.mod(tokens.astype("int64"), self.num_oov_indices) + start
        buckets = _hash_functions.hash_to_bins(
            tokens, self.num_oov_indices, self.salt
        )
        return buckets + start

    def _invert_lookup(self, values: np.ndarray) -> np.ndarray:
        unique, inverse = _unique(values.astype("int64"))
        use_mask = self.mask_token is not None
        tokens = [
            self.mask_token
            if use_mask and i == 0
            else self._index_to_token.get(i, self.oov_token)
            for i in unique.tolist()
        ]
        out = np.array(tokens + [None], dtype=object)[:-1]
        return out[inverse].reshape(values.shape)

    def _ensure_known_vocab_size(self) -> None:
        if self.output_mode == "int" or self.pad_to_max_tokens:
            return
        if self._frozen_vocab_size is None:
            raise RuntimeError(
                f"With output_mode={self.output_mode!r} and "
                "pad_to_max_tokens=False, the vocabulary must be set before "
                "the layer is called: pass `vocabulary` or call adapt()."
            )

    def _depth(self) -> Any:
        if self.pad_to_max_tokens:
            return self.max_tokens
        return self._frozen_vocab_size

    def call(self, inputs: Any) -> Any:
        self._ensure_known_vocab_size()
        values = self._tokens_from_array(
            base.to_numpy(inputs), "inputs", invert=self.invert
        )
        if self.invert:
            return self._invert_output(self._invert_lookup(values))
        indices = self._lookup(values)
        return self._encode(indices)

    def _invert_output(self, tokens: np.ndarray) -> Any:
        return tokens

    def _encode(self, indices: np.ndarray) -> Any:
        """Turns int64 indices (NumPy) into the layer's output tensor."""
        if self.output_mode == "int":
            return ops.convert_to_tensor(indices, dtype="int64")
        indices = np.where(indices < 0, -1, indices)
        if self.output_mode != "tf_idf":
            return base.encode_categorical(
                indices, self.output_mode, self._depth(), "int64"
            )
        if self.idf_weights is None:
            raise ValueError(
                "With output_mode='tf_idf', `idf_weights` must be set "
                "(pass them or call adapt())."
            )
        counts = base.encode_numpy(indices, "count", self._depth(), None)
        weights = np.asarray(self.idf_weights)
        return ops.convert_to_tensor((counts * weights).astype(weights.dtype))

    # --- symbolic ---
    def compute_output_shape(self, input_shape: Any) -> tuple:
        return base.encoded_shape(input_shape, self.output_mode, self._depth())

    def compute_output_spec(self, inputs: Any) -> KerasTensor:
        shape = self.compute_output_shape(inputs.shape)
        if self.output_mode == "tf_idf":
            dtype = backend.floatx()
        elif self.invert:
            dtype = self.vocabulary_dtype
        else:
            dtype = "int64"
        return KerasTensor(shape, dtype=dtype)

    # --- config and saving ---
    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "invert": self.invert,
                "max_tokens": self.max_tokens,
                "num_oov_indices": self.num_oov_indices,
                "oov_token": self.oov_token,
                "mask_token": self.mask_token,
                "output_mode": self.output_mode,
                "sparse": self.sparse,
                "pad_to_max_tokens": self.pad_to_max_tokens,
                "vocabulary_dtype": self.vocabulary_dtype,
                "idf_weights": _listify(self.input_idf_weights),
                "vocabulary": _listify(self.input_vocabulary),
                "vocabulary_size": self._frozen_vocab_size,
                "oov_method": self.oov_method,
                "salt": self.salt,
            }
        )
        return config

    def get_build_config(self) -> dict:
        return {}

    def build_from_config(self, config: dict) -> None:
        self.build(None)

    def save_own_variables(self, store: Any) -> None:
        """Stores the IDF weights (the only state kept as an array)."""
        if self.output_mode == "tf_idf" and self.idf_weights is not None:
            store["idf_weights"] = np.asarray(self.idf_weights)

    def load_own_variables(self, store: Any) -> None:
        if self.output_mode == "tf_idf" and "idf_weights" in store:
            self.idf_weights = np.asarray(
                store["idf_weights"], dtype=backend.floatx()
            )

    def save_assets(self, dir_path: str) -> None:
        """Writes the vocabulary (special tokens first) to
        `dir_path/vocabulary.txt`, unless it is in the config."""
        if self.input_vocabulary is not None:
            return
        vocabulary = self.get_vocabulary(include_special_tokens=True)
        path = os.path.join(dir_path, _VOCABULARY_FILE)
        temporary = path + ".tmp"
        with open(temporary, "w", encoding="utf-8") as f:
            f.write("\n".join(str(token) for token in vocabulary))
        os.replace(temporary, path)

    def load_assets(self, dir_path: str) -> None:
        if self.input_vocabulary is not None:
            return
        path = os.path.join(dir_path, _VOCABULARY_FILE)
        if not os.path.exists(path):
            raise FileNotFoundError(
                f"Layer {self.name!r} expected its vocabulary in {path}, "
                "but there is no such file."
            )
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
        while lines and lines[-1] == "":
            lines.pop()
        values = [self._parse_vocabulary_line(line) for line in lines]
        if self.output_mode == "tf_idf":
            self.set_vocabulary(values, idf_weights=self._stored_idf(values))
        else:
            self.set_vocabulary(values)

    def _stored_idf(self, values: list) -> np.ndarray:
        weights = self.idf_weights
        if weights is None:
            raise ValueError(
                f"Layer {self.name!r} has no IDF weights to go with its "
                "saved vocabulary; load its variables first."
            )
        # The saved weights cover the whole vocabulary, special tokens
        # included, and are back-padded when `pad_to_max_tokens`.
        return np.asarray(weights)[: len(values)]


def _repeated(tokens: list) -> list:
    return [t for t, n in collections.Counter(tokens).items() if n > 1]


def _unique(values: np.ndarray) -> tuple:
    """`np.unique(values, return_inverse=True)` over the flattened array,
    also for object arrays of Python strings."""
    flat = values.reshape(-1)
    try:
        return np.unique(flat, return_inverse=True)
    except TypeError:
        # Mixed types (e.g. str and None) do not sort: fall back to a dict.
        positions: dict = {}
        inverse = np.array(
            [positions.setdefault(v, len(positions)) for v in flat.tolist()],
            dtype="int64",
        )
        unique = np.array(list(positions) + [None], dtype=object)[:-1]
        return unique, inverse


def _listify(x: Any) -> Any:
    if backend.is_tensor(x):
        x = backend.convert_to_numpy(x)
    if isinstance(x, np.ndarray):
        x = x.tolist()
    return x
