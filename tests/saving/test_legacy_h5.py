"""Legacy `.h5` files: Keras 2 files built by hand as tf.keras 2.x wrote
them, files written by Keras 3 (as oracle), kerata's own, and errors."""

import json
import os
import sys

import numpy as np
import pytest

import kerata
from kerata.src import backend
from kerata.src.saving import legacy_h5
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if
from kerata.src.testing.reference import layers_conv
from kerata.src.testing.reference import layers_core
from kerata.src.testing.reference import rnn

h5py = pytest.importorskip("h5py")

_RNG = np.random.default_rng(0)


def _outputs(model, x):
    """Eager outputs as NumPy: cheaper than `predict`'s compile on JAX."""
    if isinstance(x, list):
        x = [np.asarray(v) for v in x]
    out = model(x, training=False)
    module = kerata if isinstance(model, kerata.Model) else sys.modules["keras"]
    return module.ops.convert_to_numpy(out)


def _same_weights(model, reference):
    got, want = model.get_weights(), reference.get_weights()
    assert len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        np.testing.assert_array_equal(g, w)


def _values(shapes, seed=0):
    rng = np.random.default_rng(seed)
    return [rng.uniform(-0.5, 0.5, s).astype("float32") for s in shapes]


# --- Keras 2 files, written as tf.keras 2.x wrote them ----------------------


def _dtype_args(name):
    return {"name": name, "trainable": True, "dtype": "float32"}


_GLOROT = {"class_name": "GlorotUniform", "config": {"seed": None}}
_ZEROS = {"class_name": "Zeros", "config": {}}
_ONES = {"class_name": "Ones", "config": {}}
_NO_REGULARIZERS = {
    "kernel_regularizer": None,
    "bias_regularizer": None,
    "activity_regularizer": None,
    "kernel_constraint": None,
    "bias_constraint": None,
}


def _k2_input(name, batch_shape):
    return {
        "class_name": "InputLayer",
        "config": {
            "batch_input_shape": batch_shape,
            "dtype": "float32",
            "sparse": False,
            "ragged": False,
            "name": name,
        },
    }


def _k2_dense(name, units, activation="linear", **extra):
    return {
        "class_name": "Dense",
        "config": {
            **_dtype_args(name),
            **extra,
            "units": units,
            "activation": activation,
            "use_bias": True,
            "kernel_initializer": _GLOROT,
            "bias_initializer": _ZEROS,
            **_NO_REGULARIZERS,
        },
    }


def _k2_batch_norm(name, axis):
    return {
        "class_name": "BatchNormalization",
        "config": {
            **_dtype_args(name),
            "axis": axis,
            "momentum": 0.99,
            "epsilon": 0.001,
            "center": True,
            "scale": True,
            "beta_initializer": _ZEROS,
            "gamma_initializer": _ONES,
            "moving_mean_initializer": _ZEROS,
            "moving_variance_initializer": _ONES,
            "beta_regularizer": None,
            "gamma_regularizer": None,
            "beta_constraint": None,
            "gamma_constraint": None,
        },
    }


def _k2_conv2d(name, filters):
    return {
        "class_name": "Conv2D",
        "config": {
            **_dtype_args(name),
            "filters": filters,
            "kernel_size": [3, 3],
            "strides": [1, 1],
            "padding": "valid",
            "data_format": "channels_last",
            "dilation_rate": [1, 1],
            "groups": 1,
            "activation": "relu",
            "use_bias": True,
            "kernel_initializer": _GLOROT,
            "bias_initializer": _ZEROS,
            **_NO_REGULARIZERS,
        },
    }


def _k2_recurrent(kind, name, units, **extra):
    config = {
        **_dtype_args(name),
        "return_sequences": False,
        "return_state": False,
        "go_backwards": False,
        "stateful": False,
        "unroll": False,
        "time_major": False,
        "units": units,
        "activation": "tanh",
        "recurrent_activation": "sigmoid",
        "use_bias": True,
        "kernel_initializer": _GLOROT,
        "recurrent_initializer": {
            "class_name": "Orthogonal",
            "config": {"gain": 1.0, "seed": None},
        },
        "bias_initializer": _ZEROS,
        "kernel_regularizer": None,
        "recurrent_regularizer": None,
        "bias_regularizer": None,
        "activity_regularizer": None,
        "kernel_constraint": None,
        "recurrent_constraint": None,
        "bias_constraint": None,
        "dropout": 0.0,
        "recurrent_dropout": 0.0,
        "implementation": 2,
        **extra,
    }
    return {"class_name": kind, "config": config}


def _k2_embedding(name, input_dim, output_dim, length):
    return {
        "class_name": "Embedding",
        "config": {
            **_dtype_args(name),
            "batch_input_shape": [None, length],
            "input_dim": input_dim,
            "output_dim": output_dim,
            "embeddings_initializer": {
                "class_name": "RandomUniform",
                "config": {"minval": -0.05, "maxval": 0.05, "seed": None},
            },
            "embeddings_regularizer": None,
            "activity_regularizer": None,
            "embeddings_constraint": None,
            "mask_zero": False,
            "input_length": length,
        },
    }


def _k2_flatten(name):
    return {
        "class_name": "Flatten",
        "config": {**_dtype_args(name), "data_format": "channels_last"},
    }


def _write_keras2(path, model_config, layers, training_config=None):
    """`layers`: `[(layer_name, [(weight_name, array), ...])]`; with no
    `model_config`, a weights-only file (the layout at the root)."""
    with h5py.File(path, "w") as f:
        if model_config is not None:
            f.attrs["keras_version"] = b"2.12.0"
            f.attrs["backend"] = b"tensorflow"
            f.attrs["model_config"] = json.dumps(model_config).encode()
            if training_config is not None:
                f.attrs["training_config"] = json.dumps(
                    training_config
                ).encode()
            group = f.create_group("model_weights")
        else:
            group = f
        group.attrs["layer_names"] = np.array([n.encode() for n, _ in layers])
        group.attrs["backend"] = b"tensorflow"
        group.attrs["keras_version"] = b"2.12.0"
        for name, weights in layers:
            layer_group = group.create_group(name)
            layer_group.attrs["weight_names"] = np.array(
                [w.encode() for w, _ in weights]
            )
            for w, array in weights:
                layer_group.create_dataset(w, data=array)


def _named(prefix, names, arrays):
    return [(f"{prefix}/{n}:0", a) for n, a in zip(names, arrays, strict=True)]


def _sequential_case():
    """Keras 2.2-style Sequential: the shape sits in the first layer."""
    config = {
        "class_name": "Sequential",
        "config": {
            "name": "sequential",
            "layers": [
                _k2_dense("dense", 3, "relu", batch_input_shape=[None, 4]),
                _k2_batch_norm("batch_normalization", [1]),
                _k2_dense("dense_1", 2),
            ],
        },
    }
    dense = _values([(4, 3), (3,)], 1)
    norm = _values([(3,), (3,), (3,)], 2) + [np.full(3, 1.5, "float32")]
    head = _values([(3, 2), (2,)], 3)
    layers = [
        ("dense", _named("dense", ["kernel", "bias"], dense)),
        (
            "batch_normalization",
            _named(
                "batch_normalization",
                ["gamma", "beta", "moving_mean", "moving_variance"],
                norm,
            ),
        ),
        ("dense_1", _named("dense_1", ["kernel", "bias"], head)),
    ]

    def reference(x):
        x = layers_core.dense(x, *dense, activation="relu")
        x = layers_conv.batch_normalization(x, norm[2], norm[3], *norm[:2])
        return layers_core.dense(x, *head)

    x = _values([(2, 4)], 4)[0]
    return config, layers, reference, x


def _conv_case():
    config = {
        "class_name": "Sequential",
        "config": {
            "name": "sequential_1",
            "layers": [
                _k2_input("conv2d_input", [None, 5, 5, 2]),
                _k2_conv2d("conv2d", 3),
                _k2_batch_norm("batch_normalization_1", [3]),
                _k2_flatten("flatten"),
                _k2_dense("dense_2", 2, "softmax"),
            ],
        },
    }
    conv = _values([(3, 3, 2, 3), (3,)], 5)
    norm = _values([(3,), (3,), (3,)], 6) + [np.full(3, 0.5, "float32")]
    head = _values([(27, 2), (2,)], 7)
    norm_names = ["gamma", "beta", "moving_mean", "moving_variance"]
    layers = [
        ("conv2d", _named("conv2d", ["kernel", "bias"], conv)),
        (
            "batch_normalization_1",
            _named("batch_normalization_1", norm_names, norm),
        ),
        ("flatten", []),
        ("dense_2", _named("dense_2", ["kernel", "bias"], head)),
    ]

    def reference(x):
        x = layers_conv.conv(x, *conv, activation="relu")
        x = layers_conv.batch_normalization(x, norm[2], norm[3], *norm[:2])
        return layers_core.dense(x.reshape(len(x), -1), *head, "softmax")

    x = _values([(2, 5, 5, 2)], 8)[0]
    return config, layers, reference, x


def _recurrent_case():
    """Embedding (with `input_length`) then a GRU with `reset_after` and
    its (2, 3 * units) bias, as tf.keras 2.x saved them."""
    config = {
        "class_name": "Sequential",
        "config": {
            "name": "sequential_2",
            "layers": [
                _k2_input("embedding_input", [None, 5]),
                _k2_embedding("embedding", 10, 3, 5),
                _k2_recurrent("GRU", "gru", 4, reset_after=True),
            ],
        },
    }
    embeddings = _values([(10, 3)], 9)
    gru = _values([(3, 12), (4, 12), (2, 12)], 10)
    layers = [
        ("embedding", _named("embedding", ["embeddings"], embeddings)),
        (
            "gru",
            _named(
                "gru/gru_cell",
                ["kernel", "recurrent_kernel", "bias"],
                gru,
            ),
        ),
    ]

    def reference(x):
        x = layers_core.embedding(x, embeddings[0]).astype("float64")
        _, (h,) = rnn.run(
            lambda x, states: rnn.gru_step(x, states, *gru),
            x,
            [np.zeros((len(x), 4))],
        )
        return h

    x = np.array([[1, 2, 3, 4, 5], [9, 0, 2, 2, 7]], dtype="int32")
    return config, layers, reference, x


def _functional_case():
    """Two inputs, an LSTM, and a nested Sequential that Keras 2 refers to
    by node index 1 (its own graph is its node 0)."""
    inner = {
        "class_name": "Sequential",
        "config": {
            "name": "head",
            "layers": [
                _k2_input("dense_4_input", [None, 7]),
                _k2_dense("dense_4", 2),
            ],
        },
    }

    def node(*names):
        return [[[n, 0, 0, {}] for n in names]]

    config = {
        "class_name": "Functional",
        "config": {
            "name": "model",
            "layers": [
                {**_k2_input("seq", [None, 3, 2]), "name": "seq"},
                {**_k2_input("side", [None, 4]), "name": "side"},
                {
                    **_k2_recurrent("LSTM", "lstm", 3, unit_forget_bias=True),
                    "name": "lstm",
                    "inbound_nodes": node("seq"),
                },
                {
                    **_k2_dense("dense_3", 4, "tanh"),
                    "name": "dense_3",
                    "inbound_nodes": node("side"),
                },
                {
                    "class_name": "Concatenate",
                    "config": {**_dtype_args("concatenate"), "axis": -1},
                    "name": "concatenate",
                    "inbound_nodes": node("lstm", "dense_3"),
                },
                {
                    **inner,
                    "name": "head",
                    "inbound_nodes": [[["concatenate", 0, 0, {}]]],
                },
            ],
            "input_layers": [["seq", 0, 0], ["side", 0, 0]],
            "output_layers": [["head", 1, 0]],
        },
    }
    config["config"]["layers"][0]["inbound_nodes"] = []
    config["config"]["layers"][1]["inbound_nodes"] = []
    lstm = _values([(2, 12), (3, 12), (12,)], 11)
    dense = _values([(4, 4), (4,)], 12)
    head = _values([(7, 2), (2,)], 13)
    layers = [
        ("seq", []),
        ("side", []),
        (
            "lstm",
            _named(
                "lstm/lstm_cell", ["kernel", "recurrent_kernel", "bias"], lstm
            ),
        ),
        ("dense_3", _named("dense_3", ["kernel", "bias"], dense)),
        ("concatenate", []),
        ("head", _named("dense_4", ["kernel", "bias"], head)),
    ]

    def reference(x):
        seq, side = (np.asarray(v, "float64") for v in x)
        _, (h, _) = rnn.run(
            lambda x, states: rnn.lstm_step(x, states, *lstm),
            seq,
            [np.zeros((len(seq), 3)), np.zeros((len(seq), 3))],
        )
        merged = np.concatenate(
            [h, layers_core.dense(side, *dense, activation="tanh")], axis=-1
        )
        return layers_core.dense(merged, *head)

    x = _values([(2, 3, 2), (2, 4)], 14)
    return config, layers, reference, x


_KERAS2_CASES = [
    _sequential_case,
    _conv_case,
    _recurrent_case,
    _functional_case,
]


@pytest.mark.parametrize("case", _KERAS2_CASES)
def test_loads_keras2_model_file(tmp_path, case):
    config, layers, reference, x = case()
    path = str(tmp_path / "keras2.h5")
    _write_keras2(path, config, layers)
    model = legacy_h5.load_model_from_hdf5(path)
    assert_allclose(_outputs(model, x), reference(x), atol=1e-5)


def test_loads_keras20_sequential_config(tmp_path):
    """Keras 2.0-2.2 stored a Sequential's config as its list of layers;
    later versions wrote dtype policies and TensorShape markers."""
    config, layers, reference, x = _sequential_case()
    policy = {"class_name": "Policy", "config": {"name": "float32"}}
    for layer in config["config"]["layers"]:
        layer["config"]["dtype"] = policy
    old = {"class_name": "Sequential", "config": config["config"]["layers"]}
    path = str(tmp_path / "keras20.h5")
    _write_keras2(path, old, layers)
    model = legacy_h5.load_model_from_hdf5(path)
    assert_allclose(_outputs(model, x), reference(x), atol=1e-5)
    shaped = dict(config)
    shaped["config"] = {
        **config["config"],
        "build_input_shape": {"class_name": "TensorShape", "items": [None, 4]},
    }
    _write_keras2(path, shaped, layers)
    model = legacy_h5.load_model_from_hdf5(path)
    assert model.input_shape == (None, 4)


@pytest.mark.parametrize("by_name", [False, True])
def test_loads_keras2_weights_file(tmp_path, by_name):
    _, layers, _, _ = _functional_case()
    path = str(tmp_path / "keras2_weights.h5")
    _write_keras2(path, None, layers)
    seq = kerata.Input((3, 2))
    side = kerata.Input((4,))
    merged = kerata.layers.Concatenate(name="concatenate")(
        [
            kerata.layers.LSTM(3, name="lstm")(seq),
            kerata.layers.Dense(4, name="dense_3")(side),
        ]
    )
    head = kerata.Sequential(
        [kerata.Input((7,)), kerata.layers.Dense(2)], name="head"
    )
    model = kerata.Model([seq, side], head(merged))
    legacy_h5.load_weights_from_hdf5(model, path, by_name=by_name)
    stored = [array for _, weights in layers for _, array in weights]
    for got, want in zip(model.get_weights(), stored, strict=True):
        np.testing.assert_array_equal(got, want)


def test_public_entry_points_read_legacy_files(tmp_path):
    config, layers, reference, x = _sequential_case()
    path = str(tmp_path / "keras2.h5")
    _write_keras2(path, config, layers)
    model = kerata.models.load_model(path)
    assert_allclose(_outputs(model, x), reference(x), atol=1e-5)
    weights_path = str(tmp_path / "keras2_weights.h5")
    _write_keras2(weights_path, None, layers)
    copy = kerata.models.model_from_json(model.to_json())
    copy.load_weights(weights_path, by_name=True)
    _same_weights(copy, model)


def test_keras2_training_config_compiles(tmp_path):
    config, layers, _, _ = _sequential_case()
    training = {
        "loss": "categorical_crossentropy",
        "metrics": ["accuracy"],
        "weighted_metrics": None,
        "loss_weights": None,
        "optimizer_config": {
            "class_name": "Adam",
            "config": {
                "name": "Adam",
                "learning_rate": 0.005,
                "decay": 0.0,
                "beta_1": 0.9,
                "beta_2": 0.999,
                "epsilon": 1e-07,
                "amsgrad": False,
            },
        },
    }
    path = str(tmp_path / "compiled.h5")
    _write_keras2(path, config, layers, training)
    model = legacy_h5.load_model_from_hdf5(path)
    assert model.compiled
    assert type(model.optimizer).__name__ == "Adam"
    assert float(
        backend.convert_to_numpy(model.optimizer.learning_rate)
    ) == pytest.approx(0.005)
    uncompiled = legacy_h5.load_model_from_hdf5(path, compile=False)
    assert not uncompiled.compiled


def test_keras2_weights_mismatch_leaves_model_unchanged(tmp_path):
    _, layers, _, _ = _sequential_case()
    layers[-1] = (
        "dense_1",
        _named("dense_1", ["kernel", "bias"], _values([(3, 5), (5,)])),
    )
    path = str(tmp_path / "bad.h5")
    _write_keras2(path, None, layers)
    model = _mixed_model().layers[-1]  # Dense, BatchNormalization, Dense
    before = model.get_weights()
    with pytest.raises(ValueError, match=r"dense.*shape \(3, 2\)"):
        legacy_h5.load_weights_from_hdf5(model, path)
    for got, want in zip(model.get_weights(), before, strict=True):
        np.testing.assert_array_equal(got, want)
    with pytest.warns(UserWarning, match="Skipping"):
        legacy_h5.load_weights_from_hdf5(model, path, skip_mismatch=True)
    first = _values([(4, 3)], 1)[0]
    np.testing.assert_allclose(model.layers[0].get_weights()[0], first)


def test_layer_count_mismatch_is_an_error(tmp_path):
    _, layers, _, _ = _sequential_case()
    path = str(tmp_path / "w.h5")
    _write_keras2(path, None, layers[:2])
    model = kerata.Sequential([kerata.Input((4,)), kerata.layers.Dense(3)])
    with pytest.raises(ValueError, match="holds weights for 2 layers"):
        legacy_h5.load_weights_from_hdf5(model, path)


def test_lambda_bytecode_is_refused_in_safe_mode(tmp_path):
    config = {
        "class_name": "Sequential",
        "config": {
            "name": "s",
            "layers": [
                _k2_input("in", [None, 2]),
                {
                    "class_name": "Lambda",
                    "config": {
                        **_dtype_args("lambda"),
                        "function": ["4wEAAAAAAAAA", None, None],
                        "function_type": "lambda",
                        "module": "__main__",
                        "output_shape": None,
                        "output_shape_type": "raw",
                        "output_shape_module": None,
                        "arguments": {},
                    },
                },
            ],
        },
    }
    path = str(tmp_path / "lambda.h5")
    _write_keras2(path, config, [("lambda", [])])
    with pytest.raises(ValueError, match="safe_mode=False"):
        legacy_h5.load_model_from_hdf5(path)


# --- errors -----------------------------------------------------------------


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothere.h5"):
        legacy_h5.load_model_from_hdf5(str(tmp_path / "nothere.h5"))


@pytest.mark.parametrize("content", [b"", b"not an hdf5 file at all" * 10])
def test_not_hdf5_is_a_clear_error(tmp_path, content):
    path = tmp_path / "junk.h5"
    path.write_bytes(content)
    with pytest.raises(ValueError, match="junk.h5.*expected an HDF5 file"):
        legacy_h5.load_model_from_hdf5(str(path))


def test_truncated_file_is_a_clear_error(tmp_path):
    config, layers, _, _ = _sequential_case()
    path = tmp_path / "full.h5"
    _write_keras2(str(path), config, layers)
    data = path.read_bytes()
    cut = tmp_path / "cut.h5"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match="cut.h5"):
        legacy_h5.load_model_from_hdf5(str(cut))


def test_damaged_model_config_is_a_clear_error(tmp_path):
    _, layers, _, _ = _sequential_case()
    path = str(tmp_path / "damaged.h5")
    _write_keras2(path, {"class_name": "Sequential"}, layers)
    with h5py.File(path, "a") as f:
        f.attrs["model_config"] = b'{"class_name": "Seq'
    with pytest.raises(ValueError, match="model_config.*damaged.h5"):
        legacy_h5.load_model_from_hdf5(path)


def test_weights_file_is_not_a_model_file(tmp_path):
    _, layers, _, _ = _sequential_case()
    path = str(tmp_path / "weights_only.h5")
    _write_keras2(path, None, layers)
    with pytest.raises(ValueError, match="No model config"):
        legacy_h5.load_model_from_hdf5(path)


def test_keras3_weights_layout_is_not_legacy(tmp_path):
    model = kerata.Sequential([kerata.Input((2,)), kerata.layers.Dense(1)])
    path = str(tmp_path / "m.weights.h5")
    model.save_weights(path)
    with pytest.raises(ValueError, match="not a legacy Keras weights file"):
        legacy_h5.load_weights_from_hdf5(model, path)


# --- kerata's own .h5 files --------------------------------------------------


def _mixed_model():
    """Two inputs and a nested Sequential, in kerata."""
    a = kerata.Input((4,))
    b = kerata.Input((3,))
    merged = kerata.layers.Concatenate()(
        [kerata.layers.Dense(2)(a), kerata.layers.Dense(2)(b)]
    )
    inner = kerata.Sequential(
        [
            kerata.Input((4,)),
            kerata.layers.Dense(3, activation="relu"),
            kerata.layers.BatchNormalization(),
            kerata.layers.Dense(2),
        ]
    )
    model = kerata.Model([a, b], inner(merged))
    rng = np.random.default_rng(5)
    model.set_weights(
        [rng.uniform(0.5, 1.5, w.shape).astype(w.dtype) for w in model.weights]
    )
    return model


def test_round_trip(tmp_path):
    reference = _mixed_model()
    x = _values([(2, 4), (2, 3)], 16)
    path = str(tmp_path / "own.h5")
    legacy_h5.save_model_to_hdf5(reference, path)
    model = legacy_h5.load_model_from_hdf5(path)
    assert_allclose(_outputs(model, x), _outputs(reference, x))
    with pytest.raises(FileExistsError):
        legacy_h5.save_model_to_hdf5(reference, path, overwrite=False)


@run_if(trainable=True)
def test_round_trip_keeps_compile_and_optimizer_state(tmp_path):
    model = kerata.Sequential([kerata.Input((3,)), kerata.layers.Dense(2)])
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    x = _values([(4, 3), (4, 2)], 15)
    model.fit(x[0], x[1], epochs=1, verbose=0)
    path = str(tmp_path / "compiled.h5")
    legacy_h5.save_model_to_hdf5(model, path)
    loaded = legacy_h5.load_model_from_hdf5(path)
    assert type(loaded.optimizer).__name__ == "Adam"
    got = [backend.convert_to_numpy(v) for v in loaded.optimizer.variables]
    want = [backend.convert_to_numpy(v) for v in model.optimizer.variables]
    assert len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        np.testing.assert_allclose(g, w)


def test_subclassed_model_cannot_be_saved(tmp_path):
    class Block(kerata.Model):
        def __init__(self):
            super().__init__()
            self.dense = kerata.layers.Dense(2)

        def call(self, x):
            return self.dense(x)

    model = Block()
    model(np.zeros((1, 3), "float32"))
    with pytest.raises(ValueError, match="subclassed"):
        legacy_h5.save_model_to_hdf5(model, str(tmp_path / "s.h5"))
    assert not os.path.exists(tmp_path / "s.h5")


# --- Keras 3 as oracle -------------------------------------------------------


@pytest.fixture(scope="module")
def keras():
    if "keras" not in sys.modules:
        # Keras picks its backend once, at import; use kerata's.
        os.environ["KERAS_BACKEND"] = backend.backend()
    return pytest.importorskip("keras")


def _randomize(model, seed):
    rng = np.random.default_rng(seed)
    model.set_weights(
        [
            rng.uniform(0.2, 0.8, w.shape).astype(w.dtype)
            for w in model.get_weights()
        ]
    )


def _keras_dense_bn(keras):
    model = keras.Sequential(
        [
            keras.Input((4,)),
            keras.layers.Dense(3, activation="relu"),
            keras.layers.BatchNormalization(),
            keras.layers.Dense(2),
        ]
    )
    return model, _values([(2, 4)], 20)[0]


def _keras_conv(keras):
    model = keras.Sequential(
        [
            keras.Input((5, 5, 2)),
            keras.layers.Conv2D(3, 3, activation="relu"),
            keras.layers.BatchNormalization(),
            keras.layers.Flatten(),
            keras.layers.Dense(2),
        ]
    )
    return model, _values([(2, 5, 5, 2)], 21)[0]


def _keras_recurrent(keras):
    tokens = keras.Input((5,), dtype="int32")
    x = keras.layers.Embedding(10, 3)(tokens)
    x = keras.layers.GRU(3)(x)
    model = keras.Model(tokens, x)
    ids = np.array([[1, 2, 3, 4, 5], [9, 0, 2, 2, 7]], dtype="int32")
    return model, ids


def _keras_two_inputs(keras):
    a = keras.Input((4,), name="a")
    b = keras.Input((3,), name="b")
    merged = keras.layers.Concatenate()(
        [keras.layers.Dense(5)(a), keras.layers.Dense(2)(b)]
    )
    inner = keras.Sequential(
        [keras.layers.Dense(3), keras.layers.BatchNormalization()],
        name="inner",
    )
    model = keras.Model([a, b], inner(merged))
    return model, _values([(2, 4), (2, 3)], 22)


_KERAS_BUILDS = [
    _keras_dense_bn,
    _keras_two_inputs,
    # Compiling these on JAX takes seconds; the Keras 2 files above cover
    # their layers in the default run.
    pytest.param(_keras_conv, marks=pytest.mark.slow),
    pytest.param(_keras_recurrent, marks=pytest.mark.slow),
]


@pytest.mark.parity
@pytest.mark.parametrize("build", _KERAS_BUILDS)
def test_loads_keras3_h5_model(tmp_path, keras, build):
    reference, x = build(keras)
    _randomize(reference, 30)
    path = str(tmp_path / "keras.h5")
    reference.save(path)
    model = legacy_h5.load_model_from_hdf5(path)
    assert_allclose(_outputs(model, x), _outputs(reference, x))
    # The legacy weights-only layout, by order and by name.
    weights_path = str(tmp_path / "keras_weights.h5")
    from keras.src.legacy.saving import legacy_h5_format

    with h5py.File(weights_path, "w") as f:
        legacy_h5_format.save_weights_to_hdf5_group(f, reference)
    for by_name in (False, True):
        copy = kerata.models.model_from_json(model.to_json())
        legacy_h5.load_weights_from_hdf5(copy, weights_path, by_name=by_name)
        _same_weights(copy, model)


@pytest.mark.parity
def test_keras_loads_kerata_h5(tmp_path, keras):
    reference, x = _keras_two_inputs(keras)
    path = str(tmp_path / "keras.h5")
    _randomize(reference, 31)
    reference.save(path)
    model = legacy_h5.load_model_from_hdf5(path)
    own = str(tmp_path / "kerata.h5")
    legacy_h5.save_model_to_hdf5(model, own)
    loaded = keras.models.load_model(own, compile=False)
    assert_allclose(_outputs(loaded, x), _outputs(reference, x))


@pytest.mark.parity
def test_keras3_compiled_h5_compiles(tmp_path, keras):
    reference, _ = _keras_dense_bn(keras)
    reference.compile(
        optimizer=keras.optimizers.SGD(0.05, momentum=0.5),
        loss="mean_squared_error",
        metrics=["mae"],
    )
    path = str(tmp_path / "compiled.h5")
    reference.save(path)
    model = legacy_h5.load_model_from_hdf5(path)
    assert model.compiled
    config = model.optimizer.get_config()
    assert config["momentum"] == pytest.approx(0.5)
    assert config["learning_rate"] == pytest.approx(0.05)
