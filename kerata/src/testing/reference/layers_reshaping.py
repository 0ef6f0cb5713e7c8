"""Plain-NumPy references for the cropping, zero-padding and upsampling
layers (imports nothing from kerata).

Every function takes the spatial `(before, after)` pairs or factors and a
`data_format`; the batch axis is 0 and channels are last unless
`data_format="channels_first"`.
"""

from __future__ import annotations

import numpy as np


def _spatial_axes(ndim, data_format):
    first = 2 if data_format == "channels_first" else 1
    return range(first, first + ndim)


def cropping(x, pairs, data_format="channels_last"):
    index = [slice(None)] * x.ndim
    for axis, (before, after) in zip(
        _spatial_axes(len(pairs), data_format), pairs
    ):
        index[axis] = slice(before, x.shape[axis] - after)
    return x[tuple(index)]


def zero_padding(x, pairs, data_format="channels_last"):
    width = [(0, 0)] * x.ndim
    for axis, pair in zip(_spatial_axes(len(pairs), data_format), pairs):
        width[axis] = tuple(pair)
    return np.pad(x, width)


def up_sampling_nearest(x, factors, data_format="channels_last"):
    for axis, factor in zip(_spatial_axes(len(factors), data_format), factors):
        x = np.repeat(x, factor, axis=axis)
    return x
