import numpy as np
import pytest

import kerata
from kerata.src import testing
from tests.layers.preprocessing.image.helpers import assert_config_round_trip
from tests.layers.preprocessing.image.helpers import images
from tests.layers.preprocessing.image.helpers import sequential_predict
from tests.layers.preprocessing.image.helpers import to_np
from tests.layers.preprocessing.image.test_mix_up import (
    assert_draws_reproducible,
)


def test_cut_mix_matches_reference():
    x = images(2, 4, 4, 3)
    y = np.eye(2, dtype="float32")
    layer = kerata.layers.CutMix(seed=3)
    transformation = layer.get_random_transformation(x)
    masks = to_np(transformation["batch_masks"])
    order = to_np(transformation["permutation_order"])
    weight = to_np(transformation["mix_weight"]).astype("float64")
    assert masks.shape == (2, 4, 4, 1)
    assert sorted(order.tolist()) == [0, 1]
    # Label weights are the fractions of pixels kept.
    testing.assert_allclose(weight, 1 - masks.mean(axis=(1, 2, 3)), atol=1e-6)
    images_out = layer.transform_images(
        kerata.ops.convert_to_tensor(x), transformation
    )
    testing.assert_allclose(images_out, np.where(masks, x[order], x))
    labels_out = layer.transform_labels(
        kerata.ops.convert_to_tensor(y), transformation
    )
    w = weight[:, None]
    testing.assert_allclose(
        labels_out, w * y + (1 - w) * y[order], rtol=1e-5, atol=1e-6
    )


def test_cut_mix_call_with_dict():
    x = images(2, 4, 4, 3)
    y = np.eye(2, dtype="float32")
    layer = kerata.layers.CutMix(factor=(0.5, 1.0), seed=0)
    out = layer({"images": x, "labels": y})
    mixed = to_np(out["images"])
    labels = to_np(out["labels"])
    testing.assert_allclose(labels.sum(1), np.ones(2), atol=1e-5)
    # Every output pixel comes from one of the input images.
    matches = (mixed[:, None] == x[None]).all(-1).any(1)
    assert matches.all()


def test_cut_mix_inference_reproducibility_and_config():
    x = images(2, 4, 4, 3)
    layer = kerata.layers.CutMix(factor=0.8, seed=4)
    testing.assert_allclose(layer(x, training=False), x)
    testing.assert_allclose(sequential_predict(layer, x), x)
    assert_draws_reproducible(lambda: kerata.layers.CutMix(seed=5), x)
    assert_config_round_trip(layer, x)
    assert layer.get_config()["factor"] == (0.0, 0.8)


@pytest.mark.parametrize("factor", [1.5, -0.5, (0.2, 3.0), "a"])
def test_cut_mix_rejects_bad_factor(factor):
    with pytest.raises(ValueError, match="factor"):
        kerata.layers.CutMix(factor=factor)


def test_cut_mix_rejects_bad_rank():
    with pytest.raises(ValueError, match="rank"):
        kerata.layers.CutMix()(np.ones((2, 4, 4), "float32")[0])
