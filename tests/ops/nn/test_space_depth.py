"""`depth_to_space`, `space_to_depth` and `psnr`: values against plain
NumPy (channels_first follows torch's pixel_shuffle), symbolic shapes and
errors."""

import numpy as np
import pytest

from kerata import ops
from kerata.src.backend import KerasTensor
from kerata.src.backend import standardize_dtype
from kerata.src.testing import assert_allclose


def _depth_to_space_nhwc(x, b):
    # Channels read as (row in block, column in block, new channel).
    n, h, w, c = x.shape
    out = np.zeros((n, h * b, w * b, c // (b * b)), x.dtype)
    for i in range(h * b):
        for j in range(w * b):
            start = ((i % b) * b + (j % b)) * (c // (b * b))
            out[:, i, j, :] = x[:, i // b, j // b, start : start + c // (b * b)]
    return out


def _x(shape, dtype="float32"):
    return np.arange(np.prod(shape)).reshape(shape).astype(dtype)


def test_depth_to_space_channels_last_matches_reference():
    x = _x((2, 2, 3, 8))
    got = ops.depth_to_space(x, 2)
    assert_allclose(got, _depth_to_space_nhwc(x, 2))


def _pixel_shuffle_nchw(x, b):
    # torch's pixel_shuffle: channels read as (new channel, row, column).
    n, c, h, w = x.shape
    out = np.zeros((n, c // (b * b), h * b, w * b), x.dtype)
    for k in range(c):
        new, i, j = k // (b * b), (k % (b * b)) // b, k % b
        out[:, new, i::b, j::b] = x[:, k]
    return out


def test_depth_to_space_channels_first_matches_pixel_shuffle():
    x = _x((1, 8, 2, 3))
    got = ops.depth_to_space(x, 2, data_format="channels_first")
    assert_allclose(got, _pixel_shuffle_nchw(x, 2))
    back = ops.space_to_depth(got, 2, data_format="channels_first")
    assert_allclose(back, x)


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_space_to_depth_inverts_depth_to_space(data_format):
    x = _x((1, 4, 6, 3) if data_format == "channels_last" else (1, 3, 4, 6))
    y = ops.space_to_depth(x, 2, data_format=data_format)
    expected = (
        (1, 2, 3, 12) if data_format == "channels_last" else (1, 12, 2, 3)
    )
    assert tuple(y.shape) == expected
    assert_allclose(ops.depth_to_space(y, 2, data_format=data_format), x)


def test_space_to_depth_keeps_dtype():
    y = ops.space_to_depth(_x((1, 2, 2, 1), "int32"), 2)
    assert standardize_dtype(y.dtype) == "int32"


@pytest.mark.parametrize(
    ("fn", "shape", "expected"),
    [
        (lambda x: ops.depth_to_space(x, 2), (None, 3, 4, 8), (None, 6, 8, 2)),
        (
            lambda x: ops.depth_to_space(x, 3, "channels_first"),
            (2, 9, None, 2),
            (2, 1, None, 6),
        ),
        (
            lambda x: ops.space_to_depth(x, 2),
            (None, 4, None, 3),
            (None, 2, None, 12),
        ),
    ],
)
def test_symbolic_shapes(fn, shape, expected):
    out = fn(KerasTensor(shape, dtype="float16"))
    assert tuple(out.shape) == expected
    assert standardize_dtype(out.dtype) == "float16"


def test_psnr_matches_numpy():
    rng = np.random.default_rng(0)
    x1 = rng.uniform(size=(2, 4, 4, 3)).astype("float32")
    x2 = rng.uniform(size=(2, 4, 4, 3)).astype("float32")
    mse = np.mean((x1 - x2) ** 2)
    expected = 20 * np.log10(1.0) - 10 * np.log10(mse)
    got = ops.psnr(x1, x2, 1.0)
    assert standardize_dtype(got.dtype) == "float32"
    assert_allclose(got, expected, rtol=1e-5)
    ints = ops.psnr(np.array([0, 255]), np.array([10, 250]), 255)
    expected = 20 * np.log10(255.0) - 10 * np.log10(62.5)
    assert_allclose(ints, expected, rtol=1e-5)


def test_symbolic_psnr():
    out = ops.psnr(KerasTensor((None, 3)), KerasTensor((None, 3)), 1.0)
    assert tuple(out.shape) == ()


@pytest.mark.parametrize(
    ("fn", "error", "match"),
    [
        (lambda: ops.depth_to_space(_x((2, 4, 4)), 2), ValueError, "4-D"),
        (lambda: ops.depth_to_space(_x((1, 2, 2, 6)), 2), ValueError, "divis"),
        (lambda: ops.space_to_depth(_x((1, 3, 4, 1)), 2), ValueError, "height"),
        (
            lambda: ops.space_to_depth(_x((1, 4, 4, 1)), 1),
            ValueError,
            "least 2",
        ),
        (lambda: ops.space_to_depth(_x((1, 4, 4, 1)), 2.0), TypeError, "int"),
        (
            lambda: ops.depth_to_space(_x((1, 2, 2, 4)), 2, "nchw"),
            ValueError,
            "data_format",
        ),
        (lambda: ops.psnr(np.ones(3), np.ones(4), 1.0), ValueError, "shape"),
    ],
)
def test_bad_arguments_raise(fn, error, match):
    with pytest.raises(error, match=match):
        fn()


# --- unfold / fold ----------------------------------------------------------
def _unfold_reference(x, k, d, p, s):
    # Plain loops over windows: torch.nn.functional.unfold's layout,
    # rows (channel, kernel row, kernel column), columns windows row-major.
    n, c, h, w = x.shape
    x = np.pad(x, ((0, 0), (0, 0), (p[0], p[0]), (p[1], p[1])))
    oh = (h + 2 * p[0] - d[0] * (k[0] - 1) - 1) // s[0] + 1
    ow = (w + 2 * p[1] - d[1] * (k[1] - 1) - 1) // s[1] + 1
    out = np.zeros((n, c, k[0], k[1], oh, ow), x.dtype)
    for i in range(k[0]):
        for j in range(k[1]):
            for r in range(oh):
                for q in range(ow):
                    row, col = r * s[0] + i * d[0], q * s[1] + j * d[1]
                    out[:, :, i, j, r, q] = x[:, :, row, col]
    return out.reshape(n, c * k[0] * k[1], oh * ow)


FOLD_CASES = [
    # (input shape, kernel_size, dilation, padding, stride)
    ((2, 3, 5, 4), 2, 1, 0, 1),
    ((1, 2, 6, 7), (3, 2), (1, 2), (1, 0), (2, 1)),
]


def _pairs(*values):
    return [v if isinstance(v, tuple) else (v, v) for v in values]


@pytest.mark.parametrize(("shape", "k", "d", "p", "s"), FOLD_CASES)
def test_unfold_matches_reference_and_fold_is_its_adjoint(shape, k, d, p, s):
    x = np.random.default_rng(0).standard_normal(shape).astype("float32")
    got = ops.unfold(x, k, dilation=d, padding=p, stride=s)
    expected = _unfold_reference(x, *_pairs(k, d, p, s))
    assert_allclose(got, expected)
    # fold is unfold's adjoint: <unfold(x), y> == <x, fold(y)>.
    y = np.random.default_rng(1).standard_normal(expected.shape)
    y = y.astype("float32")
    folded = ops.fold(y, shape[2:], k, dilation=d, padding=p, stride=s)
    assert tuple(folded.shape) == shape
    left = np.sum(expected * y)
    right = np.sum(x * ops.convert_to_numpy(folded))
    assert_allclose(left, right, rtol=1e-4, atol=1e-4)


def test_symbolic_unfold_and_fold():
    patches = ops.unfold(KerasTensor((None, 3, 8, 8)), 3, padding=1)
    assert tuple(patches.shape) == (None, 27, 64)
    image = ops.fold(KerasTensor((None, 27, 64)), (8, 8), 3, padding=1)
    assert tuple(image.shape) == (None, 3, 8, 8)


@pytest.mark.parametrize(
    ("fn", "match"),
    [
        (lambda: ops.unfold(np.ones((2, 4, 4)), 2), "4-D"),
        (lambda: ops.unfold(np.ones((1, 1, 4, 4)), (2, 2, 2)), "kernel_size"),
        (lambda: ops.unfold(np.ones((1, 1, 2, 2)), 3), "no window"),
        (lambda: ops.fold(np.ones((1, 5, 4)), 3, 2), "divisible"),
        (lambda: ops.fold(np.ones((1, 4, 3)), 3, 2), "windows"),
    ],
)
def test_unfold_and_fold_reject_bad_arguments(fn, match):
    with pytest.raises(ValueError, match=match):
        fn()


# --- polar ------------------------------------------------------------------
def test_polar_matches_numpy():
    rng = np.random.default_rng(0)
    magnitude = rng.uniform(size=(2, 3)).astype("float32")
    angle = rng.uniform(-3, 3, size=(3,)).astype("float32")
    z = ops.polar(magnitude, angle)
    assert standardize_dtype(z.dtype) == "complex64"
    expected = magnitude * np.exp(1j * angle)
    got = ops.convert_to_numpy(z)
    assert_allclose(got.real, expected.real, atol=1e-6)
    assert_allclose(got.imag, expected.imag, atol=1e-6)
    wide = ops.polar(magnitude.astype("float64"), angle)
    assert standardize_dtype(wide.dtype) == "complex128"
