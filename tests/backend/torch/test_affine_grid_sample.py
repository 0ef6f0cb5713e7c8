"""The torch backend's `grid_sample` fast path for `affine_transform`.

Checked against the general gather-based path it replaces
(`_affine_gather`, kept private for this) and against the NumPy backend,
on random transforms. These call the torch backend module directly, so
they run whichever backend is active.
"""

import numpy as np
import pytest

from kerata.src import backend  # noqa: E402

if backend.backend() != "torch":
    # Importing another backend's modules into a running backend would
    # mix their namespaces (kerata.src.backend.numpy is the active one's).
    pytest.skip("torch backend tests", allow_module_level=True)
torch = pytest.importorskip("torch")

# `kerata.src.backend.numpy` is both the active backend's NumPy-like
# namespace (an attribute) and the numpy backend's package: importing the
# latter rebinds the attribute, so put it back.
_active_numpy = backend.numpy
from kerata.src.backend.numpy import image as numpy_image  # noqa: E402

backend.numpy = _active_numpy
from kerata.src.backend.torch import image as torch_image  # noqa: E402

FAST_FILL_MODES = ("constant", "nearest", "reflect")
ALL_FILL_MODES = FAST_FILL_MODES + ("wrap", "mirror")
ORDER = {"nearest": 0, "bilinear": 1}


def random_transforms(rng, batch, height, width):
    """Rotation, zoom, shear and translation about the image centre, in
    Keras's (a0, a1, a2, b0, b1, b2, c0, c1) layout; the first one is an
    exact half-pixel shift, where nearest interpolation meets a tie."""
    angle = rng.uniform(-0.8, 0.8, batch)
    zoom = rng.uniform(0.6, 1.5, (2, batch))
    shear = rng.uniform(-0.3, 0.3, batch)
    a0, a1 = zoom[0] * np.cos(angle), -zoom[1] * np.sin(angle) + shear
    b0, b1 = zoom[0] * np.sin(angle), zoom[1] * np.cos(angle)
    cx, cy = (width - 1) / 2, (height - 1) / 2
    shift = rng.uniform(-3, 3, (2, batch))
    a2 = cx - a0 * cx - a1 * cy + shift[0]
    b2 = cy - b0 * cx - b1 * cy + shift[1]
    zeros = np.zeros(batch)
    t = np.stack([a0, a1, a2, b0, b1, b2, zeros, zeros], axis=1)
    t[0] = [1.0, 0.0, 0.5, 0.0, 1.0, -1.5, 0.0, 0.0]
    return t


def sample_case(dtype, batched, channels_last, seed=0):
    rng = np.random.default_rng(seed)
    batch, height, width, channels = 3, 9, 7, 2
    images = rng.uniform(0, 1, (batch, height, width, channels))
    transform = random_transforms(rng, batch, height, width)
    if not channels_last:
        images = images.transpose(0, 3, 1, 2)
    if not batched:
        images, transform = images[0], transform[0]
    return images.astype(dtype), transform.astype(dtype)


def tolerance(dtype, interpolation):
    if interpolation == "nearest":
        return 0.0
    return 1e-10 if dtype == "float64" else 2e-5


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("interpolation", ["bilinear", "nearest"])
@pytest.mark.parametrize("fill_mode", ALL_FILL_MODES)
def test_matches_gather_path_and_numpy_backend(
    fill_mode, interpolation, data_format, dtype
):
    channels_last = data_format == "channels_last"
    for batched in (True, False):
        images, transform = sample_case(dtype, batched, channels_last)
        kwargs = dict(
            interpolation=interpolation,
            fill_mode=fill_mode,
            fill_value=0.25,
            data_format=data_format,
        )
        out = torch_image.affine_transform(
            torch.from_numpy(images), torch.from_numpy(transform), **kwargs
        )
        assert out.dtype == getattr(torch, dtype)
        assert tuple(out.shape) == images.shape
        expected = numpy_image.affine_transform(images, transform, **kwargs)
        atol = tolerance(dtype, interpolation)
        np.testing.assert_allclose(
            out.cpu().numpy(), expected, rtol=0, atol=atol
        )

        x = torch.from_numpy(images if batched else images[None])
        if not channels_last:
            x = x.permute(0, 2, 3, 1)
        gathered = torch_image._affine_gather(
            x,
            torch.from_numpy(transform),
            ORDER[interpolation],
            fill_mode,
            0.25,
        )
        if not channels_last:
            gathered = gathered.permute(0, 3, 1, 2)
        if not batched:
            gathered = gathered[0]
        np.testing.assert_allclose(
            out.cpu().numpy(), gathered.cpu().numpy(), rtol=0, atol=atol
        )


@pytest.mark.parametrize("interpolation", ["bilinear", "nearest"])
def test_zero_fill_value_and_shared_transform(interpolation):
    images, transform = sample_case("float32", True, True, seed=1)
    # One (8,) transform applied to the whole batch.
    out = torch_image.affine_transform(
        torch.from_numpy(images),
        torch.from_numpy(transform[1]),
        interpolation=interpolation,
    )
    expected = numpy_image.affine_transform(
        images, transform[1], interpolation=interpolation
    )
    atol = tolerance("float32", interpolation)
    np.testing.assert_allclose(out.cpu().numpy(), expected, rtol=0, atol=atol)


@pytest.mark.parametrize("fill_mode", FAST_FILL_MODES)
def test_nearest_rounds_half_pixel_ties_away_from_zero(fill_mode):
    # Shifting by exactly +-0.5 pixel puts every sample on a tie; JAX (and
    # so Keras) round those away from zero, where grid_sample alone would
    # round half to even.
    images = np.arange(6, dtype="float32").reshape(1, 1, 6, 1) + 1
    for shift in (0.5, -0.5, 2.5, -2.5):
        transform = np.array([1, 0, shift, 0, 1, 0, 0, 0], "float32")
        out = torch_image.affine_transform(
            torch.from_numpy(images),
            torch.from_numpy(transform),
            interpolation="nearest",
            fill_mode=fill_mode,
            fill_value=-1.0,
        )
        coordinate = np.arange(6) + shift
        index = np.sign(coordinate) * np.floor(np.abs(coordinate) + 0.5)
        index = index.astype(int)
        if fill_mode == "nearest":
            expected = images[0, 0, np.clip(index, 0, 5), 0]
        elif fill_mode == "reflect":
            period = np.mod(index, 12)
            expected = images[
                0, 0, np.where(period > 5, 11 - period, period), 0
            ]
        else:
            inside = (index >= 0) & (index < 6)
            expected = np.where(
                inside, images[0, 0, np.clip(index, 0, 5), 0], -1.0
            )
        assert out[0, 0, :, 0].tolist() == expected.tolist(), shift


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_half_precision_uses_float32_internally(dtype):
    images, transform = sample_case("float32", True, True, seed=2)
    x = torch.from_numpy(images).to(getattr(torch, dtype))
    out = torch_image.affine_transform(x, torch.from_numpy(transform))
    assert out.dtype == x.dtype
    expected = torch_image._affine_gather(
        x, torch.from_numpy(transform), 1, "constant", 0
    )
    np.testing.assert_allclose(
        out.float().cpu().numpy(),
        expected.float().cpu().numpy(),
        rtol=0,
        atol=1e-2,
    )


def test_fast_path_choice(monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("the fast path should have been taken")

    images, transform = sample_case("float32", True, True)
    x, t = torch.from_numpy(images), torch.from_numpy(transform)
    monkeypatch.setattr(torch_image, "_affine_gather", fail)
    for fill_mode in FAST_FILL_MODES:
        torch_image.affine_transform(x, t, fill_mode=fill_mode)
    # Other fill modes and integer images take the general path.
    for fill_mode, dtype in (("wrap", torch.float32), ("mirror", torch.uint8)):
        with pytest.raises(AssertionError, match="fast path"):
            torch_image.affine_transform(x.to(dtype), t, fill_mode=fill_mode)
    with pytest.raises(AssertionError, match="fast path"):
        torch_image.affine_transform((x * 255).to(torch.uint8), t)


def test_uint8_images_keep_the_general_path_results():
    images, transform = sample_case("float32", True, True, seed=3)
    images = (images * 255).astype("uint8")
    out = torch_image.affine_transform(
        torch.from_numpy(images), torch.from_numpy(transform.astype("float32"))
    )
    expected = numpy_image.affine_transform(images, transform)
    assert out.dtype == torch.uint8
    np.testing.assert_array_equal(out.cpu().numpy(), expected)


def test_gradient_flows_through_fast_path():
    images, transform = sample_case("float64", True, True)
    x = torch.from_numpy(images).requires_grad_(True)
    out = torch_image.affine_transform(x, torch.from_numpy(transform))
    out.sum().backward()
    assert x.grad is not None
    assert x.grad.shape == x.shape
