"""Word-index sequence processing shared by IMDB and Reuters.

The steps and their order are Keras 3's, so that the same arguments give
the same sequences: shuffle, shift the indices (`start_char`,
`index_from`), drop sequences of `maxlen` words or more, then cap the
vocabulary (`num_words`, `skip_top`, `oov_char`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def shift(
    xs: Sequence, start_char: int | None, index_from: int
) -> list[list[int]]:
    """Adds `index_from` to every index and prepends `start_char`."""
    head = [] if start_char is None else [start_char]
    return [head + [int(w) + index_from for w in x] for x in xs]


def remove_long(maxlen: int, xs: list, labels: Sequence) -> tuple:
    """Keeps the sequences shorter than `maxlen`, with their labels."""
    kept = [(x, y) for x, y in zip(xs, labels) if len(x) < maxlen]
    return [x for x, _ in kept], [y for _, y in kept]


def cap_vocabulary(
    xs: list,
    num_words: int | None,
    skip_top: int,
    oov_char: int | None,
) -> list[list[int]]:
    """Replaces (or drops) indices outside `[skip_top, num_words)`."""
    if not num_words:
        # As in Keras: the largest index itself then counts as out of range.
        num_words = max(max(x) for x in xs)
    if oov_char is not None:
        return [
            [w if skip_top <= w < num_words else oov_char for w in x]
            for x in xs
        ]
    return [[w for w in x if skip_top <= w < num_words] for x in xs]


def to_object_array(xs: list) -> np.ndarray:
    """A 1-D object array of lists (even when all lists have one length)."""
    array = np.empty(len(xs), dtype=object)
    for i, x in enumerate(xs):
        array[i] = x
    return array
