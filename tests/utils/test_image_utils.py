import io

import numpy as np
import pytest

from kerata.src import ops
from kerata.src.testing import assert_allclose
from kerata.src.utils import image_utils

Image = pytest.importorskip("PIL.Image", reason="needs Pillow")


def _pattern(height, width, channels):
    return (
        (np.arange(height * width * channels) % 251)
        .reshape(height, width, channels)
        .astype("float32")
    )


@pytest.mark.parametrize(("channels", "mode"), [(1, "L"), (3, "RGB")])
def test_array_to_img_round_trip(channels, mode):
    x = _pattern(5, 7, channels)
    image = image_utils.array_to_img(x, scale=False)
    assert image.mode == mode
    assert image.size == (7, 5)
    assert image_utils.img_to_array(image).tolist() == x.tolist()


def test_array_to_img_scales_and_channels_first():
    x = np.array([[[0.0, 0.5], [1.0, 0.25]]])  # (1, 2, 2) channels first
    image = image_utils.array_to_img(x, data_format="channels_first")
    assert np.asarray(image).tolist() == [[0, 127], [255, 63]]
    back = image_utils.img_to_array(image, data_format="channels_first")
    assert back.shape == (1, 2, 2)


def test_array_to_img_errors():
    with pytest.raises(ValueError, match="rank 3"):
        image_utils.array_to_img(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="1, 3 or 4 channels"):
        image_utils.array_to_img(np.zeros((2, 2, 2)))


@pytest.mark.parametrize("extension", ["png", "jpg", "bmp"])
def test_save_and_load_img(tmp_path, extension):
    x = _pattern(6, 4, 3)
    path = tmp_path / f"image.{extension}"
    image_utils.save_img(path, x, scale=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]
    loaded = image_utils.img_to_array(image_utils.load_img(path))
    assert loaded.shape == (6, 4, 3)
    if extension != "jpg":
        assert loaded.tolist() == x.tolist()


def test_save_img_rgba_as_jpeg_warns():
    buffer = io.BytesIO()
    with pytest.warns(UserWarning, match="alpha"):
        image_utils.save_img(buffer, np.ones((2, 2, 4)), file_format="jpeg")
    assert Image.open(buffer).mode == "RGB"


def test_load_img_color_modes_and_resize(tmp_path):
    path = tmp_path / "a.png"
    image_utils.save_img(path, _pattern(8, 6, 3), scale=False)
    assert image_utils.load_img(path, color_mode="grayscale").mode == "L"
    assert image_utils.load_img(path, color_mode="rgba").mode == "RGBA"
    resized = image_utils.load_img(path, target_size=(4, 3))
    assert resized.size == (3, 4)
    # The crop keeps the central 6x6 window of the 8x6 image.
    kept = image_utils.load_img(
        path, target_size=(6, 6), keep_aspect_ratio=True
    )
    expected = _pattern(8, 6, 3)[1:7]
    assert image_utils.img_to_array(kept).tolist() == expected.tolist()


def test_load_img_errors(tmp_path):
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not an image")
    with pytest.raises(ValueError, match="broken.png"):
        image_utils.load_img(broken)
    with pytest.raises(ValueError, match="color_mode"):
        image_utils.load_img(broken, color_mode="cmyk")
    with pytest.raises(TypeError, match="path"):
        image_utils.load_img(3)
    good = tmp_path / "good.png"
    image_utils.save_img(good, np.ones((4, 4, 3)))
    with pytest.raises(ValueError, match="interpolation"):
        image_utils.load_img(good, target_size=(2, 2), interpolation="cubic")


def test_load_img_truncated_file_names_it(tmp_path):
    path = tmp_path / "cut.png"
    image_utils.save_img(path, np.random.default_rng(0).random((32, 32, 3)))
    path.write_bytes(path.read_bytes()[:200])
    with pytest.raises(ValueError, match="cut.png"):
        image_utils.load_img(path)


def test_smart_resize_crops_center_then_resizes():
    x = _pattern(6, 10, 1)
    out = image_utils.smart_resize(x, (3, 3), interpolation="nearest")
    assert isinstance(out, np.ndarray)
    # Center crop 6x6 starts at column 2; nearest with half-pixel centers
    # picks rows/cols 1, 3, 5 of the crop.
    expected = x[0:6, 2:8][1::2, 1::2]
    assert out.tolist() == expected.tolist()


def test_smart_resize_batch_tensor_and_channels_first():
    x = ops.ones((2, 3, 8, 4))  # channels first
    out = image_utils.smart_resize(x, (2, 2), data_format="channels_first")
    assert ops.is_tensor(out)
    assert tuple(out.shape) == (2, 3, 2, 2)
    assert_allclose(out, np.ones((2, 3, 2, 2)))
    with pytest.raises(ValueError, match="size"):
        image_utils.smart_resize(np.ones((4, 4, 1)), (2,))
    with pytest.raises(ValueError, match="rank"):
        image_utils.smart_resize(np.ones((4, 4)), (2, 2))
