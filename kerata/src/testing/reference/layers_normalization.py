"""Plain-NumPy references for the group, RMS, unit and spectral
normalization layers (imports nothing from kerata).

Statistics are computed in float64, one example and group at a time, so
a mistake shared with the vectorized layers is unlikely.
"""

from __future__ import annotations

import numpy as np


def group_normalization(x, groups, gamma=None, beta=None, axis=-1, eps=1e-3):
    """`x` with channels on `axis`, split into `groups` contiguous groups
    of channels, each normalized per example over all non-batch axes."""
    x = np.moveaxis(np.asarray(x, "float64"), axis, -1)  # channels last
    channels = x.shape[-1]
    size = channels // groups
    out = np.empty_like(x)
    for n in range(x.shape[0]):
        for g in range(groups):
            block = x[n, ..., g * size : (g + 1) * size]
            mean = block.mean()
            var = ((block - mean) ** 2).mean()
            out[n, ..., g * size : (g + 1) * size] = (block - mean) / np.sqrt(
                var + eps
            )
    if gamma is not None:
        out = out * np.asarray(gamma, "float64")
    if beta is not None:
        out = out + np.asarray(beta, "float64")
    return np.moveaxis(out, -1, axis)


def rms_normalization(x, scale, axis=-1, eps=1e-6):
    """`x / sqrt(mean(x**2, axis) + eps) * scale`; `scale` has the shape of
    the normalized axes (in order)."""
    x = np.asarray(x, "float64")
    axes = tuple(sorted(a % x.ndim for a in np.atleast_1d(axis)))
    mean_square = (x**2).mean(axis=axes, keepdims=True)
    shape = [x.shape[i] if i in axes else 1 for i in range(x.ndim)]
    scale = np.asarray(scale, "float64").reshape(shape)
    return x / np.sqrt(mean_square + eps) * scale


def unit_normalization(x, axis=-1):
    """`x` divided by its L2 norm over `axis` (zero rows stay zero)."""
    x = np.asarray(x, "float64")
    axes = tuple(np.atleast_1d(axis).tolist())
    norm = np.sqrt((x**2).sum(axis=axes, keepdims=True))
    return x / np.maximum(norm, 1e-12)


def _unit(v, eps=1e-7):
    # As Keras's `normalize`: v * rsqrt(sum(v**2)), capped at 1 / eps.
    return v * min(1.0 / np.sqrt((v**2).sum()), 1.0 / eps)


def spectral_normalization(kernel, vector_u, power_iterations=1):
    """One training step of spectral normalization: returns the new
    `vector_u` (1, units) and `kernel / sigma`, where sigma estimates the
    largest singular value of the kernel reshaped to (-1, units)."""
    kernel = np.asarray(kernel, "float64")
    matrix = kernel.reshape(-1, kernel.shape[-1])
    u = np.asarray(vector_u, "float64")
    for _ in range(power_iterations):
        v = _unit(u @ matrix.T)
        u = _unit(v @ matrix)
    sigma = (v @ matrix @ u.T).item()
    return u, kernel / sigma


def alpha_dropout(x, keep, rate):
    """AlphaDropout for a given 0/1 `keep` mask (broadcast to `x`)."""
    alpha, scale = 1.6732632423543772, 1.0507009873554805
    saturation = -alpha * scale
    a = ((1 - rate) * (1 + rate * saturation**2)) ** -0.5
    b = -a * saturation * rate
    x = np.asarray(x, "float64")
    return a * (x * keep + saturation * (1 - keep)) + b
