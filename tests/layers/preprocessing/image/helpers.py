"""Helpers shared by the image preprocessing layer tests."""

import numpy as np

import kerata
from kerata.src.testing import assert_allclose
from kerata.src.testing.reference import image as reference


def to_np(x):
    return np.asarray(kerata.ops.convert_to_numpy(x))


def images(*shape, seed=0):
    return np.random.default_rng(seed).uniform(0, 1, shape).astype("float32")


def symbolic_shape(layer, shape):
    return tuple(layer(kerata.KerasTensor(shape)).shape)


def numpy_affine(x, matrix, order=1, fill_mode="constant", fill_value=0.0):
    """Applies one `(8,)` transform per image with the pixel-by-pixel
    NumPy reference."""
    return np.concatenate(
        [
            reference.affine_transform(
                x[i : i + 1], matrix[i], order, fill_mode, fill_value
            )
            for i in range(len(x))
        ]
    ).astype("float32")


def rotation_matrix(angle, height, width):
    """Output pixel -> input point for a counter-clockwise turn of the
    content by `angle` radians about the image center (Keras's
    convention), written independently of the layers."""
    cx, cy = (width - 1) / 2, (height - 1) / 2
    c, s = np.cos(angle), np.sin(angle)
    return np.array(
        [c, -s, cx - c * cx + s * cy, s, c, cy - s * cx - c * cy, 0, 0]
    )


def assert_config_round_trip(layer, x):
    """A layer rebuilt from its config gives the same inference output
    and the same config."""
    config = layer.get_config()
    clone = type(layer).from_config(config)
    assert clone.get_config() == config
    assert_allclose(clone(x, training=False), layer(x, training=False))


def assert_reproducible(make_layer, x):
    """Two layers with the same seed agree call by call, and successive
    calls of one layer differ."""
    a, b = make_layer(), make_layer()
    first_a, first_b = to_np(a(x)), to_np(b(x))
    np.testing.assert_array_equal(first_a, first_b)
    np.testing.assert_array_equal(to_np(a(x)), to_np(b(x)))
    assert not np.array_equal(to_np(a(x)), first_a)


def sequential_predict(layer, x):
    """The layer inside a Sequential model: `predict` is an identity for
    augmentation layers (it runs in inference mode)."""
    model = kerata.Sequential([kerata.Input(x.shape[1:]), layer])
    return model.predict(x, verbose=0)


def tiny_fit(layers, x):
    """A one-epoch fit of the layers followed by a small classifier."""
    model = kerata.Sequential(
        [kerata.Input(x.shape[1:])]
        + list(layers)
        + [kerata.layers.Flatten(), kerata.layers.Dense(2)]
    )
    model.compile(
        "sgd",
        kerata.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    y = np.arange(len(x)) % 2
    history = model.fit(x, y, batch_size=len(x), epochs=1, verbose=0)
    loss = history.history["loss"][0]
    assert np.isfinite(loss)
    return model
