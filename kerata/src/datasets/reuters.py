"""Reuters newswires, labelled by topic."""

from __future__ import annotations

import json
import os

import numpy as np

from kerata.src.api_export import kerata_export
from kerata.src.datasets import remote
from kerata.src.datasets import safe_pickle
from kerata.src.datasets import sequences

_LABEL_NAMES = (
    "cocoa", "grain", "veg-oil", "earn", "acq", "wheat", "copper", "housing",
    "money-supply", "coffee", "sugar", "trade", "reserves", "ship", "cotton",
    "carcass", "crude", "nat-gas", "cpi", "money-fx", "interest", "gnp",
    "meal-feed", "alum", "oilseed", "gold", "tin", "strategic-metal",
    "livestock", "retail", "ipi", "iron-steel", "rubber", "heat", "jobs",
    "lei", "bop", "zinc", "orange", "pet-chem", "dlr", "gas", "silver", "wpi",
    "hog", "lead",
)  # fmt: skip


@kerata_export("kerata.datasets.reuters.load_data")
def load_data(
    path: str | os.PathLike = "reuters.npz",
    num_words: int | None = None,
    skip_top: int = 0,
    maxlen: int | None = None,
    test_split: float = 0.2,
    seed: int = 113,
    start_char: int | None = 1,
    oov_char: int | None = 2,
    index_from: int = 3,
) -> tuple:
    """Loads the Reuters newswire topic classification data set.

    11,228 newswires, each a list of word indices, labelled with one of 46
    topics (see `get_label_names`); downloaded once (2 MB) from the URL
    Keras 3 uses and checked against its SHA-256 hash. Words are indexed by
    frequency, as in `kerata.datasets.imdb`. The newswires are ragged,
    stored as pickled object arrays, which kerata reads with an unpickler
    that can only rebuild NumPy arrays and plain values.

    Args:
        path: File name in the cache (`~/.kerata/datasets`). A path with a
            folder (kerata extension) reads that local copy instead.
        num_words: Keep only the words of index below `num_words`; others
            become `oov_char`. `None` keeps all.
        skip_top: Index below which words are treated as out of
            vocabulary.
        maxlen: Drop the newswires of `maxlen` words or more.
        test_split: Fraction of the (shuffled) newswires kept for testing.
        seed: Seed of the shuffle.
        start_char: Index that starts every newswire (`None`: no marker).
        oov_char: Index that replaces out-of-vocabulary words. `None`
            drops those words instead.
        index_from: Offset added to every word index.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: 1-D object arrays of lists
        of ints, and `int64` label arrays.

    Example:

    >>> import os, tempfile
    >>> import numpy as np
    >>> local = os.path.join(tempfile.mkdtemp(), "reuters.npz")
    >>> wires = np.empty(5, dtype=object)
    >>> for i in range(5):
    ...     wires[i] = [1, i + 2]
    >>> np.savez(local, x=wires, y=np.arange(5))
    >>> (x_train, y_train), (x_test, y_test) = (
    ...     kerata.datasets.reuters.load_data(path=local))
    >>> len(x_train), len(x_test), len(x_test[0])
    (4, 1, 3)
    """
    files = safe_pickle.load_npz(remote.fetch(path, "reuters.npz"))
    xs, labels = files["x"], files["y"]
    order = np.random.RandomState(seed).permutation(len(xs))
    xs, labels = xs[order], labels[order]
    xs = sequences.shift(xs, start_char, index_from)
    if maxlen:
        xs, labels = sequences.remove_long(maxlen, xs, labels)
    xs = sequences.cap_vocabulary(xs, num_words, skip_top, oov_char)
    split = int(len(xs) * (1 - test_split))
    return (
        (sequences.to_object_array(xs[:split]), np.array(labels[:split])),
        (sequences.to_object_array(xs[split:]), np.array(labels[split:])),
    )


@kerata_export("kerata.datasets.reuters.get_word_index")
def get_word_index(path: str | os.PathLike = "reuters_word_index.json") -> dict:
    """Returns the dict that maps each word of Reuters to its index.

    An index `i` in this dict appears as `i + index_from` (3 by default) in
    the sequences of `load_data`: 0 is padding, 1 the start marker and 2
    the out-of-vocabulary marker.

    Args:
        path: File name in the cache (`~/.kerata/datasets`). A path with a
            folder (kerata extension) reads that local copy instead.

    Returns:
        A dict `{word: index}`.

    Example:

    >>> import json, os, tempfile
    >>> local = os.path.join(tempfile.mkdtemp(), "reuters_word_index.json")
    >>> with open(local, "w") as f:
    ...     json.dump({"the": 1, "of": 2}, f)
    >>> kerata.datasets.reuters.get_word_index(path=local)["of"]
    2
    """
    with open(
        remote.fetch(path, "reuters_word_index.json"), encoding="utf-8"
    ) as f:
        return json.load(f)


@kerata_export("kerata.datasets.reuters.get_label_names")
def get_label_names() -> tuple:
    """Returns the 46 topic names, indexed like the labels of `load_data`.

    Returns:
        A tuple of strings.

    Example:

    >>> names = kerata.datasets.reuters.get_label_names()
    >>> len(names), names[3]
    (46, 'earn')
    """
    return _LABEL_NAMES
