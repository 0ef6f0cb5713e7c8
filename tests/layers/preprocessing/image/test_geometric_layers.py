"""Tests of RandomGaussianBlur, RandomPerspective, RandomElasticTransform
and ContrastLimitedAdaptiveHistogramEqualization.

All images share one shape, (2, 8, 8, 3), so that JAX compiles each
kernel once.
"""

import numpy as np
import pytest

import kerata
from kerata.src import testing
from kerata.src.testing.reference import image as reference
from tests.layers.preprocessing.image.helpers import assert_config_round_trip
from tests.layers.preprocessing.image.helpers import assert_reproducible
from tests.layers.preprocessing.image.helpers import images
from tests.layers.preprocessing.image.helpers import sequential_predict
from tests.layers.preprocessing.image.helpers import tiny_fit
from tests.layers.preprocessing.image.helpers import to_np

X = np.round(images(2, 8, 8, 3) * 255)


def _tensor(x):
    return kerata.ops.convert_to_tensor(x)


def _channels_first(x):
    return np.ascontiguousarray(x.transpose(0, 3, 1, 2))


# --- NumPy references -----------------------------------------------------


def _gaussian(size, sigma):
    taps = np.arange(size) - (size - 1) / 2
    kernel = np.exp(-0.5 * (taps / sigma) ** 2)
    return kernel / kernel.sum()


def _blur(x, size_x, size_y, sigma_x, sigma_y):
    """2-D Gaussian filter of a channels-last batch, zero padding."""
    kernel = np.outer(_gaussian(size_y, sigma_y), _gaussian(size_x, sigma_x))
    py, px = size_y // 2, size_x // 2
    padded = np.pad(x.astype("float64"), ((0, 0), (py, py), (px, px), (0, 0)))
    out = np.zeros(x.shape)
    height, width = x.shape[1:3]
    for dy in range(size_y):
        for dx in range(size_x):
            window = padded[:, dy : dy + height, dx : dx + width]
            out += kernel[dy, dx] * window
    return out


def _homography(src, dst):
    """The 3x3 matrix mapping each `dst` corner onto its `src` corner."""
    rows, target = [], []
    for (u, v), (x, y) in zip(src, dst):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        target += [u, v]
    h = np.linalg.solve(np.array(rows, "float64"), np.array(target))
    return np.append(h, 1.0).reshape(3, 3)


def _warp(image, matrix, order, fill_mode, fill_value, shift=None):
    """Samples a channels-last image at `matrix @ (x, y, 1)` (projective)
    plus `shift` `(2, h, w)` (row, column) per output pixel."""
    height, width = image.shape[:2]
    ys, xs = np.mgrid[0:height, 0:width].astype("float64")
    points = matrix @ np.stack([xs.ravel(), ys.ravel(), np.ones(xs.size)])
    cols = (points[0] / points[2]).reshape(height, width)
    rows = (points[1] / points[2]).reshape(height, width)
    if shift is not None:
        rows, cols = rows + shift[0], cols + shift[1]
    return np.stack(
        [
            reference.map_coordinates(
                image[..., c], [rows, cols], order, fill_mode, fill_value
            )
            for c in range(image.shape[-1])
        ],
        axis=-1,
    )


def _clahe(x, clip_limit, grid):
    """CLAHE of a channels-last batch on the 0-255 scale, tile by tile
    and pixel by pixel."""
    batch, height, width, channels = x.shape
    tile_h, tile_w = -(-height // grid[0]), -(-width // grid[1])
    out = np.zeros(x.shape)
    for b in range(batch):
        for c in range(channels):
            padded = np.pad(
                x[b, ..., c],
                ((0, tile_h * grid[0] - height), (0, tile_w * grid[1] - width)),
                mode="symmetric",
            )
            bins = np.clip(padded, 0, 255).astype(int)
            tables = np.zeros((grid[0], grid[1], 256))
            for i in range(grid[0]):
                for j in range(grid[1]):
                    tile = bins[
                        i * tile_h : (i + 1) * tile_h,
                        j * tile_w : (j + 1) * tile_w,
                    ]
                    hist = np.bincount(tile.ravel(), minlength=256).astype(
                        float
                    )
                    if clip_limit > 0:
                        limit = clip_limit * tile.size / 256
                        excess = np.maximum(hist - limit, 0).sum()
                        hist = np.minimum(hist, limit) + excess / 256
                    cdf = np.cumsum(hist)
                    span = tile.size - cdf[0] or 1.0
                    table = (cdf - cdf[0]) * 255 / span
                    tables[i, j] = np.clip(table, 0, 255)
            for y in range(height):
                for xx in range(width):
                    # Tile-center coordinates, clamped at the borders.
                    ty = min(max((y - tile_h / 2) / tile_h, -0.5), grid[0])
                    tx = min(max((xx - tile_w / 2) / tile_w, -0.5), grid[1])
                    i0, j0 = int(np.floor(ty)), int(np.floor(tx))
                    wy, wx = ty - i0, tx - j0
                    value = 0.0
                    for i, w_i in ((i0, 1 - wy), (i0 + 1, wy)):
                        for j, w_j in ((j0, 1 - wx), (j0 + 1, wx)):
                            ii = min(max(i, 0), grid[0] - 1)
                            jj = min(max(j, 0), grid[1] - 1)
                            value += w_i * w_j * tables[ii, jj, bins[y, xx]]
                    out[b, y, xx, c] = value
    return out


# --- RandomGaussianBlur ---------------------------------------------------


def test_gaussian_blur_matches_numpy_filter():
    layer = kerata.layers.RandomGaussianBlur(kernel_size=(3, 5), seed=0)
    transformation = {
        "should_apply_blur": _tensor(np.array([True, False])),
        "blur_factor": _tensor(np.array([0.7, 1.3], "float32")),
    }
    out = layer.transform_images(_tensor(X), transformation)
    expected = _blur(X[:1], 3, 5, 0.7, 1.3)
    testing.assert_allclose(to_np(out)[:1], expected, rtol=1e-5, atol=1e-3)
    testing.assert_allclose(to_np(out)[1:], X[1:])
    # channels_first gives the same result, transposed.
    layer = kerata.layers.RandomGaussianBlur(
        kernel_size=(3, 5), seed=0, data_format="channels_first"
    )
    out = layer.transform_images(_tensor(_channels_first(X)), transformation)
    testing.assert_allclose(
        to_np(out)[:1], _channels_first(expected), rtol=1e-5, atol=1e-3
    )


def test_gaussian_blur_call_draws_and_clips():
    layer = kerata.layers.RandomGaussianBlur(
        factor=(1.0, 1.0), sigma=(0.5, 0.5), value_range=(0, 100), seed=1
    )
    out = to_np(layer(X))
    expected = np.clip(_blur(X, 3, 3, 0.5, 0.5), 0, 100)
    testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-3)
    transformation = layer.get_random_transformation(X)
    assert to_np(transformation["blur_factor"]).shape == (2,)
    # factor 0 never blurs (but still clips to value_range in training).
    layer = kerata.layers.RandomGaussianBlur(factor=0.0, seed=1)
    testing.assert_allclose(layer(X), X)


def test_gaussian_blur_inference_and_reproducibility():
    layer = kerata.layers.RandomGaussianBlur(seed=3)
    testing.assert_allclose(layer(X, training=False), X)
    testing.assert_allclose(sequential_predict(layer, X), X)
    assert_reproducible(
        lambda: kerata.layers.RandomGaussianBlur(factor=(1.0, 1.0), seed=3), X
    )


@pytest.mark.parity
def test_gaussian_blur_matches_keras(keras):
    transformation = {
        "should_apply_blur": np.array([True, True]),
        "blur_factor": np.array([0.6, 1.1], "float32"),
    }
    expected = keras.layers.RandomGaussianBlur(kernel_size=3).transform_images(
        keras.ops.convert_to_tensor(X),
        {k: keras.ops.convert_to_tensor(v) for k, v in transformation.items()},
    )
    layer = kerata.layers.RandomGaussianBlur(kernel_size=3)
    out = layer.transform_images(
        _tensor(X), {k: _tensor(v) for k, v in transformation.items()}
    )
    testing.assert_allclose(
        out, keras.ops.convert_to_numpy(expected), rtol=1e-5, atol=1e-3
    )


# --- RandomPerspective ----------------------------------------------------

# Corner offsets (relative to the corner coordinates) of the two images.
_OFFSETS = np.array(
    [
        [[0.0, 0.0], [0.1, -0.05], [-0.2, 0.15], [0.05, -0.1]],
        [[0.0, 0.0], [-0.15, 0.1], [0.1, -0.1], [-0.05, 0.2]],
    ],
    "float32",
)
_CORNERS = np.array([[0, 0], [7, 0], [0, 7], [7, 7]], "float32")


def _perspective_transformation(apply=(True, True)):
    start = np.stack([_CORNERS, _CORNERS])
    return {
        "apply_perspective": np.array(apply),
        "start_points": start,
        "end_points": start + start * _OFFSETS,
    }


def test_perspective_matches_numpy_homography():
    # Nearest sampling is checked with RandomElasticTransform.
    layer = kerata.layers.RandomPerspective(fill_value=7.0)
    transformation = _perspective_transformation(apply=(True, False))
    out = to_np(
        layer.transform_images(
            _tensor(X),
            {k: _tensor(v) for k, v in transformation.items()},
        )
    )
    matrix = _homography(_CORNERS, transformation["end_points"][0])
    expected = _warp(X[0], matrix, 1, "constant", 7.0)
    testing.assert_allclose(out[0], expected, rtol=1e-4, atol=1e-2)
    testing.assert_allclose(out[1], X[1])


def test_perspective_call_identity_cases_and_reproducibility():
    x = _tensor(X)
    for layer in (
        kerata.layers.RandomPerspective(scale=0.0, seed=0),
        kerata.layers.RandomPerspective(factor=0.0, seed=0),
    ):
        testing.assert_allclose(layer(x), X, atol=1e-3)
    layer = kerata.layers.RandomPerspective(seed=0)
    testing.assert_allclose(layer(x, training=False), X)
    transformation = layer.get_random_transformation(x)
    end = to_np(transformation["end_points"])
    start = to_np(transformation["start_points"])
    assert end.shape == (2, 4, 2)
    testing.assert_allclose(end[:, 0], np.zeros((2, 2)))  # (0, 0) stays
    assert np.all(np.abs(end - start) <= 0.5 * start + 1e-6)
    assert_reproducible(
        lambda: kerata.layers.RandomPerspective(factor=(1.0, 1.0), seed=5), x
    )


def test_perspective_channels_first():
    transformation = {
        k: _tensor(v) for k, v in _perspective_transformation().items()
    }
    last = kerata.layers.RandomPerspective()
    first = kerata.layers.RandomPerspective(data_format="channels_first")
    out = first.transform_images(_tensor(_channels_first(X)), transformation)
    expected = last.transform_images(_tensor(X), transformation)
    testing.assert_allclose(
        to_np(out), _channels_first(to_np(expected)), atol=1e-4
    )


@pytest.mark.parity
def test_perspective_matches_keras(keras):
    transformation = _perspective_transformation()
    expected = keras.layers.RandomPerspective().transform_images(
        keras.ops.convert_to_tensor(X),
        {k: keras.ops.convert_to_tensor(v) for k, v in transformation.items()},
    )
    out = kerata.layers.RandomPerspective().transform_images(
        _tensor(X), {k: _tensor(v) for k, v in transformation.items()}
    )
    testing.assert_allclose(
        out, keras.ops.convert_to_numpy(expected), rtol=1e-4, atol=1e-2
    )


# --- RandomElasticTransform -----------------------------------------------


def test_elastic_zero_distortion_is_identity():
    layer = kerata.layers.RandomElasticTransform(seed=0)
    transformation = layer.get_random_transformation(X)
    transformation["distortion_factor"] = _tensor(np.float32(0.0))
    testing.assert_allclose(
        layer.transform_images(_tensor(X), transformation), X
    )
    # scale 0 or factor 0: no transformation at all.
    for kwargs in ({"scale": 0.0}, {"factor": 0.0}):
        layer = kerata.layers.RandomElasticTransform(seed=0, **kwargs)
        assert layer.get_random_transformation(X) is None
        testing.assert_allclose(layer(X), X)


@pytest.mark.parametrize(
    ("fill_mode", "interpolation"),
    [("reflect", "bilinear"), ("constant", "nearest")],
)
def test_elastic_matches_numpy_displacement(fill_mode, interpolation):
    layer = kerata.layers.RandomElasticTransform(
        scale=(0.5, 1.0),
        fill_mode=fill_mode,
        interpolation=interpolation,
        fill_value=9.0,
        seed=2,
    )
    noise = np.random.default_rng(1).normal(size=(2, 8, 8, 2))
    transformation = {
        "apply_transform": _tensor(np.array([True, False])),
        "distortion_factor": _tensor(np.float32(0.8)),
        "noise": _tensor(noise.astype("float32")),
    }
    out = to_np(layer.transform_images(_tensor(X), transformation))
    # alpha = 0.1 * 0.8 * 8, sigma = 0.05 * 0.8 * 8; the kernel is sized
    # for the largest scale: int(6 * 0.05 * 1.0 * 8) | 1 = 3.
    alpha, sigma = 0.64, 0.32
    shift = alpha * _blur(noise[:1] * sigma, 3, 3, sigma, sigma)[0]
    expected = _warp(
        X[0],
        np.eye(3),
        0 if interpolation == "nearest" else 1,
        fill_mode,
        9.0,
        shift=shift.transpose(2, 0, 1),
    )
    testing.assert_allclose(out[0], expected, rtol=1e-4, atol=1e-2)
    testing.assert_allclose(out[1], X[1])


def test_elastic_call_clips_and_is_reproducible():
    layer = kerata.layers.RandomElasticTransform(
        factor=(1.0, 1.0), value_range=(0, 200), seed=4
    )
    out = to_np(layer(X))
    assert out.shape == X.shape
    assert out.max() <= 200
    assert not np.allclose(out, np.clip(X, 0, 200))
    testing.assert_allclose(layer(X, training=False), X)
    testing.assert_allclose(sequential_predict(layer, X), X)
    assert_reproducible(
        lambda: kerata.layers.RandomElasticTransform(factor=(1, 1), seed=4), X
    )
    # channels_first with the same draws gives the transposed result.
    transformation = layer.get_random_transformation(X)
    first = kerata.layers.RandomElasticTransform(
        value_range=(0, 200), data_format="channels_first"
    )
    testing.assert_allclose(
        first.transform_images(_tensor(_channels_first(X)), transformation),
        _channels_first(
            to_np(layer.transform_images(_tensor(X), transformation))
        ),
        atol=1e-3,
    )


# --- ContrastLimitedAdaptiveHistogramEqualization -------------------------


# One setting, to spare JAX's compiles: a grid that does not divide the
# image (so tiles are padded) and a limit that clips single counts.
_CLAHE = {"clip_limit": 40.0, "tile_grid_size": (3, 5)}


def test_clahe_matches_numpy():
    layer = kerata.layers.ContrastLimitedAdaptiveHistogramEqualization(**_CLAHE)
    out = to_np(layer(X))
    testing.assert_allclose(out, _clahe(X, 40.0, (3, 5)), atol=1e-3)
    assert not np.allclose(out, X, atol=1)


def test_clahe_value_range_channels_first_and_inference():
    expected = _clahe(X, 40.0, (3, 5))
    # (0, 510) maps to (0, 255) exactly, so no value changes bin.
    layer = kerata.layers.ContrastLimitedAdaptiveHistogramEqualization(
        value_range=(0, 510), data_format="channels_first", **_CLAHE
    )
    x = _channels_first(X) * 2.0
    out = to_np(layer(x, training=False))
    testing.assert_allclose(out, _channels_first(expected) * 2, atol=1e-3)
    testing.assert_allclose(layer(x), out)


@pytest.mark.parity
def test_clahe_matches_keras(keras):
    # Keras's torch backend counts its histograms in int64 and truncates
    # the bin limit `clip_limit * pixels / 256` to an int: use limits
    # that are whole numbers (2 here) or no clipping.
    for kwargs in (
        {"tile_grid_size": (2, 2), "clip_limit": 32.0},
        {"tile_grid_size": (3, 5), "clip_limit": 0.0},
    ):
        expected = keras.layers.ContrastLimitedAdaptiveHistogramEqualization(
            **kwargs
        )(X)
        layer = kerata.layers.ContrastLimitedAdaptiveHistogramEqualization(
            **kwargs
        )
        testing.assert_allclose(
            layer(X), keras.ops.convert_to_numpy(expected), atol=1e-3
        )


# --- configs and arguments ------------------------------------------------


@pytest.mark.parametrize(
    ("cls", "kwargs", "expected"),
    [
        (
            "RandomGaussianBlur",
            {"factor": 0.5, "kernel_size": (3, 5), "sigma": (0.5, 2.0)},
            {"factor": (0.0, 0.5), "kernel_size": (3, 5), "sigma": (0.5, 2.0)},
        ),
        (
            "RandomPerspective",
            {"scale": 0.4, "interpolation": "nearest", "fill_value": 1.0},
            {"factor": (0.0, 1.0), "scale": 0.4, "interpolation": "nearest"},
        ),
        (
            "RandomElasticTransform",
            {"scale": 0.3, "fill_mode": "mirror", "value_range": (0, 1)},
            {"scale": (0.0, 0.3), "fill_mode": "mirror", "value_range": (0, 1)},
        ),
        (
            "ContrastLimitedAdaptiveHistogramEqualization",
            _CLAHE,
            _CLAHE,
        ),
    ],
)
def test_config_round_trip(cls, kwargs, expected):
    layer = getattr(kerata.layers, cls)(**kwargs)
    config = layer.get_config()
    for key, value in expected.items():
        assert config[key] == value
    assert_config_round_trip(layer, X)


@pytest.mark.parametrize(
    ("cls", "kwargs", "match"),
    [
        ("RandomGaussianBlur", {"kernel_size": 4}, "kernel_size"),
        ("RandomGaussianBlur", {"kernel_size": (3, 3, 3)}, "kernel_size"),
        ("RandomGaussianBlur", {"factor": 1.5}, "factor"),
        ("RandomGaussianBlur", {"sigma": -1.0}, "sigma"),
        ("RandomGaussianBlur", {"value_range": (1, 1)}, "value_range"),
        ("RandomPerspective", {"scale": 1.5}, "scale"),
        ("RandomPerspective", {"interpolation": "cubic"}, "interpolation"),
        ("RandomPerspective", {"fill_value": "x"}, "fill_value"),
        ("RandomElasticTransform", {"scale": (0.2, 2.0)}, "scale"),
        ("RandomElasticTransform", {"fill_mode": "edge"}, "fill_mode"),
        ("RandomElasticTransform", {"interpolation": "area"}, "interpolation"),
        (
            "ContrastLimitedAdaptiveHistogramEqualization",
            {"tile_grid_size": (0, 2)},
            "tile_grid_size",
        ),
        (
            "ContrastLimitedAdaptiveHistogramEqualization",
            {"clip_limit": "4"},
            "clip_limit",
        ),
    ],
)
def test_bad_arguments_raise(cls, kwargs, match):
    with pytest.raises(ValueError, match=match):
        getattr(kerata.layers, cls)(**kwargs)


def test_bad_rank_raises():
    layer = kerata.layers.RandomPerspective()
    with pytest.raises(ValueError, match="rank"):
        layer(np.ones((4, 4), "float32"))


@pytest.mark.slow
@testing.run_if(trainable=True)
def test_layers_in_fit():
    tiny_fit(
        [
            kerata.layers.RandomGaussianBlur(value_range=(0, 255), seed=0),
            kerata.layers.RandomPerspective(seed=0),
            kerata.layers.RandomElasticTransform(seed=0),
            kerata.layers.ContrastLimitedAdaptiveHistogramEqualization(
                **_CLAHE
            ),
        ],
        X,
    )
