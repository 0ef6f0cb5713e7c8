"""kerata.ops.image: gaussian_blur, sobel_edges, ssim, extract_patches(_3d),
perspective_transform, elastic_transform and scale_and_translate against
plain-NumPy references, JAX and Keras (on torch), plus shapes and errors.

Images share one shape, (2, 8, 8, 3), so that JAX compiles few kernels.
"""

import os
import sys

import numpy as np
import pytest

from kerata.src import backend
from kerata.src import ops
from kerata.src.testing import assert_allclose
from kerata.src.testing.reference import image as reference

X = np.random.default_rng(0).uniform(0, 1, (2, 8, 8, 3)).astype("float32")
Y = np.random.default_rng(1).uniform(0, 1, (2, 8, 8, 3)).astype("float32")


def _np(x):
    return ops.convert_to_numpy(x)


def _first(x):
    return np.ascontiguousarray(np.moveaxis(x, -1, 1))


@pytest.fixture(scope="module")
def keras():
    """Keras 3 on torch as an oracle (kerata's torch runs only)."""
    if backend.backend() != "torch":
        pytest.skip("the Keras oracle runs with kerata's torch backend")
    if "keras" not in sys.modules:
        os.environ["KERAS_BACKEND"] = "torch"
    keras = pytest.importorskip("keras")
    if keras.backend.backend() != "torch":
        pytest.skip(f"keras runs on {keras.backend.backend()!r}, not torch")
    return keras


# --- NumPy references -----------------------------------------------------


def _gaussian(size, sigma):
    taps = np.arange(size) - (size - 1) / 2
    kernel = np.exp(-0.5 * (taps / sigma) ** 2)
    return kernel / kernel.sum()


def _correlate(x, kernel, padding):
    """2-D cross-correlation of every channel of a channels-last batch."""
    kh, kw = kernel.shape
    if padding == "same":
        py, px = (kh - 1) // 2, (kw - 1) // 2
        x = np.pad(x, ((0, 0), (py, kh - 1 - py), (px, kw - 1 - px), (0, 0)))
    height, width = x.shape[1] - kh + 1, x.shape[2] - kw + 1
    out = np.zeros((x.shape[0], height, width, x.shape[3]))
    for i in range(kh):
        for j in range(kw):
            out += kernel[i, j] * x[:, i : i + height, j : j + width]
    return out


def _ssim(a, b, size, sigma, max_val=1.0, k1=0.01, k2=0.03):
    window = np.outer(_gaussian(size, sigma), _gaussian(size, sigma))

    def mean(t):
        return _correlate(t.astype("float64"), window, "valid")

    mu_a, mu_b = mean(a), mean(b)
    var_a = mean(a * a) - mu_a**2
    var_b = mean(b * b) - mu_b**2
    cov = mean(a * b) - mu_a * mu_b
    c1, c2 = (k1 * max_val) ** 2, (k2 * max_val) ** 2
    value = ((2 * mu_a * mu_b + c1) * (2 * cov + c2)) / (
        (mu_a**2 + mu_b**2 + c1) * (var_a + var_b + c2)
    )
    return value.mean(axis=(1, 2, 3))


def _patches(x, size, strides, dilation, padding):
    """N-D patches of a channels-last batch, one position at a time."""
    spatial = x.shape[1:-1]
    outs, pads = [], [(0, 0)]
    for n, k, s, d in zip(spatial, size, strides, dilation):
        span = (k - 1) * d + 1
        if padding == "valid":
            outs.append((n - span) // s + 1)
            pads.append((0, 0))
        else:
            out = -(-n // s)
            total = max((out - 1) * s + span - n, 0)
            outs.append(out)
            pads.append((total // 2, total - total // 2))
    x = np.pad(x, pads + [(0, 0)])
    result = np.zeros((x.shape[0], *outs, int(np.prod(size)) * x.shape[-1]))
    for position in np.ndindex(*outs):
        index = tuple(
            slice(p * s, p * s + (k - 1) * d + 1, d)
            for p, k, s, d in zip(position, size, strides, dilation)
        )
        window = x[(slice(None),) + index]
        result[(slice(None),) + position] = window.reshape(x.shape[0], -1)
    return result


def _homography(src, dst):
    """The 3x3 matrix mapping each `dst` point onto its `src` point."""
    rows, target = [], []
    for (u, v), (x, y) in zip(src, dst):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        target += [u, v]
    h = np.linalg.solve(np.array(rows, "float64"), np.array(target))
    return np.append(h, 1.0).reshape(3, 3)


def _perspective(image, src, dst, order, fill_value):
    height, width = image.shape[:2]
    ys, xs = np.mgrid[0:height, 0:width].astype("float64")
    points = _homography(src, dst) @ np.stack(
        [xs.ravel(), ys.ravel(), np.ones(xs.size)]
    )
    cols = (points[0] / points[2]).reshape(height, width)
    rows = (points[1] / points[2]).reshape(height, width)
    return np.stack(
        [
            reference.map_coordinates(
                image[..., c], [rows, cols], order, "constant", fill_value
            )
            for c in range(image.shape[-1])
        ],
        axis=-1,
    )


# --- gaussian_blur --------------------------------------------------------


def test_gaussian_blur_matches_numpy_both_layouts():
    expected = _correlate(
        X, np.outer(_gaussian(5, 1.3), _gaussian(3, 0.7)), "same"
    )
    out = ops.image.gaussian_blur(X, (3, 5), (0.7, 1.3))
    assert out.dtype == X.dtype or backend.standardize_dtype(out.dtype) == (
        "float32"
    )
    assert_allclose(out, expected, atol=1e-5)
    first = ops.image.gaussian_blur(
        _first(X), (3, 5), (0.7, 1.3), data_format="channels_first"
    )
    assert_allclose(first, _first(expected), atol=1e-5)
    assert_allclose(
        ops.image.gaussian_blur(X[0], (3, 5), (0.7, 1.3)), expected[0], 1e-5
    )


def test_gaussian_blur_keeps_integer_dtype():
    x = np.full((1, 4, 4, 1), 100, "uint8")
    out = ops.image.gaussian_blur(x)
    assert backend.standardize_dtype(out.dtype) == "uint8"
    assert int(_np(out)[0, 1, 1, 0]) == 100


@pytest.mark.parity
def test_gaussian_blur_matches_keras(keras):
    # Keras's eager call does not resolve data_format=None: pass it.
    expected = keras.ops.image.gaussian_blur(
        X, (3, 3), (0.6, 1.4), data_format="channels_last"
    )
    out = ops.image.gaussian_blur(X, (3, 3), (0.6, 1.4))
    assert_allclose(out, keras.ops.convert_to_numpy(expected), atol=1e-5)


# --- sobel_edges ----------------------------------------------------------


def test_sobel_edges_matches_numpy_both_layouts():
    sobel_y = np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], "float64")
    expected = np.stack(
        [_correlate(X, sobel_y, "same"), _correlate(X, sobel_y.T, "same")],
        axis=-1,
    )
    assert_allclose(ops.image.sobel_edges(X), expected, atol=1e-5)
    first = ops.image.sobel_edges(_first(X), data_format="channels_first")
    assert_allclose(first, np.moveaxis(expected, 3, 1), atol=1e-5)


@pytest.mark.parity
def test_sobel_edges_matches_keras(keras):
    expected = keras.ops.image.sobel_edges(X)
    out = ops.image.sobel_edges(X)
    assert_allclose(out, keras.ops.convert_to_numpy(expected), atol=1e-5)


# --- ssim -----------------------------------------------------------------


def test_ssim_matches_numpy_both_layouts():
    expected = _ssim(X, Y, 5, 1.0)
    out = ops.image.ssim(X, Y, filter_size=5, filter_sigma=1.0)
    assert tuple(out.shape) == (2,)
    assert_allclose(out, expected, atol=1e-5)
    first = ops.image.ssim(
        _first(X),
        _first(Y),
        filter_size=5,
        filter_sigma=1.0,
        data_format="channels_first",
    )
    assert_allclose(first, expected, atol=1e-5)
    single = ops.image.ssim(X[0], X[0], filter_size=5, filter_sigma=1.0)
    assert tuple(single.shape) == ()
    assert abs(float(_np(single)) - 1.0) < 1e-5


@pytest.mark.parity
def test_ssim_matches_keras(keras):
    expected = keras.ops.image.ssim(X, Y, max_val=2.0, filter_size=5)
    out = ops.image.ssim(X, Y, max_val=2.0, filter_size=5)
    assert_allclose(out, keras.ops.convert_to_numpy(expected), atol=1e-5)


# --- extract_patches ------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "strides", "dilation", "padding"),
    [
        ((3, 2), None, 1, "valid"),
        ((3, 3), (2, 3), 1, "same"),
        ((2, 2), (1, 1), (2, 1), "valid"),
    ],
)
def test_extract_patches_matches_numpy(size, strides, dilation, padding):
    expected = _patches(
        X,
        size,
        strides or size,
        (dilation, dilation) if isinstance(dilation, int) else dilation,
        padding,
    )
    out = ops.image.extract_patches(X, size, strides, dilation, padding)
    assert_allclose(out, expected)
    if strides is None:  # the other layouts once (JAX compiles per shape)
        first = ops.image.extract_patches(
            _first(X), size, strides, dilation, padding, "channels_first"
        )
        assert_allclose(first, _first(expected))
        single = ops.image.extract_patches(
            X[0], size, strides, dilation, padding
        )
        assert_allclose(single, expected[0])


def test_extract_patches_3d_matches_numpy():
    volumes = X.reshape(2, 4, 4, 4, 3)
    expected = _patches(volumes, (2, 3, 2), (2, 1, 2), (1, 1, 1), "valid")
    assert_allclose(
        ops.image.extract_patches_3d(volumes, (2, 3, 2), (2, 1, 2)), expected
    )
    # A 3-D `size` in extract_patches picks the same path.
    out = ops.image.extract_patches(volumes[0], (2, 3, 2), (2, 1, 2))
    assert_allclose(out, expected[0])


@pytest.mark.parity
def test_extract_patches_matches_keras(keras):
    for size, strides, padding in (
        ((3, 3), (2, 2), "same"),
        (2, None, "valid"),
    ):
        expected = keras.ops.image.extract_patches(
            X, size, strides, padding=padding
        )
        out = ops.image.extract_patches(X, size, strides, padding=padding)
        assert_allclose(out, keras.ops.convert_to_numpy(expected), atol=1e-6)
    volumes = X.reshape(2, 4, 4, 4, 3)
    expected = keras.ops.image.extract_patches_3d(volumes, 2)
    out = ops.image.extract_patches_3d(volumes, 2)
    assert_allclose(out, keras.ops.convert_to_numpy(expected), atol=1e-6)


# --- perspective_transform ------------------------------------------------

START = np.array([[0, 0], [7, 0], [0, 7], [7, 7]], "float32")
END = np.array(
    [
        [[0.5, 0.2], [7.3, -0.4], [-0.6, 6.5], [7.2, 7.7]],
        [[-0.3, 0.4], [6.4, 0.5], [0.2, 7.6], [6.8, 6.6]],
    ],
    "float32",
)


@pytest.mark.parametrize("interpolation", ["bilinear", "nearest"])
def test_perspective_transform_matches_numpy(interpolation):
    order = 0 if interpolation == "nearest" else 1
    start = np.stack([START, START])
    expected = np.stack(
        [_perspective(X[i], START, END[i], order, 0.5) for i in range(2)]
    )
    if order == 1:
        out = ops.image.perspective_transform(X, start, END, fill_value=0.5)
        assert_allclose(out, expected, atol=1e-4)
        # One image with (4, 2) points.
        single = ops.image.perspective_transform(
            X[0], START, END[0], fill_value=0.5
        )
        assert_allclose(single, expected[0], atol=1e-4)
    else:
        first = ops.image.perspective_transform(
            _first(X),
            start,
            END,
            interpolation=interpolation,
            fill_value=0.5,
            data_format="channels_first",
        )
        assert_allclose(first, _first(expected), atol=1e-4)


@pytest.mark.parity
def test_perspective_transform_matches_keras(keras):
    start = np.stack([START, START])
    expected = keras.ops.image.perspective_transform(X, start, END)
    out = ops.image.perspective_transform(X, start, END)
    assert_allclose(out, keras.ops.convert_to_numpy(expected), atol=1e-4)


# --- elastic_transform ----------------------------------------------------


def test_elastic_transform_is_seeded_and_layout_independent():
    out = _np(ops.image.elastic_transform(X, 3.0, 1.0, seed=7))
    assert out.shape == X.shape
    assert not np.allclose(out, X)
    assert_allclose(ops.image.elastic_transform(X, 3.0, 1.0, seed=7), out)
    # The noise does not depend on the layout.
    first = ops.image.elastic_transform(
        _first(X), 3.0, 1.0, seed=7, data_format="channels_first"
    )
    assert_allclose(first, _first(out), atol=1e-5)
    # No displacement: the identity, whatever the fill mode.
    same = ops.image.elastic_transform(X[0], 0.0, 1.0, fill_mode="constant")
    assert_allclose(same, X[0], atol=1e-6)


def test_elastic_warp_matches_numpy_displacement():
    noise = np.random.default_rng(3).normal(size=(2, 8, 8, 2))
    out = ops.image.elastic_warp(
        X, noise.astype("float32"), 2.0, 0.8, 5, "bilinear", "wrap"
    )
    window = np.outer(_gaussian(5, 0.8), _gaussian(5, 0.8))
    shift = 2.0 * _correlate(noise * 0.8, window, "same")
    ys, xs = np.mgrid[0:8, 0:8].astype("float64")
    for b in range(2):
        coordinates = [ys + shift[b, ..., 0], xs + shift[b, ..., 1]]
        expected = np.stack(
            [
                reference.map_coordinates(
                    X[b, ..., c], coordinates, 1, "wrap", 0.0
                )
                for c in range(3)
            ],
            axis=-1,
        )
        assert_allclose(_np(out)[b], expected, atol=1e-4)


# --- scale_and_translate --------------------------------------------------


@pytest.mark.parametrize(
    ("method", "antialias"),
    [("linear", True), ("bicubic", False), ("lanczos3", True)],
)
def test_scale_and_translate_matches_jax(method, antialias):
    jax = pytest.importorskip("jax")
    scale = np.array([0.6, 1.7], "float32")
    translation = np.array([0.5, -1.0], "float32")
    expected = jax.image.scale_and_translate(
        X, (2, 5, 12, 3), (1, 2), scale, translation, method, antialias
    )
    out = ops.image.scale_and_translate(
        X, (2, 5, 12, 3), scale, translation, (1, 2), method, antialias
    )
    assert_allclose(out, np.asarray(expected), atol=1e-5)


def test_scale_and_translate_integer_input_gives_float32():
    x = np.arange(9, dtype="int32").reshape(3, 3)
    out = ops.image.scale_and_translate(
        x, (3, 3), np.ones(2), np.zeros(2), (0, 1), "linear"
    )
    assert backend.standardize_dtype(out.dtype) == "float32"
    assert_allclose(out, x.astype("float32"), atol=1e-6)


# --- symbolic shapes and errors -------------------------------------------


def test_symbolic_shapes():
    images = backend.KerasTensor((None, 8, 8, 3))
    first = backend.KerasTensor((None, 3, 8, 8))
    image = ops.image
    assert image.gaussian_blur(images).shape == (None, 8, 8, 3)
    assert image.sobel_edges(first, "channels_first").shape == (
        None,
        3,
        8,
        8,
        2,
    )
    assert image.ssim(images, images).shape == (None,)
    assert image.ssim(backend.KerasTensor((8, 8, 3)), X[0]).shape == ()
    assert image.extract_patches(images, 3, 2, padding="same").shape == (
        None,
        4,
        4,
        27,
    )
    assert image.extract_patches(
        first, (2, 4), data_format="channels_first"
    ).shape == (None, 24, 4, 2)
    volumes = backend.KerasTensor((4, 6, 6, 2))
    assert image.extract_patches_3d(volumes, (2, 3, 3)).shape == (2, 2, 2, 36)
    points = backend.KerasTensor((None, 4, 2))
    assert image.perspective_transform(images, points, points).shape == (
        None,
        8,
        8,
        3,
    )
    assert image.elastic_transform(first).shape == (None, 3, 8, 8)
    scaled = image.scale_and_translate(
        images, (4, 5, 9, 3), np.ones(2), np.zeros(2), (1, 2), "cubic"
    )
    assert (scaled.shape, scaled.dtype) == ((4, 5, 9, 3), "float32")


@pytest.mark.parametrize(
    ("fn", "kwargs", "match"),
    [
        ("gaussian_blur", {"images": X[0, 0]}, "rank"),
        ("gaussian_blur", {"images": X, "kernel_size": (3, 0)}, "kernel_size"),
        ("gaussian_blur", {"images": X, "sigma": 1.0}, "sigma"),
        ("sobel_edges", {"images": X[0]}, "rank 4"),
        ("ssim", {"image1": X, "image2": X[0]}, "same shape"),
        ("ssim", {"image1": X, "image2": X, "filter_size": 0}, "filter_size"),
        ("extract_patches", {"images": X, "size": (2, 2, 2, 2)}, "size"),
        ("extract_patches", {"images": X, "size": 2, "strides": 0}, "strides"),
        ("extract_patches", {"images": X, "size": 2, "padding": "x"}, "padd"),
        ("extract_patches", {"images": X[0], "size": (2, 2, 2)}, "rank"),
        (
            "perspective_transform",
            {"images": X, "start_points": START, "end_points": START[:3]},
            "end_points",
        ),
        (
            "perspective_transform",
            {
                "images": X,
                "start_points": START,
                "end_points": START,
                "interpolation": "cubic",
            },
            "interpolation",
        ),
        ("elastic_transform", {"images": X, "sigma": -1.0}, "sigma"),
        ("elastic_transform", {"images": X, "fill_mode": "edge"}, "fill_mode"),
        (
            "scale_and_translate",
            {
                "images": X,
                "output_shape": (2, 4, 4),
                "scale": np.ones(2),
                "translation": np.zeros(2),
                "spatial_dims": (1, 2),
                "method": "linear",
            },
            "output_shape",
        ),
        (
            "scale_and_translate",
            {
                "images": X,
                "output_shape": (2, 4, 4, 3),
                "scale": np.ones(2),
                "translation": np.zeros(2),
                "spatial_dims": (1, 2),
                "method": "area",
            },
            "method",
        ),
    ],
)
def test_bad_arguments_raise(fn, kwargs, match):
    with pytest.raises(ValueError, match=match):
        getattr(ops.image, fn)(**kwargs)
    # Symbolic calls check the same things.
    symbolic = {
        k: backend.KerasTensor(v.shape) if isinstance(v, np.ndarray) else v
        for k, v in kwargs.items()
    }
    with pytest.raises(ValueError, match=match):
        getattr(ops.image, fn)(**symbolic)
