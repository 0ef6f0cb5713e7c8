"""kerata.ops.image: numerics against plain-NumPy references and JAX (the
numerics Keras uses on JAX), shapes, dtypes, symbolic calls and errors."""

import os
import sys

import numpy as np
import pytest

from kerata.src import backend
from kerata.src import ops
from kerata.src.testing import assert_allclose
from kerata.src.testing.reference import image as reference


def _images(shape, seed=0, low=0.0, high=1.0, dtype="float32"):
    rng = np.random.default_rng(seed)
    return rng.uniform(low, high, shape).astype(dtype)


def _to_first(x):
    return np.moveaxis(x, -1, -3)


@pytest.fixture(scope="module")
def jax_image():
    jax = pytest.importorskip("jax")
    return jax.image


@pytest.fixture(scope="module")
def jax_ndimage():
    pytest.importorskip("jax")
    import jax.scipy.ndimage

    return jax.scipy.ndimage


@pytest.fixture(scope="module")
def keras():
    if "keras" not in sys.modules:
        # Keras picks its backend once, at import; use kerata's.
        os.environ["KERAS_BACKEND"] = backend.backend()
    return pytest.importorskip("keras")


# --- resize ---------------------------------------------------------------

# Up on both axes, down on both, and mixed.
SIZES = [(8, 9), (2, 3), (10, 4)]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("method", ["nearest", "bilinear"])
def test_resize_matches_reference(method, size):
    x = _images((2, 5, 6, 3))
    fn = getattr(reference, f"resize_{method}")
    y = ops.image.resize(x, size, interpolation=method)
    assert_allclose(y, fn(x, size), atol=1e-5)
    # One image, channels first.
    y = ops.image.resize(
        _to_first(x[0]), size, method, data_format="channels_first"
    )
    assert_allclose(y, _to_first(fn(x[0], size)), atol=1e-5)


METHODS = ["bilinear", "bicubic", "lanczos3", "lanczos5", "area"]


@pytest.mark.parametrize(
    ("size", "antialias"), [((9, 3), False), ((3, 11), True), ((2, 2), True)]
)
@pytest.mark.parametrize("method", METHODS)
def test_resize_kernels_match_reference(method, size, antialias):
    x = _images((2, 6, 7, 2), seed=1)
    y = ops.image.resize(x, size, interpolation=method, antialias=antialias)
    expected = reference.resize(x, size, method, antialias)
    assert_allclose(y, expected, atol=2e-5)


@pytest.mark.parametrize(
    ("method", "size", "antialias"),
    [
        ("bicubic", (3, 9), False),  # torch's own bicubic would differ
        ("lanczos3", (9, 4), True),
    ],
)
def test_resize_matches_jax(jax_image, method, size, antialias):
    x = _images((2, 6, 7, 2), seed=1)
    expected = jax_image.resize(
        x, (2, *size, 2), method=method, antialias=antialias
    )
    y = ops.image.resize(x, size, interpolation=method, antialias=antialias)
    assert_allclose(y, np.asarray(expected), atol=2e-5)


@pytest.mark.parametrize("method", ["nearest", "bicubic"])
def test_resize_integer_images_round_and_clip(jax_image, method):
    x = _images((7, 5, 3), low=0, high=255).round().astype("uint8")
    x[0, 0] = 255  # cubic overshoot near a bright pixel must clip
    y = ops.image.resize(x, (11, 3), interpolation=method)
    assert ops.dtype(y) == "uint8"
    expected = jax_image.resize(
        x.astype("float32"), (11, 3, 3), method, antialias=False
    )
    expected = np.clip(np.round(np.asarray(expected)), 0, 255)
    diff = np.abs(ops.convert_to_numpy(y).astype("int32") - expected)
    assert diff.max() <= 1  # ties may round differently after float error


@pytest.mark.parametrize("dtype", ["float16", "float64"])
def test_resize_keeps_float_dtype(dtype):
    x = _images((4, 4, 1), dtype=dtype)
    for method in ("bilinear", "bicubic"):
        y = ops.image.resize(x, (2, 3), interpolation=method, antialias=True)
        assert ops.dtype(y) == dtype


def test_resize_identity_size_is_exact():
    x = _images((1, 4, 5, 2))
    for method in ("nearest", "bilinear", "bicubic", "lanczos3"):
        assert_allclose(ops.image.resize(x, (4, 5), method), x, atol=1e-6)


def test_resize_crop_to_aspect_ratio():
    x = _images((2, 6, 10, 1))
    y = ops.image.resize(x, (3, 3), "nearest", crop_to_aspect_ratio=True)
    # The centered 6x6 window (columns 2..7), then halved.
    assert_allclose(y, reference.resize_nearest(x[:, :, 2:8], (3, 3)))


def test_resize_pad_to_aspect_ratio():
    x = _images((6, 4, 1), low=1.0, high=2.0)
    y = ops.image.resize(
        x, (6, 6), "nearest", pad_to_aspect_ratio=True, fill_value=-1.0
    )
    expected = np.pad(x, ((0, 0), (1, 1), (0, 0)), constant_values=-1.0)
    assert_allclose(y, expected)
    first = ops.image.resize(
        _to_first(x),
        (6, 6),
        "nearest",
        pad_to_aspect_ratio=True,
        fill_value=-1.0,
        data_format="channels_first",
    )
    assert_allclose(first, _to_first(expected))


@pytest.mark.parametrize(
    ("method", "options", "size"),
    [
        ("bilinear", {"crop_to_aspect_ratio": True}, (4, 4)),
        ("nearest", {"pad_to_aspect_ratio": True, "fill_value": 0.5}, (4, 6)),
        ("bicubic", {"antialias": True}, (3, 9)),
    ],
)
@pytest.mark.parity
@pytest.mark.skipif(
    backend.backend() != "jax",
    reason="Keras runs on kerata's backend, and its reference resize "
    "numerics are those of its jax backend",
)
def test_resize_matches_keras_on_jax(keras, method, options, size):
    x = _images((2, 5, 7, 3), seed=2)
    expected = keras.ops.image.resize(x, size, interpolation=method, **options)
    y = ops.image.resize(x, size, interpolation=method, **options)
    assert_allclose(y, keras.ops.convert_to_numpy(expected), atol=1e-5)


def test_resize_symbolic_shapes():
    images = backend.KerasTensor((None, 8, 8, 3))
    out = ops.image.resize(images, (4, 5))
    assert out.shape == (None, 4, 5, 3)
    assert out.dtype == "float32"
    first = backend.KerasTensor((None, 3, 8, 8), dtype="uint8")
    out = ops.image.resize(first, (2, 6), data_format="channels_first")
    assert (out.shape, out.dtype) == ((None, 3, 2, 6), "uint8")
    assert ops.image.resize(backend.KerasTensor((8, 8, 1)), (3, 3)).shape == (
        3,
        3,
        1,
    )


@pytest.mark.parametrize(
    ("images", "kwargs", "match"),
    [
        ((4, 4), {"size": (2, 2)}, "rank"),
        ((4, 4, 1), {"size": (2,)}, "size"),
        ((4, 4, 1), {"size": (0, 2)}, "positive"),
        ((4, 4, 1), {"size": (2, 2), "interpolation": "cubic"}, "interp"),
        ((4, 4, 1), {"size": (2, 2), "fill_mode": "wrap"}, "fill_mode"),
        (
            (4, 4, 1),
            {
                "size": (2, 2),
                "crop_to_aspect_ratio": True,
                "pad_to_aspect_ratio": True,
            },
            "Only one",
        ),
    ],
)
def test_resize_rejects_bad_arguments(images, kwargs, match):
    with pytest.raises(ValueError, match=match):
        ops.image.resize(np.zeros(images, "float32"), **kwargs)
    with pytest.raises(ValueError, match=match):
        ops.image.resize(backend.KerasTensor(images), **kwargs)


# --- color conversions ------------------------------------------------------


def test_rgb_to_grayscale_matches_reference():
    x = _images((2, 3, 4, 3))
    assert_allclose(
        ops.image.rgb_to_grayscale(x), reference.rgb_to_grayscale(x)
    )
    y = ops.image.rgb_to_grayscale(_to_first(x), data_format="channels_first")
    assert_allclose(y, _to_first(reference.rgb_to_grayscale(x)))
    one = x[..., :1]
    assert_allclose(ops.image.rgb_to_grayscale(one), one)


def test_rgb_to_grayscale_integer_images_keep_dtype():
    x = np.full((2, 2, 3), 200, "uint8")
    y = ops.image.rgb_to_grayscale(x)
    assert ops.dtype(y) == "uint8"
    assert ops.convert_to_numpy(y).ravel().tolist() == [199] * 4


def test_rgb_to_grayscale_symbolic_and_errors():
    out = ops.image.rgb_to_grayscale(backend.KerasTensor((None, 5, 5, 3)))
    assert out.shape == (None, 5, 5, 1)
    with pytest.raises(ValueError, match="channel"):
        ops.image.rgb_to_grayscale(np.zeros((2, 2, 2), "float32"))
    with pytest.raises(ValueError, match="channel"):
        ops.image.rgb_to_grayscale(backend.KerasTensor((2, 2, 4)))


def _hsv_samples():
    x = _images((2, 4, 5, 3), seed=3)
    # Grays, primaries and exact ties between channels.
    x[0, 0, :3] = [[0.5, 0.5, 0.5], [1.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    x[0, 1, :3] = [[0.2, 0.2, 0.7], [0.9, 0.9, 0.1], [0.3, 0.8, 0.8]]
    return x


def test_rgb_to_hsv_and_back_match_colorsys():
    x = _hsv_samples()
    hsv = ops.image.rgb_to_hsv(x)
    assert_allclose(hsv, reference.rgb_to_hsv(x), atol=1e-6)
    assert_allclose(ops.image.hsv_to_rgb(hsv), x, atol=1e-6)
    expected = reference.hsv_to_rgb(x)
    assert_allclose(ops.image.hsv_to_rgb(x), expected, atol=1e-6)
    first = ops.image.rgb_to_hsv(_to_first(x), data_format="channels_first")
    assert_allclose(first, _to_first(reference.rgb_to_hsv(x)), atol=1e-6)


def test_hsv_conversions_reject_bad_input():
    with pytest.raises(ValueError, match="float"):
        ops.image.rgb_to_hsv(np.zeros((2, 2, 3), "uint8"))
    with pytest.raises(ValueError, match="3 channels"):
        ops.image.hsv_to_rgb(np.zeros((2, 2, 4), "float32"))
    out = ops.image.hsv_to_rgb(backend.KerasTensor((None, 2, 2, 3)))
    assert out.shape == (None, 2, 2, 3)


# --- map_coordinates and affine_transform -----------------------------------

FILL_MODES = ["constant", "nearest", "wrap", "mirror", "reflect"]


@pytest.mark.parametrize("fill_mode", FILL_MODES)
@pytest.mark.parametrize("order", [0, 1])
def test_map_coordinates_matches_reference(order, fill_mode):
    x = _images((4, 5), seed=4)
    # Points inside, on the edges and well outside, with exact .5 ties.
    coordinates = np.stack(
        [
            np.linspace(-6.5, 9.5, 21, dtype="float32").reshape(3, 7),
            np.linspace(7.3, -5.2, 21, dtype="float32").reshape(3, 7),
        ]
    )
    y = ops.image.map_coordinates(
        x, coordinates, order, fill_mode=fill_mode, fill_value=-1.0
    )
    expected = reference.map_coordinates(x, coordinates, order, fill_mode, -1)
    assert tuple(y.shape) == (3, 7)
    assert_allclose(y, expected, atol=1e-5)


@pytest.mark.parametrize("fill_mode", ["mirror", "reflect"])
def test_map_coordinates_matches_jax(jax_ndimage, fill_mode):
    x = _images((3, 4, 2), seed=5)
    coordinates = _images((3, 6, 5), seed=6, low=-3.0, high=6.0)
    expected = jax_ndimage.map_coordinates(
        x, list(coordinates), 1, mode=fill_mode, cval=0.25
    )
    y = ops.image.map_coordinates(x, coordinates, 1, fill_mode, 0.25)
    assert_allclose(y, np.asarray(expected), atol=1e-5)


def test_map_coordinates_integer_inputs_round_half_away_from_zero():
    x = np.array([0, 1, 2, 3], "int32")
    y = ops.image.map_coordinates(x, [[0.5, 1.5, 2.25]], order=1)
    assert ops.dtype(y) == "int32"
    assert ops.convert_to_numpy(y).tolist() == [1, 2, 2]


def test_map_coordinates_symbolic_and_errors():
    out = ops.image.map_coordinates(
        backend.KerasTensor((4, 5)), backend.KerasTensor((2, None, 3)), 1
    )
    assert out.shape == (None, 3)
    with pytest.raises(ValueError, match="coordinates"):
        ops.image.map_coordinates(np.zeros((4, 5)), np.zeros((3, 2)), 1)
    with pytest.raises(ValueError, match="order"):
        ops.image.map_coordinates(np.zeros((4, 5)), np.zeros((2, 2)), 3)
    with pytest.raises(ValueError, match="fill_mode"):
        ops.image.map_coordinates(
            np.zeros((4, 5)), np.zeros((2, 2)), 1, fill_mode="edge"
        )


# Dyadic entries keep the sample points exact in float32, so nearest
# rounding (ties included) cannot depend on float error.
TRANSFORMS = {
    "zoom": [1.5, 0.0, -1.0, 0.0, 1.5, -0.5, 0.0, 0.0],
    "shear": [1.0, 0.5, -1.0, 0.25, 1.0, -0.75, 0.0, 0.0],
    "rotate": [0.75, -0.625, 2.25, 0.625, 0.75, -1.125, 0.0, 0.0],
}


@pytest.mark.parametrize(
    ("name", "interpolation", "fill_mode"),
    [
        ("zoom", "bilinear", "constant"),
        ("shear", "nearest", "reflect"),
        ("rotate", "bilinear", "nearest"),
        ("rotate", "nearest", "constant"),
    ],
)
def test_affine_transform_matches_reference(name, interpolation, fill_mode):
    x = _images((1, 5, 6, 2), seed=7)
    transform = np.array(TRANSFORMS[name], "float32")
    y = ops.image.affine_transform(
        x, transform, interpolation, fill_mode=fill_mode, fill_value=0.5
    )
    order = 0 if interpolation == "nearest" else 1
    expected = reference.affine_transform(x, transform, order, fill_mode, 0.5)
    assert_allclose(y, expected, atol=1e-5)


def test_affine_transform_batch_of_transforms_and_channels_first():
    x = _images((2, 4, 5, 3), seed=8)
    transforms = np.array([TRANSFORMS["zoom"], TRANSFORMS["rotate"]], "f4")
    expected = np.concatenate(
        [
            reference.affine_transform(x[i : i + 1], t, 1, "constant", 0.0)
            for i, t in enumerate(transforms)
        ]
    )
    assert_allclose(
        ops.image.affine_transform(x, transforms), expected, atol=1e-5
    )
    first = ops.image.affine_transform(
        _to_first(x), transforms, data_format="channels_first"
    )
    assert_allclose(first, _to_first(expected), atol=1e-5)
    one = ops.image.affine_transform(x[1], transforms[1])
    assert_allclose(one, expected[1], atol=1e-5)


def test_affine_transform_identity_and_errors():
    x = _images((3, 4, 2))
    identity = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0]
    assert_allclose(ops.image.affine_transform(x, identity), x)
    spec = ops.image.affine_transform(
        backend.KerasTensor((None, 8, 8, 3)), backend.KerasTensor((None, 8))
    )
    assert spec.shape == (None, 8, 8, 3)
    with pytest.raises(ValueError, match="transform"):
        ops.image.affine_transform(x, [1.0, 0.0, 0.0])
    with pytest.raises(ValueError, match="interpolation"):
        ops.image.affine_transform(x, identity, interpolation="bicubic")
    with pytest.raises(ValueError, match="fill_mode"):
        ops.image.affine_transform(x, identity, fill_mode="edge")


# --- pad_images and crop_images ---------------------------------------------


def test_pad_images_matches_numpy():
    x = _images((2, 3, 4, 2), low=1.0, high=2.0)
    y = ops.image.pad_images(x, 1, 2, target_height=6, target_width=7)
    expected = np.pad(x, ((0, 0), (1, 2), (2, 1), (0, 0)))
    assert_allclose(y, expected)
    y = ops.image.pad_images(
        _to_first(x[0]), 0, 1, 2, 3, data_format="channels_first"
    )
    assert_allclose(y, _to_first(np.pad(x[0], ((0, 2), (1, 3), (0, 0)))))


def test_crop_images_matches_slicing():
    x = _images((2, 6, 7, 3))
    y = ops.image.crop_images(x, 1, 2, target_height=3, target_width=4)
    assert_allclose(y, x[:, 1:4, 2:6])
    y = ops.image.crop_images(
        _to_first(x), 1, 2, 1, 3, data_format="channels_first"
    )
    assert_allclose(y, _to_first(x[:, 1:5, 2:4]))


def test_pad_and_crop_symbolic_shapes():
    images = backend.KerasTensor((None, None, 8, 3))
    padded = ops.image.pad_images(images, 1, 2, 3, 4)
    assert padded.shape == (None, None, 14, 3)
    padded = ops.image.pad_images(
        images, 1, 2, target_height=9, right_padding=0
    )
    assert padded.shape == (None, 9, 10, 3)
    cropped = ops.image.crop_images(
        images, 1, 2, target_height=4, target_width=5
    )
    assert cropped.shape == (None, 4, 5, 3)


_WIDTH = {"left_padding": 0, "right_padding": 0}
_CROP_WIDTH = {"left_cropping": 0, "right_cropping": 0}


@pytest.mark.parametrize(
    ("fn", "kwargs", "match"),
    [
        ("pad_images", {"top_padding": 1, **_WIDTH}, "exactly two"),
        (
            "pad_images",
            {"top_padding": -1, "bottom_padding": 0, **_WIDTH},
            ">= 0",
        ),
        (
            "pad_images",
            {"top_padding": 0, "target_height": 2, **_WIDTH},
            "smaller",
        ),
        (
            "crop_images",
            {"top_cropping": 3, "bottom_cropping": 3, **_CROP_WIDTH},
            "does not fit",
        ),
        ("crop_images", {"top_cropping": 1, "left_cropping": 1}, "exactly"),
    ],
)
def test_pad_and_crop_reject_bad_arguments(fn, kwargs, match):
    with pytest.raises(ValueError, match=match):
        getattr(ops.image, fn)(np.zeros((4, 4, 1), "float32"), **kwargs)
