"""IMDB movie reviews, labelled by sentiment."""

from __future__ import annotations

import json
import os
from typing import Any

import numpy as np

from kerata.src.api_export import kerata_export
from kerata.src.datasets import remote
from kerata.src.datasets import safe_pickle
from kerata.src.datasets import sequences


@kerata_export("kerata.datasets.imdb.load_data")
def load_data(
    path: str | os.PathLike = "imdb.npz",
    num_words: int | None = None,
    skip_top: int = 0,
    maxlen: int | None = None,
    seed: int = 113,
    start_char: int | None = 1,
    oov_char: int | None = 2,
    index_from: int = 3,
    **kwargs: Any,
) -> tuple:
    """Loads the IMDB data set of movie reviews labelled by sentiment.

    25,000 training and 25,000 test reviews, each a list of word indices,
    labelled 0 (negative) or 1 (positive); downloaded once (17 MB) from
    the URL Keras 3 uses and checked against its SHA-256 hash. Words are
    indexed by their frequency in the data set (1 is the most frequent),
    so e.g. `num_words=10000` keeps the 10,000 most frequent words. The
    reviews are ragged, stored as pickled object arrays, which kerata reads
    with an unpickler that can only rebuild NumPy arrays and plain values.

    Args:
        path: File name in the cache (`~/.kerata/datasets`). A path with a
            folder (kerata extension) reads that local copy instead.
        num_words: Keep only the `num_words - 1` most frequent words (index
            below `num_words`); others become `oov_char`. `None` keeps all.
        skip_top: Index below which words are treated as out of
            vocabulary (e.g. to drop the most common words).
        maxlen: Drop the reviews of `maxlen` words or more. `None` keeps all.
        seed: Seed of the shuffle of each split.
        start_char: Index that starts every review (`None`: no marker).
            Index 0 is kept for padding.
        oov_char: Index that replaces out-of-vocabulary words. `None`
            drops those words instead.
        index_from: Offset added to every word index.
        **kwargs: Accepted for compatibility with Keras and ignored.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: 1-D object arrays of lists
        of ints, and `int64` label arrays.

    Raises:
        ValueError: If `maxlen` leaves no review in a split.

    Example:

    >>> import os, tempfile
    >>> import numpy as np
    >>> local = os.path.join(tempfile.mkdtemp(), "imdb.npz")
    >>> reviews = np.empty(2, dtype=object)
    >>> reviews[0], reviews[1] = [1, 5, 2], [4, 3]
    >>> np.savez(local, x_train=reviews, y_train=np.array([1, 0]),
    ...          x_test=reviews, y_test=np.array([1, 0]))
    >>> (x_train, y_train), _ = kerata.datasets.imdb.load_data(
    ...     path=local, num_words=7)
    >>> sorted(x_train.tolist())
    [[1, 2, 6], [1, 4, 2, 5]]
    """
    files = safe_pickle.load_npz(remote.fetch(path, "imdb.npz"))
    x_train, labels_train = files["x_train"], files["y_train"]
    x_test, labels_test = files["x_test"], files["y_test"]
    rng = np.random.RandomState(seed)
    order = rng.permutation(len(x_train))
    x_train, labels_train = x_train[order], labels_train[order]
    order = rng.permutation(len(x_test))
    x_test, labels_test = x_test[order], labels_test[order]

    x_train = sequences.shift(x_train, start_char, index_from)
    x_test = sequences.shift(x_test, start_char, index_from)
    if maxlen:
        x_train, labels_train = sequences.remove_long(
            maxlen, x_train, labels_train
        )
        x_test, labels_test = sequences.remove_long(maxlen, x_test, labels_test)
        if not x_train or not x_test:
            raise ValueError(
                f"No review is shorter than maxlen={maxlen}, so a split "
                "would be empty. Increase `maxlen`."
            )
    xs = sequences.cap_vocabulary(
        x_train + x_test, num_words, skip_top, oov_char
    )
    labels = np.concatenate([labels_train, labels_test])
    split = len(x_train)
    return (
        (sequences.to_object_array(xs[:split]), labels[:split]),
        (sequences.to_object_array(xs[split:]), labels[split:]),
    )


@kerata_export("kerata.datasets.imdb.get_word_index")
def get_word_index(path: str | os.PathLike = "imdb_word_index.json") -> dict:
    """Returns the dict that maps each word of IMDB to its index.

    An index `i` in this dict appears as `i + index_from` (3 by default) in
    the sequences of `load_data`, because the indices below `index_from`
    are reserved (0 padding, 1 start, 2 out of vocabulary).

    Args:
        path: File name in the cache (`~/.kerata/datasets`). A path with a
            folder (kerata extension) reads that local copy instead.

    Returns:
        A dict `{word: index}`.

    Example:

    >>> import json, os, tempfile
    >>> local = os.path.join(tempfile.mkdtemp(), "imdb_word_index.json")
    >>> with open(local, "w") as f:
    ...     json.dump({"the": 1, "and": 2}, f)
    >>> kerata.datasets.imdb.get_word_index(path=local)["and"]
    2
    """
    with open(
        remote.fetch(path, "imdb_word_index.json"), encoding="utf-8"
    ) as f:
        return json.load(f)
