import numpy as np
import pytest

import kerata
from kerata.src import backend
from kerata.src import ops
from kerata.src.layers.preprocessing.image.base_image_preprocessing_layer import (  # noqa: E501
    BaseImagePreprocessingLayer,
)
from tests.layers.preprocessing.image.helpers import images
from tests.layers.preprocessing.image.helpers import symbolic_shape
from tests.layers.preprocessing.image.helpers import to_np


class _AddOne(BaseImagePreprocessingLayer):
    """Adds 1 in training; records what the contract methods saw."""

    def get_random_transformation(self, data, training=True, seed=None):
        self.seen_shape = tuple(self._images_of(data).shape)
        self.seen_dict = isinstance(data, dict)
        return {"delta": 1.0} if training else None

    def transform_images(self, images, transformation, training=True):
        self.images_dtype = backend.standardize_dtype(images.dtype)
        if not training:
            return images
        return images + transformation["delta"]

    def transform_labels(self, labels, transformation, training=True):
        return labels * 2 if training else labels


def test_factor_parsing():
    parse = BaseImagePreprocessingLayer._parse_factor
    assert _AddOne(factor=0.3).factor == (-0.3, 0.3)
    assert _AddOne(factor=-0.3).factor == (-0.3, 0.3)
    assert _AddOne().factor == (0.0, 0.0)
    assert _AddOne(factor=(0.4, -0.2)).factor == (-0.2, 0.4)
    assert parse(0.5, "f", (0, 1)) == (0.0, 0.5)
    for bad in (1.5, (0.1, 2.0), (0.1,), "a", True, (0.1, None)):
        with pytest.raises(ValueError, match="factor"):
            _AddOne(factor=bad)


def test_rejects_factor_when_unused_and_bounding_boxes():
    class NoFactor(_AddOne):
        _USE_BASE_FACTOR = False

    with pytest.raises(ValueError, match="does not take a `factor`"):
        NoFactor(factor=0.1)
    with pytest.raises(NotImplementedError, match="bounding boxes"):
        _AddOne(bounding_box_format="xyxy")
    with pytest.raises(ValueError, match="data_format"):
        _AddOne(data_format="channels_middle")


def test_training_flag_and_batching():
    layer = _AddOne()
    x = images(2, 3, 4, 1)
    np.testing.assert_allclose(to_np(layer(x)), x + 1)
    np.testing.assert_allclose(to_np(layer(x, training=False)), x)
    # A single image is run as a batch of one, and comes back unbatched.
    out = layer(x[0])
    assert layer.seen_shape == (1, 3, 4, 1)
    np.testing.assert_allclose(to_np(out), x[0] + 1)
    # Integer images are cast to the compute dtype first.
    layer(np.ones((1, 2, 2, 1), "uint8"))
    assert layer.images_dtype == "float32"


def test_dict_inputs():
    layer = _AddOne()
    x = images(2, 3, 3, 1)
    out = layer({"images": x, "labels": np.array([1.0, 2.0])})
    assert layer.seen_dict
    np.testing.assert_allclose(to_np(out["images"]), x + 1)
    assert to_np(out["labels"]).tolist() == [2.0, 4.0]
    single = layer({"images": x[0], "labels": np.array([3.0])})
    assert layer.seen_shape == (1, 3, 3, 1)
    assert to_np(single["labels"]).tolist() == [6.0]
    with pytest.raises(NotImplementedError, match="segmentation_masks"):
        layer({"images": x, "segmentation_masks": x})
    with pytest.raises(NotImplementedError, match="bounding_boxes"):
        layer({"images": x, "bounding_boxes": {}})
    with pytest.raises(ValueError, match="'images'"):
        layer({"labels": x})


def test_rejects_wrong_rank_and_gives_symbolic_shapes():
    layer = _AddOne()
    with pytest.raises(ValueError, match="rank 3"):
        layer(np.ones((2, 3), "float32"))
    with pytest.raises(ValueError, match="rank 3"):
        layer(np.ones((1, 2, 3, 4, 5), "float32"))
    assert symbolic_shape(layer, (None, 8, 8, 3)) == (None, 8, 8, 3)
    with pytest.raises(ValueError, match="rank 3"):
        symbolic_shape(layer, (None, 8))


def test_predict_is_identity_and_config_has_data_format():
    layer = _AddOne(data_format="channels_first")
    x = images(3, 2, 4, 4)
    model = kerata.Sequential([kerata.Input((2, 4, 4)), layer])
    np.testing.assert_allclose(model.predict(x, verbose=0), x)
    assert layer.get_config()["data_format"] == "channels_first"


def test_affine_matrix_identity_and_rotation():
    layer = _AddOne()
    zero = ops.zeros((2,))
    matrix = to_np(layer._affine_matrix(5, 7, angle=zero))
    np.testing.assert_allclose(matrix, [[1, 0, 0, 0, 1, 0, 0, 0]] * 2)
    quarter = ops.convert_to_tensor([np.pi / 2])
    matrix = to_np(layer._affine_matrix(5, 5, angle=quarter))[0]
    # Center (2, 2) maps to itself; output (x, y) samples (-y, x) about it.
    np.testing.assert_allclose(matrix[:6], [0, -1, 4, 1, 0, 0], atol=1e-6)


@pytest.mark.parity
@pytest.mark.parametrize(
    ("name", "arguments"),
    [
        ("Rescaling", {"scale": 0.5, "offset": [1.0, 2.0]}),
        ("Resizing", {"height": 4, "width": 5, "pad_to_aspect_ratio": True}),
        ("CenterCrop", {"height": 3, "width": 3}),
        ("RandomFlip", {"mode": "vertical", "seed": 3}),
        ("RandomRotation", {"factor": (-0.1, 0.2), "fill_mode": "nearest"}),
        ("RandomZoom", {"height_factor": 0.2, "width_factor": (0.1, 0.3)}),
        ("RandomTranslation", {"height_factor": 0.1, "width_factor": 0.2}),
        ("RandomShear", {"x_factor": (0.1, 0.3), "y_factor": 0.2}),
        ("RandomCrop", {"height": 3, "width": 4, "seed": 2}),
    ],
)
def test_keras_configs_load(keras, name, arguments):
    config = getattr(keras.layers, name)(**arguments).get_config()
    config.pop("dtype")
    layer = getattr(kerata.layers, name).from_config(config)
    ours = layer.get_config()
    for key, value in config.items():
        if key != "name":
            assert ours[key] == value or list(ours[key]) == list(value), key


@pytest.mark.requires_trainable_backend
def test_fit_augments_and_predict_does_not():
    class Recorder(_AddOne):
        def transform_images(self, images, transformation, training=True):
            self.seen_training.append(bool(training))
            return super().transform_images(images, transformation, training)

    layer = Recorder()
    layer.seen_training = []
    model = kerata.Sequential(
        [
            kerata.Input((2, 2, 1)),
            layer,
            kerata.layers.Flatten(),
            kerata.layers.Dense(1),
        ]
    )
    model.compile("sgd", "mse")
    x = images(4, 2, 2, 1)
    model.fit(x, np.zeros((4, 1)), epochs=1, batch_size=4, verbose=0)
    # (fit may also build the model with a training=False call)
    assert True in layer.seen_training
    layer.seen_training.clear()
    model.predict(x, verbose=0)
    assert layer.seen_training
    assert not any(layer.seen_training)
