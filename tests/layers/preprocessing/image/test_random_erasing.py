import numpy as np
import pytest

import kerata
from kerata.src import testing
from tests.layers.preprocessing.image.helpers import assert_config_round_trip
from tests.layers.preprocessing.image.helpers import assert_reproducible
from tests.layers.preprocessing.image.helpers import images
from tests.layers.preprocessing.image.helpers import sequential_predict
from tests.layers.preprocessing.image.helpers import to_np


def test_random_erasing_matches_reference():
    x = images(2, 4, 4, 3) * 255
    layer = kerata.layers.RandomErasing(
        factor=(1.0, 1.0), scale=(0.2, 0.6), fill_value=7.0, seed=3
    )
    transformation = layer.get_random_transformation(x)
    masks = to_np(transformation["batch_masks"])
    assert masks.shape == (2, 4, 4, 1)
    # Each mask is one axis-aligned box, with sides sqrt(scale) * size.
    for mask in masks[..., 0]:
        rows = np.flatnonzero(mask.any(1))
        cols = np.flatnonzero(mask.any(0))
        assert mask[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1].all()
        assert mask.sum() == len(rows) * len(cols)
        for n in (len(rows), len(cols)):
            assert np.sqrt(0.2) * 4 - 1 <= n <= np.sqrt(0.6) * 4 + 1
    out = layer.transform_images(
        kerata.ops.convert_to_tensor(x), transformation
    )
    testing.assert_allclose(out, np.where(masks, 7.0, x))


def test_random_erasing_probability_fill_and_clipping():
    x = images(2, 4, 4, 3)
    layer = kerata.layers.RandomErasing(
        factor=(1.0, 1.0), scale=(1.0, 1.0), fill_value=5.0, value_range=(0, 1)
    )
    # The whole image is erased; the fill value is clipped to the range.
    testing.assert_allclose(layer(x), np.ones_like(x))
    never = kerata.layers.RandomErasing(factor=0.0, scale=(1.0, 1.0))
    testing.assert_allclose(never(x), x)
    per_channel = kerata.layers.RandomErasing(
        factor=(1, 1), scale=(1, 1), fill_value=[10, 20, 30]
    )
    testing.assert_allclose(
        per_channel(x), np.broadcast_to([10.0, 20.0, 30.0], x.shape)
    )
    first = kerata.layers.RandomErasing(
        factor=(1, 1),
        scale=(1, 1),
        fill_value=[10, 20, 30],
        data_format="channels_first",
    )
    out = to_np(first(x.transpose(0, 3, 1, 2))).transpose(0, 2, 3, 1)
    testing.assert_allclose(out, np.broadcast_to([10.0, 20.0, 30.0], x.shape))
    noise = kerata.layers.RandomErasing(factor=(1, 1), scale=(1, 1), seed=0)
    out = to_np(noise(x * 255))
    assert out.min() >= 0
    assert out.max() <= 255
    assert len(np.unique(out)) > 10


def test_random_erasing_inference_reproducibility_and_config():
    x = images(2, 4, 4, 3) * 255
    layer = kerata.layers.RandomErasing(factor=(0.5, 1.0), seed=1)
    testing.assert_allclose(layer(x, training=False), x)
    testing.assert_allclose(sequential_predict(layer, x), x)
    assert_reproducible(
        lambda: kerata.layers.RandomErasing((1, 1), (0.3, 0.5), seed=2), x
    )
    assert_config_round_trip(layer, x)
    config = layer.get_config()
    assert config["factor"] == (0.5, 1.0)
    assert config["scale"] == (0.02, 0.33)
    assert config["fill_value"] is None


@pytest.mark.parametrize(
    "kwargs",
    [
        {"factor": 1.5},
        {"scale": (0.1, 2.0)},
        {"fill_value": "zero"},
        {"value_range": [1]},
    ],
)
def test_random_erasing_rejects_bad_arguments(kwargs):
    with pytest.raises(ValueError, match="factor|scale|fill_value|value_range"):
        kerata.layers.RandomErasing(**kwargs)


def test_random_erasing_rejects_bad_channels_and_rank():
    layer = kerata.layers.RandomErasing((1, 1), fill_value=[1, 2, 3])
    with pytest.raises(ValueError, match="channel"):
        layer(np.ones((1, 4, 4, 2), "float32"))
    with pytest.raises(ValueError, match="rank"):
        layer(np.ones((4, 4), "float32"))
