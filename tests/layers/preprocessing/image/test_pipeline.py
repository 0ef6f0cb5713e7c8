import json
import os

import numpy as np
import pytest

import kerata
from kerata.src import testing
from tests.layers.preprocessing.image.helpers import images
from tests.layers.preprocessing.image.helpers import to_np

X = images(2, 4, 4, 3)


def _pipeline(**kwargs):
    return kerata.layers.Pipeline(
        [
            kerata.layers.Rescaling(2.0),
            kerata.layers.RandomInvert((1.0, 1.0), value_range=(0, 2)),
        ],
        **kwargs,
    )


def test_pipeline_applies_layers_in_order():
    pipeline = _pipeline(name="augment")
    assert pipeline.name == "augment"
    assert [type(layer).__name__ for layer in pipeline.layers] == [
        "Rescaling",
        "RandomInvert",
    ]
    testing.assert_allclose(pipeline(X), 2.0 - 2.0 * X, atol=1e-6)
    testing.assert_allclose(pipeline(X[0]), 2.0 - 2.0 * X[0], atol=1e-6)


def test_pipeline_passes_training_and_dicts_on():
    pipeline = _pipeline()
    testing.assert_allclose(pipeline(X, training=False), 2.0 * X, atol=1e-6)
    labels = np.array([0, 1])
    outputs = kerata.layers.Pipeline(
        [kerata.layers.RandomInvert((1.0, 1.0), value_range=(0, 1))]
    )({"images": X, "labels": labels})
    testing.assert_allclose(outputs["images"], 1.0 - X, atol=1e-6)
    assert to_np(outputs["labels"]).tolist() == [0, 1]
    model = kerata.Sequential([kerata.Input((4, 4, 3)), pipeline])
    # `predict` runs in inference mode: only the rescaling applies.
    testing.assert_allclose(model.predict(X, verbose=0), 2.0 * X, atol=1e-6)


def test_pipeline_config_round_trip():
    pipeline = _pipeline(name="augment")
    config = pipeline.get_config()
    assert sorted(config) == ["layers", "name"]
    serialized = json.loads(
        json.dumps(kerata.saving.serialize_keras_object(pipeline))
    )
    rebuilt = kerata.saving.deserialize_keras_object(serialized)
    assert isinstance(rebuilt, kerata.layers.Pipeline)
    assert rebuilt.name == "augment"
    assert [layer.get_config() for layer in rebuilt.layers] == [
        layer.get_config() for layer in pipeline.layers
    ]
    testing.assert_allclose(rebuilt(X), pipeline(X), atol=1e-6)


def test_pipeline_weights_are_saved_in_a_model(tmp_path):
    model = kerata.Sequential(
        [
            kerata.Input((3,)),
            kerata.layers.Pipeline(
                [kerata.layers.Dense(4), kerata.layers.Dense(2)]
            ),
        ]
    )
    assert len(model.weights) == 4
    x = images(5, 3)
    expected = model.predict(x, verbose=0)
    path = os.path.join(tmp_path, "pipeline.keras")
    model.save(path)
    loaded = kerata.saving.load_model(path)
    testing.assert_allclose(loaded.predict(x, verbose=0), expected)


@pytest.mark.parametrize(
    "layers", [kerata.layers.Dense(2), [kerata.layers.Dense(2), "relu"]]
)
def test_pipeline_rejects_non_layers(layers):
    with pytest.raises(ValueError, match="list of layers"):
        kerata.layers.Pipeline(layers)


def test_pipeline_from_config_needs_layers():
    with pytest.raises(ValueError, match="layers"):
        kerata.layers.Pipeline.from_config({"name": "p"})


@pytest.mark.parity
def test_pipeline_configs_are_read_by_keras_and_back(keras):
    ours = kerata.layers.Pipeline(
        [kerata.layers.AutoContrast(), kerata.layers.Rescaling(0.5)],
        name="p",
    )
    config = json.loads(json.dumps(kerata.saving.serialize_keras_object(ours)))
    theirs = keras.saving.deserialize_keras_object(config)
    assert [type(layer).__name__ for layer in theirs.layers] == [
        "AutoContrast",
        "Rescaling",
    ]
    x = X * 255
    expected = keras.ops.convert_to_numpy(theirs(x))
    testing.assert_allclose(ours(x), expected, rtol=1e-5, atol=1e-3)
    back = kerata.saving.deserialize_keras_object(
        json.loads(json.dumps(keras.saving.serialize_keras_object(theirs)))
    )
    assert back.name == "p"
    testing.assert_allclose(back(x), expected, rtol=1e-5, atol=1e-3)
