import numpy as np
import pytest

import kerata
from kerata.src import testing
from kerata.src.layers.preprocessing.image import _augment_utils
from tests.layers.preprocessing.image.helpers import assert_config_round_trip
from tests.layers.preprocessing.image.helpers import images
from tests.layers.preprocessing.image.helpers import sequential_predict
from tests.layers.preprocessing.image.helpers import to_np


def assert_draws_reproducible(make_layer, x):
    """Same seed, same draws; successive draws differ. (Outputs of a
    batch of two may repeat: a draw can keep the batch as it is.)"""
    a, b = make_layer(), make_layer()
    first = to_np(a.get_random_transformation(x)["mix_weight"])
    np.testing.assert_array_equal(
        first, to_np(b.get_random_transformation(x)["mix_weight"])
    )
    second = to_np(a.get_random_transformation(x)["mix_weight"])
    assert not np.array_equal(first, second)


def _labels(n=2):
    return np.eye(n, dtype="float32")


def test_mix_up_matches_reference():
    x = images(2, 4, 4, 3)
    y = _labels()
    layer = kerata.layers.MixUp(alpha=0.4, seed=1)
    data = {"images": x, "labels": y}
    transformation = layer.get_random_transformation(data)
    weight = to_np(transformation["mix_weight"]).astype("float64")
    order = to_np(transformation["permutation_order"])
    assert sorted(order.tolist()) == [0, 1]
    assert np.all((weight >= 0) & (weight <= 1))
    images_out = layer.transform_images(
        kerata.ops.convert_to_tensor(x), transformation
    )
    labels_out = layer.transform_labels(
        kerata.ops.convert_to_tensor(y), transformation
    )
    w = weight[:, None, None, None]
    testing.assert_allclose(
        images_out, w * x + (1 - w) * x[order], rtol=1e-5, atol=1e-6
    )
    w = weight[:, None]
    testing.assert_allclose(
        labels_out, w * y + (1 - w) * y[order], rtol=1e-5, atol=1e-6
    )


def test_mix_up_call_with_dict_and_integer_labels():
    x = images(2, 4, 4, 3)
    layer = kerata.layers.MixUp(alpha=1.0, seed=2)
    out = layer({"images": x, "labels": _labels().astype("int32")})
    labels = to_np(out["labels"])
    assert labels.dtype == np.float32
    testing.assert_allclose(labels.sum(1), np.ones(2), atol=1e-5)
    # Each mixed image lies between the smallest and largest input pixel.
    assert to_np(out["images"]).shape == x.shape
    # Images only: a plain tensor in, a tensor out.
    assert tuple(layer(x).shape) == x.shape


def test_mix_up_inference_reproducibility_and_config():
    x = images(2, 4, 4, 3)
    layer = kerata.layers.MixUp(alpha=0.3, seed=4)
    out = layer({"images": x, "labels": _labels()}, training=False)
    testing.assert_allclose(out["images"], x)
    testing.assert_allclose(out["labels"], _labels())
    testing.assert_allclose(sequential_predict(layer, x), x)
    assert_draws_reproducible(lambda: kerata.layers.MixUp(seed=5), x)
    assert_config_round_trip(layer, x)
    assert layer.get_config()["alpha"] == 0.3


def test_beta_sampler_matches_the_beta_distribution():
    generator = kerata.random.SeedGenerator(0)
    for a, b in ((0.2, 0.2), (2.0, 0.5)):
        draws = to_np(_augment_utils.beta((2000,), a, b, generator))
        mean = a / (a + b)
        variance = a * b / ((a + b) ** 2 * (a + b + 1))
        # About four standard errors of 2000 draws.
        assert abs(draws.mean() - mean) < 0.04
        assert abs(draws.var() - variance) < 0.02
    # Tiny parameters (CutMix's lower end) give 0 or 1, never NaN.
    draws = to_np(_augment_utils.beta((2000,), 1e-6, 1e-6, generator))
    assert np.all((draws < 1e-3) | (draws > 1 - 1e-3))
    assert 0.4 < (draws > 0.5).mean() < 0.6


@pytest.mark.parametrize("alpha", [0, -1.0, "a", None])
def test_mix_up_rejects_bad_alpha(alpha):
    with pytest.raises(ValueError, match="alpha"):
        kerata.layers.MixUp(alpha=alpha)


def test_mix_up_rejects_bad_rank_and_keys():
    with pytest.raises(ValueError, match="rank"):
        kerata.layers.MixUp()(np.ones((4, 4), "float32"))
    with pytest.raises(ValueError, match="images"):
        kerata.layers.MixUp()({"labels": _labels()})


def _keras_out(keras, layer, method, values, transformation):
    """Runs a Keras layer's `method` on NumPy inputs (its own tensors)."""
    convert = keras.ops.convert_to_tensor
    transformation = {k: convert(v) for k, v in transformation.items()}
    return keras.ops.convert_to_numpy(
        getattr(layer, method)(convert(values), transformation)
    )


@pytest.mark.parity
def test_mix_up_matches_keras(keras):
    x = images(2, 4, 4, 3)
    transformation = {
        "mix_weight": np.array([0.3, 0.8], "float32"),
        "permutation_order": np.array([1, 0], "int32"),
    }
    keras_layer = keras.layers.MixUp()
    layer = kerata.layers.MixUp()
    for method, values in (
        ("transform_images", x),
        ("transform_labels", _labels()),
    ):
        expected = _keras_out(
            keras, keras_layer, method, values, transformation
        )
        out = getattr(layer, method)(
            kerata.ops.convert_to_tensor(values),
            {
                k: kerata.ops.convert_to_tensor(v)
                for k, v in transformation.items()
            },
        )
        testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-6)
