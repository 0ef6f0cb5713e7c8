"""Global pooling layers: values, keepdims, data formats, masks, shapes
and configs."""

import numpy as np
import pytest

import kerata
from kerata import layers
from kerata.src import backend
from kerata.src.testing import assert_allclose


def _random(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


CASES = [
    # layer class, NumPy reduction, spatial rank
    (layers.GlobalAveragePooling1D, np.mean, 1),
    (layers.GlobalAveragePooling2D, np.mean, 2),
    (layers.GlobalMaxPooling1D, np.max, 1),
    (layers.GlobalMaxPooling2D, np.max, 2),
]


@pytest.mark.parametrize(("cls", "reduce", "rank"), CASES)
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("keepdims", [False, True])
def test_global_pooling_values(cls, reduce, rank, data_format, keepdims):
    spatial = (5, 4)[:rank]
    if data_format == "channels_last":
        shape, axes = (2, *spatial, 3), tuple(range(1, rank + 1))
    else:
        shape, axes = (2, 3, *spatial), tuple(range(2, rank + 2))
    x = _random(*shape)
    layer = cls(data_format=data_format, keepdims=keepdims)
    expected = reduce(x, axis=axes, keepdims=keepdims)
    out = layer(x)
    assert_allclose(out, expected, rtol=1e-5, atol=1e-6)
    assert layer.compute_output_shape(shape) == expected.shape
    symbolic = layer(backend.KerasTensor((None, *shape[1:])))
    assert tuple(symbolic.shape) == (None, *expected.shape[1:])


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_global_average_pooling1d_honours_mask(data_format):
    x = _random(2, 4, 3)
    mask = np.array([[True, True, False, False], [True, True, True, True]])
    expected = np.stack([x[0, :2].mean(axis=0), x[1].mean(axis=0)])
    if data_format == "channels_first":
        x = x.transpose(0, 2, 1)
    layer = layers.GlobalAveragePooling1D(data_format=data_format)
    out = layer(x, mask=kerata.ops.convert_to_tensor(mask))
    assert_allclose(out, expected, rtol=1e-5, atol=1e-6)
    assert layer.compute_mask(x, mask) is None


def test_global_average_pooling1d_ignores_masked_nan():
    x = np.array([[[1.0], [3.0], [np.nan]]], "float32")
    mask = kerata.ops.convert_to_tensor(np.array([[True, True, False]]))
    out = layers.GlobalAveragePooling1D()(x, mask=mask)
    assert kerata.ops.convert_to_numpy(out).tolist() == [[2.0]]


def test_global_pooling_uses_global_image_data_format():
    kerata.config.set_image_data_format("channels_first")
    out = layers.GlobalMaxPooling2D()(np.ones((2, 3, 4, 5), "float32"))
    assert tuple(out.shape) == (2, 3)


def test_global_pooling_wrong_rank_raises():
    layer = layers.GlobalAveragePooling2D(name="gap_a")
    with pytest.raises(ValueError, match=r"gap_a.*rank 4.*\(2, 3, 4\)"):
        layer(np.ones((2, 3, 4), "float32"))


@pytest.mark.parametrize(("cls", "reduce", "rank"), CASES)
def test_global_pooling_config_round_trip(cls, reduce, rank):
    layer = cls(data_format="channels_first", keepdims=True, name="g")
    config = layer.get_config()
    assert config["data_format"] == "channels_first"
    assert config["keepdims"] is True
    assert cls.from_config(config).get_config() == config


def test_global_pooling_aliases():
    assert layers.GlobalAvgPool2D is layers.GlobalAveragePooling2D
    assert layers.GlobalMaxPool1D is layers.GlobalMaxPooling1D
