"""Every public serializable object survives a config round trip.

The sweep walks `kerata.src.api_export.REGISTRY`, so a newly exported class
is picked up automatically: it must either be constructible with default
arguments or be listed in `KWARGS` below, otherwise `test_every_class_is_
constructible` fails with its name.

For each object:
- kerata: `serialize_keras_object` -> JSON -> `deserialize_keras_object`
  gives the same class and the same `get_config()`; layers that are cheap
  to build keep their weight count through `build_config`.
- Keras 3 (skipped when keras is not installed): Keras reads kerata's
  config and writes back the same values, and kerata reads the config Keras
  writes for the same constructor arguments.
"""

import inspect
import json
import os
import sys

import pytest

import kerata
from kerata.saving import deserialize_keras_object
from kerata.saving import serialize_keras_object
from kerata.src import backend
from kerata.src.api_export import REGISTRY

MODULES = (
    "layers",
    "losses",
    "metrics",
    "optimizers",
    "optimizers.schedules",
    "initializers",
    "regularizers",
    "constraints",
)
FUNCTION_MODULES = ("activations", "losses", "metrics")

# Abstract bases: they define the interface but compute nothing, so a bare
# instance is not a meaningful object to save (Keras's own bases either
# raise NotImplementedError when used or need a subclass's `call`).
ABSTRACT = {
    "Layer",
    "Loss",
    "Metric",
    "Optimizer",
    "Initializer",
    "Regularizer",
    "Constraint",
    "LearningRateSchedule",
    "Wrapper",
    # Needs a torch module and unsafe mode (its config pickles the module):
    # its round trip is tested in tests/utils/test_torch_utils.py.
    "TorchModuleWrapper",
}

# Public functions that are not serializable objects: the module-level
# `get`/`serialize`/`deserialize` helpers, and functional-API helpers
# (`layers.Input`, `layers.add`, ...) that build tensors, not objects.
NOT_OBJECTS = {
    "get",
    "serialize",
    "deserialize",
    "Input",
    "add",
    "average",
    "concatenate",
    "dot",
    "maximum",
    "minimum",
    "multiply",
    "subtract",
}

# Class name -> small constructor kwargs, or a function of the library
# module (kerata or keras) returning them, for nested objects.
KWARGS = {
    "LossScaleOptimizer": lambda k: {"inner_optimizer": k.optimizers.SGD()},
    # layers
    "ConvLSTM3D": {"filters": 2, "kernel_size": 2},
    "ReversibleEmbedding": {"input_dim": 5, "output_dim": 2},
    "Activation": {"activation": "relu"},
    "AdaptiveAveragePooling1D": {"output_size": 2},
    "AdaptiveAveragePooling2D": {"output_size": 2},
    "AdaptiveAveragePooling3D": {"output_size": 2},
    "AdaptiveMaxPooling1D": {"output_size": 2},
    "AdaptiveMaxPooling2D": {"output_size": 2},
    "AdaptiveMaxPooling3D": {"output_size": 2},
    "AlphaDropout": {"rate": 0.5},
    "AveragePooling1D": {"pool_size": 2},
    "AveragePooling2D": {"pool_size": 2},
    "AveragePooling3D": {"pool_size": 2},
    "Bidirectional": lambda k: {"layer": k.layers.LSTM(2)},
    "CategoryEncoding": {"num_tokens": 3},
    "CenterCrop": {"height": 2, "width": 2},
    "Conv1D": {"filters": 2, "kernel_size": 2},
    "Conv1DTranspose": {"filters": 2, "kernel_size": 2},
    "Conv2D": {"filters": 2, "kernel_size": 2},
    "Conv2DTranspose": {"filters": 2, "kernel_size": 2},
    "Conv3D": {"filters": 2, "kernel_size": 2},
    "Conv3DTranspose": {"filters": 2, "kernel_size": 2},
    "ConvLSTM1D": {"filters": 2, "kernel_size": 2},
    "ConvLSTM2D": {"filters": 2, "kernel_size": 2},
    "Dense": {"units": 2},
    "DepthwiseConv1D": {"kernel_size": 2},
    "DepthwiseConv2D": {"kernel_size": 2},
    "Discretization": {"bin_boundaries": [0.0, 1.0]},
    "Dot": {"axes": 1},
    "Dropout": {"rate": 0.5},
    "EinsumDense": {"equation": "ab,bc->ac", "output_shape": 2},
    "Embedding": {"input_dim": 5, "output_dim": 2},
    "GaussianDropout": {"rate": 0.5},
    "GaussianNoise": {"stddev": 0.1},
    "GroupQueryAttention": {
        "head_dim": 2,
        "num_query_heads": 2,
        "num_key_value_heads": 1,
    },
    "GRU": {"units": 2},
    "GRUCell": {"units": 2},
    "HashedCrossing": {"num_bins": 3},
    "Hashing": {"num_bins": 3},
    "InputLayer": {"shape": (3,)},
    "Lambda": lambda k: {"function": k.activations.relu},
    "LSTM": {"units": 2},
    "LSTMCell": {"units": 2},
    "MultiHeadAttention": {"num_heads": 2, "key_dim": 2},
    "Permute": {"dims": (2, 1)},
    "Pipeline": lambda k: {"layers": [k.layers.AutoContrast()]},
    "RandomBrightness": {"factor": 0.2},
    "RandomColorDegeneration": {"factor": 0.2},
    "RandomContrast": {"factor": 0.2},
    "RandomCrop": {"height": 2, "width": 2},
    "RandomHue": {"factor": 0.2},
    "RandomPosterization": {"factor": 4},
    "RandomRotation": {"factor": 0.1},
    "RandomSaturation": {"factor": 0.2},
    "RandomSharpness": {"factor": 0.2},
    "RandomTranslation": {"height_factor": 0.1, "width_factor": 0.1},
    "RandomZoom": {"height_factor": 0.1},
    "RepeatVector": {"n": 2},
    "Rescaling": {"scale": 0.5},
    "Reshape": {"target_shape": (2, 2)},
    "Resizing": {"height": 4, "width": 4},
    "RNN": lambda k: {"cell": k.layers.SimpleRNNCell(2)},
    "SeparableConv1D": {"filters": 2, "kernel_size": 2},
    "SeparableConv2D": {"filters": 2, "kernel_size": 2},
    "SimpleRNN": {"units": 2},
    "SimpleRNNCell": {"units": 2},
    "SpatialDropout1D": {"rate": 0.5},
    "SpatialDropout2D": {"rate": 0.5},
    "SpatialDropout3D": {"rate": 0.5},
    "SpectralNormalization": lambda k: {"layer": k.layers.Dense(2)},
    "StackedRNNCells": lambda k: {
        "cells": [k.layers.SimpleRNNCell(2), k.layers.SimpleRNNCell(3)]
    },
    "TimeDistributed": lambda k: {"layer": k.layers.Dense(2)},
    # losses and metrics
    "LossFunctionWrapper": lambda k: {"fn": k.losses.mean_squared_error},
    "MeanMetricWrapper": lambda k: {"fn": k.metrics.mean_squared_error},
    "IoU": {"num_classes": 2, "target_class_ids": [0]},
    "MeanIoU": {"num_classes": 2},
    "OneHotIoU": {"num_classes": 2, "target_class_ids": [0]},
    "OneHotMeanIoU": {"num_classes": 2},
    "PrecisionAtRecall": {"recall": 0.5},
    "RecallAtPrecision": {"precision": 0.5},
    "SensitivityAtSpecificity": {"specificity": 0.5},
    "SpecificityAtSensitivity": {"sensitivity": 0.5},
    # learning-rate schedules
    "CosineDecay": {"initial_learning_rate": 0.1, "decay_steps": 10},
    "CosineDecayRestarts": {
        "initial_learning_rate": 0.1,
        "first_decay_steps": 10,
    },
    "ExponentialDecay": {
        "initial_learning_rate": 0.1,
        "decay_steps": 10,
        "decay_rate": 0.9,
    },
    "InverseTimeDecay": {
        "initial_learning_rate": 0.1,
        "decay_steps": 10,
        "decay_rate": 0.5,
    },
    "PiecewiseConstantDecay": {"boundaries": [5], "values": [0.1, 0.01]},
    "PolynomialDecay": {"initial_learning_rate": 0.1, "decay_steps": 10},
}

# Extra cases with non-default, nested arguments: id -> (class path, kwargs).
EXTRA_CASES = {
    "layers.Dense[nested]": (
        "layers.Dense",
        lambda k: {
            "units": 2,
            "activation": "relu",
            "kernel_initializer": k.initializers.HeNormal(seed=1),
            "kernel_regularizer": k.regularizers.L1L2(l1=0.01, l2=0.02),
            "kernel_constraint": k.constraints.MaxNorm(2.0),
            "bias_initializer": "ones",
        },
    ),
    "layers.Conv2D[nested]": (
        "layers.Conv2D",
        {
            "filters": 2,
            "kernel_size": (2, 3),
            "strides": 2,
            "padding": "same",
            "activation": "tanh",
        },
    ),
    "layers.LSTM[nested]": (
        "layers.LSTM",
        {"units": 2, "return_sequences": True, "dropout": 0.1},
    ),
    "optimizers.Adam[schedule]": (
        "optimizers.Adam",
        lambda k: {
            "learning_rate": k.optimizers.schedules.ExponentialDecay(
                0.1, 10, 0.9
            ),
            "beta_1": 0.8,
            "clipnorm": 1.0,
        },
    ),
    "optimizers.SGD[momentum]": (
        "optimizers.SGD",
        {"learning_rate": 0.05, "momentum": 0.9, "nesterov": True},
    ),
    "losses.CategoricalCrossentropy[args]": (
        "losses.CategoricalCrossentropy",
        {"from_logits": True, "label_smoothing": 0.1, "reduction": "sum"},
    ),
    "layers.Dense[mixed_float16]": (
        "layers.Dense",
        {"units": 2, "dtype": "mixed_float16"},
    ),
    "layers.Embedding[args]": (
        "layers.Embedding",
        lambda k: {
            "input_dim": 5,
            "output_dim": 2,
            "mask_zero": True,
            "embeddings_regularizer": k.regularizers.L2(0.1),
        },
    ),
    "layers.BatchNormalization[args]": (
        "layers.BatchNormalization",
        {"axis": 1, "momentum": 0.9, "epsilon": 0.01, "center": False},
    ),
    "layers.MultiHeadAttention[args]": (
        "layers.MultiHeadAttention",
        {
            "num_heads": 2,
            "key_dim": 2,
            "value_dim": 3,
            "dropout": 0.1,
            "output_shape": 4,
            "attention_axes": 1,
        },
    ),
    "layers.Conv1D[dilated]": (
        "layers.Conv1D",
        {"filters": 2, "kernel_size": 3, "dilation_rate": 2, "groups": 1},
    ),
    "layers.Normalization[stats]": (
        "layers.Normalization",
        {"mean": [1.0, 2.0], "variance": [1.0, 4.0]},
    ),
    "layers.Discretization[bins]": (
        "layers.Discretization",
        {"bin_boundaries": [0.0, 1.0], "output_mode": "one_hot"},
    ),
    "layers.CategoryEncoding[count]": (
        "layers.CategoryEncoding",
        {"num_tokens": 4, "output_mode": "count"},
    ),
    "layers.StringLookup[vocabulary]": (
        "layers.StringLookup",
        {"vocabulary": ["a", "b"], "num_oov_indices": 2},
    ),
    "layers.IntegerLookup[vocabulary]": (
        "layers.IntegerLookup",
        {"vocabulary": [3, 7], "output_mode": "one_hot"},
    ),
    "layers.TextVectorization[vocabulary]": (
        "layers.TextVectorization",
        {"vocabulary": ["a", "b"], "output_sequence_length": 3},
    ),
    "layers.Rescaling[offset]": (
        "layers.Rescaling",
        {"scale": 1 / 255, "offset": -1.0},
    ),
    "optimizers.AdamW[args]": (
        "optimizers.AdamW",
        {
            "learning_rate": 0.01,
            "weight_decay": 0.1,
            "amsgrad": True,
            "use_ema": True,
            "ema_momentum": 0.9,
            "global_clipnorm": 2.0,
        },
    ),
    "optimizers.schedules.CosineDecay[warmup]": (
        "optimizers.schedules.CosineDecay",
        {
            "initial_learning_rate": 0.1,
            "decay_steps": 10,
            "alpha": 0.1,
            "warmup_target": 0.2,
            "warmup_steps": 5,
        },
    ),
    "optimizers.schedules.PolynomialDecay[cycle]": (
        "optimizers.schedules.PolynomialDecay",
        {
            "initial_learning_rate": 0.1,
            "decay_steps": 10,
            "end_learning_rate": 0.01,
            "power": 2.0,
            "cycle": True,
        },
    ),
    "losses.Huber[args]": (
        "losses.Huber",
        {"delta": 2.0, "reduction": None, "name": "h"},
    ),
    "regularizers.OrthogonalRegularizer[columns]": (
        "regularizers.OrthogonalRegularizer",
        {"factor": 0.5, "mode": "columns"},
    ),
    "metrics.Precision[thresholds]": (
        "metrics.Precision",
        {"thresholds": [0.3, 0.6], "top_k": None, "class_id": 1},
    ),
    "metrics.AUC[args]": (
        "metrics.AUC",
        {"num_thresholds": 5, "curve": "PR", "from_logits": True},
    ),
}

# Class name -> build argument(s) for layers cheap to build: a shape, or a
# dict of keyword arguments to `build`.
BUILD = {
    "BatchNormalization": (None, 3),
    "Bidirectional": (None, 3, 4),
    "Conv1D": (None, 5, 3),
    "Conv1DTranspose": (None, 5, 3),
    "Conv2D": (None, 5, 5, 3),
    "Conv2DTranspose": (None, 5, 5, 3),
    "Conv3D": (None, 4, 4, 4, 2),
    "Conv3DTranspose": (None, 4, 4, 4, 2),
    "Dense": (None, 3),
    "DepthwiseConv1D": (None, 5, 3),
    "DepthwiseConv2D": (None, 5, 5, 3),
    "EinsumDense": (None, 3),
    "Embedding": (None, 4),
    "GroupNormalization": (None, 32),
    "GRU": (None, 3, 4),
    "LayerNormalization": (None, 3),
    "LSTM": (None, 3, 4),
    "MultiHeadAttention": {
        "query_shape": (None, 3, 4),
        "value_shape": (None, 3, 4),
    },
    "PReLU": (None, 3),
    "RMSNormalization": (None, 3),
    "RNN": (None, 3, 4),
    "SeparableConv1D": (None, 5, 3),
    "SeparableConv2D": (None, 5, 5, 3),
    "SimpleRNN": (None, 3, 4),
    "SpectralNormalization": (None, 3),
    "TimeDistributed": (None, 3, 4),
}

# (test, case id) -> reason: failures in code this sweep may not edit
# (kerata/src/saving/, kerata/src/layers/preprocessing/), left for their
# owners; strict, so a fix shows up as XPASS and the entry must go.
XFAIL = {}


def _public_objects():
    """Public path -> object, one path per object (aliases dropped)."""
    by_id = {}
    for path, obj in sorted(REGISTRY.items()):
        module, _, name = path[len("kerata.") :].rpartition(".")
        if name in NOT_OBJECTS:
            continue
        if inspect.isclass(obj):
            if module not in MODULES or name in ABSTRACT:
                continue
            # Prefer the path whose last part is the class's own name.
            preferred = name == obj.__name__
        elif callable(obj):
            if module not in FUNCTION_MODULES:
                continue
            preferred = name == obj.__name__
        else:
            continue
        key = id(obj)
        if key not in by_id or (preferred and not by_id[key][1]):
            by_id[key] = (f"{module}.{name}", preferred)
    return {p: REGISTRY["kerata." + p] for p, _ in by_id.values()}


OBJECTS = _public_objects()
CLASSES = sorted(p for p, o in OBJECTS.items() if inspect.isclass(o))
FUNCTIONS = sorted(p for p, o in OBJECTS.items() if not inspect.isclass(o))
CASES = {p: (p, KWARGS.get(p.rsplit(".", 1)[1], {})) for p in CLASSES}
CASES.update(EXTRA_CASES)


def _param(test, case_id):
    reason = XFAIL.get((test, case_id))
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(case_id, id=case_id, marks=marks)


def _params(test, ids):
    return [_param(test, case_id) for case_id in ids]


def _kwargs(spec, library):
    return spec(library) if callable(spec) else dict(spec)


def _make(case_id, library=kerata):
    path, spec = CASES[case_id]
    cls = _lookup(library, path)
    return cls(**_kwargs(spec, library)), path.rsplit(".", 1)[1]


def _lookup(library, path):
    obj = library
    for part in path.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def _json(value):
    return json.loads(json.dumps(value))


def _config(obj):
    return _json(obj.get_config())


@pytest.mark.parametrize("path", CLASSES)
def test_every_class_is_constructible(path):
    cls = OBJECTS[path]
    name = path.rsplit(".", 1)[1]
    try:
        _make(path)
    except (TypeError, ValueError) as error:
        pytest.fail(
            f"{path} needs constructor arguments: add {name!r} to KWARGS in "
            f"{__file__} ({error})"
        )
    assert hasattr(cls, "get_config"), f"{path} has no get_config()"


@pytest.mark.parametrize("case_id", _params("round_trip", sorted(CASES)))
def test_round_trip(case_id):
    obj, name = _make(case_id)
    build = BUILD.get(name) if "[" not in case_id else None
    if build is not None:
        if isinstance(build, dict):
            obj.build(**build)
        else:
            obj.build(build)
    # JSON turns tuples into lists, as it does for Keras's configs.
    config = _json(serialize_keras_object(obj))
    rebuilt = deserialize_keras_object(config)
    assert type(rebuilt) is type(obj)
    assert _config(rebuilt) == _config(obj)
    if build is not None:
        assert rebuilt.built
        assert len(rebuilt.weights) == len(obj.weights) > 0
        assert [tuple(w.shape) for w in rebuilt.weights] == [
            tuple(w.shape) for w in obj.weights
        ]


def _module_helpers(path):
    module = _lookup(kerata, path.rsplit(".", 1)[0])
    serialize = getattr(module, "serialize", None)
    deserialize = getattr(module, "deserialize", None)
    if serialize is None or deserialize is None:
        return None
    return serialize, deserialize


@pytest.mark.parametrize(
    "case_id",
    _params(
        "module_helpers",
        # `layers.deserialize` takes layers only, as Keras's does.
        sorted(
            c
            for c in CASES
            if _module_helpers(CASES[c][0]) and c != "layers.InputSpec"
        ),
    ),
)
def test_module_serialize_helpers(case_id):
    # `kerata.losses.serialize` / `deserialize` and their siblings agree
    # with `kerata.saving`.
    serialize, deserialize = _module_helpers(CASES[case_id][0])
    obj, _ = _make(case_id)
    config = _json(serialize(obj))
    assert config == _json(serialize_keras_object(obj))
    rebuilt = deserialize(config)
    assert type(rebuilt) is type(obj)
    assert _config(rebuilt) == _config(obj)


@pytest.mark.parametrize("path", _params("function", FUNCTIONS))
def test_function_round_trip(path):
    fn = OBJECTS[path]
    config = _json(serialize_keras_object(fn))
    restored = deserialize_keras_object(config)
    if path.startswith("metrics.") and restored is not fn:
        # Built-in functions are saved by name, as Keras saves them; a
        # metric function that shares its name with a loss comes back as
        # the loss function, which computes the same values.
        assert restored is OBJECTS.get(f"losses.{fn.__name__}", restored)
        assert restored.__name__ == fn.__name__
        return
    assert restored is fn


# --- Keras 3 as oracle -----------------------------------------------------


@pytest.fixture(scope="module")
def keras():
    if "keras" not in sys.modules:
        # Keras picks its backend once, at import; use kerata's.
        os.environ["KERAS_BACKEND"] = backend.backend()
    return pytest.importorskip("keras")


def _keras_call(fn):
    """Runs a Keras call, skipping when Keras needs TensorFlow for it."""
    try:
        return fn()
    except Exception as error:
        cause = error
        while cause is not None:
            if (
                isinstance(cause, ImportError)
                and "tensorflow" in str(cause).lower()
            ):
                pytest.skip(f"Keras needs TensorFlow here: {cause}")
            cause = cause.__cause__ or cause.__context__
        raise


def _comparable(value):
    """A config value in a form both libraries agree on."""
    if isinstance(value, dict):
        # Keras writes a dtype as a DTypePolicy config, kerata as the policy
        # name; each reads the other's form.
        if value.get("class_name") == "DTypePolicy":
            return value["config"]["name"]
        # Keras writes its functions with module "builtins"; kerata with
        # the public module. Both name the function in "config".
        if value.get("class_name") == "function":
            return ("function", value["config"])
        return {k: _comparable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_comparable(v) for v in value]
    if isinstance(value, float):
        # Keras keeps some factors (L1, OrthogonalRegularizer) as float32.
        return float(f"{value:.6g}")
    return value


# Keys whose values differ in form but not meaning: Keras writes a
# symmetric range factor as the pair it expands to, kerata as given
# (`factor=0.1` for `[-0.1, 0.1]`). Each library reads the other's form.
EQUIVALENT_KEYS = {
    # Keras on torch writes the inner optimizer under a backend module name.
    "optimizers.LossScaleOptimizer": {"inner_optimizer"},
    "layers.RandomRotation": {"factor"},
    "layers.RandomShear": {"x_factor", "y_factor"},
}


def _same_on_common_keys(ours, theirs, path=""):
    """Values of the keys both configs have are equal.

    Keys only one side writes are not compared: Keras adds e.g.
    `quantization_config` to some layers and kerata adds nothing Keras
    lacks that changes behaviour at its default.
    """
    ours, theirs = _comparable(ours), _comparable(theirs)
    common = sorted(set(ours) & set(theirs) - EQUIVALENT_KEYS.get(path, set()))
    differ = {k: (ours[k], theirs[k]) for k in common if ours[k] != theirs[k]}
    if differ.get("seed", (0,))[0] is None:
        # Keras draws a seed at construction for some random layers when
        # none is given; kerata keeps None (both mean "unseeded").
        del differ["seed"]
    assert not differ, f"config values differ (kerata, keras): {differ}"


# Keras's InputSpec is a plain helper, not a KerasSaveable: Keras cannot
# deserialize one on its own, so there is nothing to compare.
NOT_IN_KERAS_SAVING = {"layers.InputSpec"}


def _keras_class(keras, path):
    if path in NOT_IN_KERAS_SAVING:
        pytest.skip(f"Keras cannot deserialize a bare {path}")
    if _lookup(keras, path) is None:
        pytest.skip(f"keras has no public {path}")


@pytest.mark.parity
@pytest.mark.parametrize("case_id", _params("keras_reads", sorted(CASES)))
def test_keras_reads_kerata_config(keras, case_id):
    path, _ = CASES[case_id]
    _keras_class(keras, path)
    _keras_call(lambda: _make(case_id, keras))  # skips if it needs TF
    obj, _ = _make(case_id)
    config = _json(serialize_keras_object(obj))
    theirs = keras.saving.deserialize_keras_object(config, safe_mode=False)
    assert type(theirs).__name__ == type(obj).__name__
    _same_on_common_keys(_config(obj), _json(theirs.get_config()), path)


@pytest.mark.parity
@pytest.mark.parametrize("case_id", _params("kerata_reads", sorted(CASES)))
def test_kerata_reads_keras_config(keras, case_id):
    path, _ = CASES[case_id]
    _keras_class(keras, path)
    theirs, _ = _keras_call(lambda: _make(case_id, keras))
    config = _json(keras.saving.serialize_keras_object(theirs))
    ours = deserialize_keras_object(config, safe_mode=False)
    assert type(ours).__name__ == type(theirs).__name__
    _same_on_common_keys(_config(ours), _json(theirs.get_config()), path)


@pytest.mark.parity
@pytest.mark.parametrize("path", _params("keras_reads_fn", FUNCTIONS))
def test_keras_reads_kerata_function(keras, path):
    _keras_class(keras, path)
    config = _json(serialize_keras_object(OBJECTS[path]))
    assert keras.saving.deserialize_keras_object(config) is _lookup(keras, path)


@pytest.mark.parity
@pytest.mark.parametrize("path", _params("kerata_reads_fn", FUNCTIONS))
def test_kerata_reads_keras_function(keras, path):
    _keras_class(keras, path)
    config = _json(keras.saving.serialize_keras_object(_lookup(keras, path)))
    # Keras names its functions by bare name ("builtins"), and its losses
    # and metrics share one function per name; kerata's may be two
    # equivalent functions, either of which is right.
    name = path.rsplit(".", 1)[1]
    accepted = [
        REGISTRY.get(f"kerata.{module}.{name}") for module in FUNCTION_MODULES
    ]
    found = deserialize_keras_object(config)
    assert any(found is fn for fn in accepted if fn is not None), (
        f"{config} gave {found.__module__}.{found.__name__}, not kerata.{path}"
    )
