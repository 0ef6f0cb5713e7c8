"""`.keras` files both ways: Keras 3 loads kerata's, kerata loads Keras's.

Each model is built in one library with random weights, saved, loaded by
the other, and must give the same predictions. The models cover every
layer family that both libraries have.
"""

import os
import sys

import numpy as np
import pytest

import kerata
from kerata.src import backend
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if

pytestmark = pytest.mark.parity
pytest.importorskip("h5py")


@pytest.fixture(scope="module")
def keras():
    if "keras" not in sys.modules:
        # Keras picks its backend once, at import; use kerata's.
        os.environ["KERAS_BACKEND"] = backend.backend()
    return pytest.importorskip("keras")


def _data(shape, seed=0):
    return np.random.default_rng(seed).uniform(-1, 1, shape).astype("float32")


def _core(lib):
    inputs = lib.Input((6,))
    x = lib.layers.Dense(5, activation="tanh")(inputs)
    x = lib.layers.EinsumDense("ab,bc->ac", output_shape=4, bias_axes="c")(x)
    x = lib.layers.Reshape((2, 2))(x)
    x = lib.layers.Permute((2, 1))(x)
    x = lib.layers.Flatten()(x)
    x = lib.layers.RepeatVector(2)(x)
    return lib.Model(inputs, x), _data((3, 6))


def _embedding(lib):
    model = lib.Sequential(
        [
            lib.Input((5,), dtype="int32"),
            lib.layers.Embedding(10, 4, mask_zero=True),
            lib.layers.GlobalAveragePooling1D(),
        ]
    )
    ids = np.array([[1, 2, 3, 0, 0], [4, 5, 6, 7, 9]], "int32")
    return model, ids


def _conv(lib):
    inputs = lib.Input((8, 8, 3))
    x = lib.layers.Conv2D(4, 3, padding="same", activation="relu")(inputs)
    x = lib.layers.DepthwiseConv2D(3, depth_multiplier=2)(x)
    x = lib.layers.SeparableConv2D(3, 2)(x)
    x = lib.layers.Conv2DTranspose(2, 3, strides=2)(x)
    x = lib.layers.MaxPooling2D(2)(x)
    x = lib.layers.AveragePooling2D(2)(x)
    x = lib.layers.ZeroPadding2D(1)(x)
    x = lib.layers.Cropping2D(1)(x)
    x = lib.layers.UpSampling2D(2)(x)
    x = lib.layers.GlobalMaxPooling2D()(x)
    return lib.Model(inputs, x), _data((2, 8, 8, 3))


def _conv1d_3d(lib):
    a = lib.Input((10, 3))
    b = lib.Input((4, 4, 4, 2))
    x = lib.layers.Conv1D(4, 3, dilation_rate=2)(a)
    x = lib.layers.GlobalAveragePooling1D()(x)
    y = lib.layers.Conv3D(3, 2)(b)
    y = lib.layers.GlobalAveragePooling3D()(y)
    out = lib.layers.Concatenate()([x, y])
    return lib.Model([a, b], out), [_data((2, 10, 3)), _data((2, 4, 4, 4, 2))]


def _normalization(lib):
    model = lib.Sequential(
        [
            lib.Input((4, 6)),
            lib.layers.BatchNormalization(),
            lib.layers.LayerNormalization(),
            lib.layers.GroupNormalization(groups=2),
            lib.layers.UnitNormalization(),
            lib.layers.SpectralNormalization(lib.layers.Dense(3)),
        ]
    )
    return model, _data((2, 4, 6))


def _recurrent(lib):
    inputs = lib.Input((5, 3))
    x = lib.layers.LSTM(4, return_sequences=True)(inputs)
    x = lib.layers.GRU(4, return_sequences=True)(x)
    x = lib.layers.Bidirectional(
        lib.layers.SimpleRNN(3, return_sequences=True)
    )(x)
    x = lib.layers.TimeDistributed(lib.layers.Dense(2))(x)
    x = lib.layers.LSTM(2)(x)
    return lib.Model(inputs, x), _data((2, 5, 3))


def _attention(lib):
    query = lib.Input((4, 8))
    value = lib.Input((6, 8))
    x = lib.layers.MultiHeadAttention(num_heads=2, key_dim=3)(query, value)
    y = lib.layers.Attention()([query, value])
    z = lib.layers.AdditiveAttention()([query, value])
    w = lib.layers.GroupQueryAttention(
        head_dim=2, num_query_heads=4, num_key_value_heads=2
    )(query, value)
    out = lib.layers.Add()([x, y, z, w])
    return lib.Model([query, value], out), [
        _data((2, 4, 8)),
        _data((2, 6, 8), seed=1),
    ]


def _merging_and_activations(lib):
    a = lib.Input((6,))
    b = lib.Input((6,))
    x = lib.layers.Multiply()([a, b])
    y = lib.layers.Subtract()([a, b])
    z = lib.layers.Dot(axes=1)([a, b])
    x = lib.layers.PReLU()(x)
    y = lib.layers.LeakyReLU(negative_slope=0.2)(y)
    x = lib.layers.Dropout(0.5)(x)
    y = lib.layers.GaussianNoise(0.1)(y)
    x = lib.layers.ActivityRegularization(l1=0.01)(x)
    out = lib.layers.Concatenate()([x, y, z])
    out = lib.layers.ELU()(out)
    out = lib.layers.Softmax()(out)
    return lib.Model([a, b], out), [_data((3, 6)), _data((3, 6), seed=2)]


def _preprocessing(lib):
    images = _data((2, 10, 10, 3), seed=4) + 1.0
    norm = lib.layers.Normalization()
    norm.adapt(images.reshape(-1, 3))
    model = lib.Sequential(
        [
            lib.Input((10, 10, 3)),
            lib.layers.Rescaling(0.5, offset=0.1),
            norm,
            lib.layers.Resizing(8, 8),
            lib.layers.CenterCrop(6, 6),
            lib.layers.RandomFlip(),
            lib.layers.RandomRotation(0.2),
            lib.layers.RandomZoom(0.1),
            lib.layers.RandomContrast(0.3),
            lib.layers.Conv2D(2, 3),
        ]
    )
    return model, images


# Keras's Normalization keeps the adapted statistics as cached tensors, so
# on its jax and numpy backends `set_weights` after `adapt` does not change
# its output: keep this model's adapted weights (the conv is random anyway).
_preprocessing.keep_weights = True


BUILDERS = [
    _preprocessing,
    _core,
    _embedding,
    _conv,
    _conv1d_3d,
    _normalization,
    _recurrent,
    _attention,
    _merging_and_activations,
]


def _randomize(model, seed=0):
    rng = np.random.default_rng(seed)
    model.set_weights(
        [
            rng.uniform(0.2, 0.8, w.shape).astype(w.dtype)
            for w in model.get_weights()
        ]
    )


@pytest.mark.parametrize("build", BUILDERS, ids=lambda b: b.__name__[1:])
def test_keras_loads_kerata_archive(tmp_path, keras, build):
    path = str(tmp_path / "m.keras")
    model, x = build(kerata)
    if not getattr(build, "keep_weights", False):
        _randomize(model)
    model.save(path)
    loaded = keras.saving.load_model(path)
    assert [type(layer).__name__ for layer in loaded.layers] == [
        type(layer).__name__ for layer in model.layers
    ]
    assert_allclose(
        keras.ops.convert_to_numpy(loaded.predict(x, verbose=0)),
        model.predict(x, verbose=0),
        atol=1e-5,
    )


@pytest.mark.parametrize("build", BUILDERS, ids=lambda b: b.__name__[1:])
def test_kerata_loads_keras_archive(tmp_path, keras, build):
    path = str(tmp_path / "k.keras")
    reference, x = build(keras)
    if not getattr(build, "keep_weights", False):
        _randomize(reference, seed=1)
    reference.save(path)
    model = kerata.saving.load_model(path)
    assert [layer.name for layer in model.layers] == [
        layer.name for layer in reference.layers
    ]
    assert_allclose(
        model.predict(x, verbose=0),
        keras.ops.convert_to_numpy(reference.predict(x, verbose=0)),
        atol=1e-5,
    )


def _compiled(lib):
    model = lib.Sequential(
        [lib.Input((4,)), lib.layers.Dense(3), lib.layers.Dense(2)]
    )
    model.compile(
        optimizer=lib.optimizers.Adam(learning_rate=0.01),
        loss="mse",
        metrics=["mae"],
    )
    return model


@run_if(trainable=True)
@pytest.mark.parametrize("direction", ["kerata_to_keras", "keras_to_kerata"])
def test_optimizer_state_and_compile_config_cross_over(
    tmp_path, keras, direction
):
    path = str(tmp_path / "m.keras")
    x, y = _data((8, 4)), _data((8, 2), seed=3)
    source_lib, target_lib = (
        (kerata, keras) if direction == "kerata_to_keras" else (keras, kerata)
    )
    source = _compiled(source_lib)
    source.fit(x, y, epochs=2, batch_size=4, verbose=0)
    source.save(path)
    target = target_lib.saving.load_model(path)
    assert target.compiled
    assert type(target.optimizer).__name__ == "Adam"
    assert float(target.optimizer.learning_rate) == pytest.approx(0.01)
    want = [np.asarray(v) for v in source.optimizer.variables]
    got = [np.asarray(v) for v in target.optimizer.variables]
    assert len(got) == len(want)
    for a, b in zip(got, want):
        assert_allclose(a, b)
    assert_allclose(
        np.asarray(target.predict(x, verbose=0)),
        np.asarray(source.predict(x, verbose=0)),
        atol=1e-6,
    )
