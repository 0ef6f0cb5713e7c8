"""Shared helpers of the recurrent layer tests."""

import numpy as np

from kerata.src.testing import to_numpy


def random(*shape, seed=0, scale=0.5):
    rng = np.random.default_rng(seed)
    return (scale * rng.standard_normal(shape)).astype("float32")


def set_random_weights(layer, seed=1):
    """Random weights of the layer's shapes; returns them as arrays."""
    weights = [
        random(*w.shape, seed=seed + i) for i, w in enumerate(layer.weights)
    ]
    layer.set_weights(weights)
    return weights


def right_padded_mask(lengths, steps):
    return np.arange(steps)[None] < np.asarray(lengths)[:, None]


def numpy_outputs(result):
    if isinstance(result, (list, tuple)):
        return [to_numpy(r) for r in result]
    return to_numpy(result)
