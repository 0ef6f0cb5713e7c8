"""The `Loss` base: reductions, sample weights, masks, configs, lookup."""

import numpy as np
import pytest

import kerata
from kerata.src import backend
from kerata.src import losses
from kerata.src import ops
from kerata.src.backend.common import masking
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if
from kerata.src.testing.reference import losses as reference

Y_TRUE = np.array([[0.0, 1.0, 2.0], [1.0, 1.0, 0.0]], "float32")
Y_PRED = np.array([[1.0, 1.0, 0.0], [0.5, 3.0, 0.0]], "float32")
PER_SAMPLE = reference.mean_squared_error(Y_TRUE, Y_PRED)

REDUCTIONS = ["sum_over_batch_size", "sum", "mean", "none", None]


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_reductions(reduction):
    loss = losses.MeanSquaredError(reduction=reduction)
    want = reference.reduce(PER_SAMPLE, reduction=reduction)
    assert_allclose(loss(Y_TRUE, Y_PRED), want)


@pytest.mark.parametrize("reduction", REDUCTIONS + ["mean_with_sample_weight"])
@pytest.mark.parametrize(
    "sample_weight",
    [[0.5, 2.0], [[0.5], [2.0]], 3.0],
    ids=["vector", "column", "scalar"],
)
def test_sample_weight(reduction, sample_weight):
    loss = losses.MeanSquaredError(reduction=reduction)
    got = loss(Y_TRUE, Y_PRED, sample_weight=sample_weight)
    weight = np.asarray(sample_weight, "float64").reshape(-1)
    if weight.size == 1:
        weight = weight[0]
    want = reference.reduce(PER_SAMPLE, weight, reduction)
    if np.ndim(sample_weight) == 2 and reduction in ("none", None):
        # As in Keras, a column of weights makes the losses a column.
        want = want[:, None]
    assert_allclose(got, want)


def test_sample_weight_per_timestep_and_per_sample():
    y_true = np.zeros((2, 3, 2), "float32")
    y_pred = np.arange(12, dtype="float32").reshape(2, 3, 2) / 10
    per_step = reference.mean_squared_error(y_true, y_pred)  # (2, 3)
    loss = losses.MeanSquaredError(reduction="sum")
    weights = np.array([[1.0, 0.0, 2.0], [0.5, 0.5, 1.0]], "float32")
    assert_allclose(
        loss(y_true, y_pred, sample_weight=weights),
        (per_step * weights).sum(),
    )
    # One weight per sample is broadcast over the timesteps.
    assert_allclose(
        loss(y_true, y_pred, sample_weight=np.array([2.0, 0.0], "float32")),
        2.0 * per_step[0].sum(),
    )


def test_bad_sample_weight_raises():
    loss = losses.MeanSquaredError()
    with pytest.raises(ValueError, match="sample_weight"):
        loss(Y_TRUE, Y_PRED, sample_weight=np.ones((3,), "float32"))


@pytest.mark.parametrize("reduction", ["sum_over_batch_size", "sum"])
def test_mask_on_predictions(reduction):
    y_true = np.zeros((2, 3, 1), "float32")
    y_pred = ops.convert_to_tensor(np.arange(6.0).reshape(2, 3, 1), "float32")
    mask = np.array([[True, True, False], [True, False, False]])
    masking.set_keras_mask(y_pred, ops.convert_to_tensor(mask))
    got = losses.MeanSquaredError(reduction=reduction)(y_true, y_pred)
    squares = np.arange(6.0).reshape(2, 3) ** 2
    total = (squares * mask).sum()
    want = total / mask.sum() if reduction != "sum" else total
    assert_allclose(got, want)


def test_mask_and_sample_weight_combine():
    y_true = np.zeros((2, 2), "float32")
    y_pred = ops.convert_to_tensor([[1.0, 2.0], [3.0, 4.0]], "float32")
    masking.set_keras_mask(y_pred, ops.convert_to_tensor([True, False]))
    loss = losses.MeanAbsoluteError(reduction="sum")
    got = loss(y_true, y_pred, sample_weight=[3.0, 5.0])
    assert_allclose(got, 3.0 * 1.5)


def test_empty_batch_and_scalar_losses_pass_through():
    loss = losses.MeanSquaredError()
    got = loss(np.zeros((0, 3), "float32"), np.zeros((0, 3), "float32"))
    assert tuple(got.shape) == (0,)
    assert tuple(losses.Dice()(Y_TRUE / 2, Y_PRED / 3).shape) == ()


def test_invalid_reduction_raises():
    with pytest.raises(ValueError, match="reduction"):
        losses.MeanSquaredError(reduction="average")


def test_dtype_argument():
    loss = losses.MeanSquaredError(dtype="float64")
    assert loss.dtype == "float64"
    out = loss(Y_TRUE, Y_PRED)
    assert backend.standardize_dtype(out.dtype) == "float64"
    out = losses.MeanSquaredError()(Y_TRUE.astype("float64"), Y_PRED)
    assert backend.standardize_dtype(out.dtype) == "float32"


def test_custom_loss_subclass():
    class Absolute(losses.Loss):
        def call(self, y_true, y_pred):
            return ops.abs(y_true - y_pred)

    loss = Absolute(reduction="sum")
    assert loss.name == "absolute"
    assert_allclose(loss([1.0, 2.0], [2.0, 4.0]), 3.0)
    with pytest.raises(NotImplementedError):
        losses.Loss()([1.0], [1.0])


@pytest.mark.parametrize(
    ("loss", "expected"),
    [
        (
            losses.Huber(delta=2.0, reduction="sum"),
            {"name": "huber_loss", "reduction": "sum", "delta": 2.0},
        ),
        (
            losses.SparseCategoricalCrossentropy(ignore_class=0, name="s"),
            {
                "name": "s",
                "reduction": "sum_over_batch_size",
                "from_logits": False,
                "ignore_class": 0,
                "axis": -1,
            },
        ),
        (
            losses.Tversky(alpha=0.2, beta=0.8, reduction=None),
            {
                "name": "tversky",
                "reduction": None,
                "alpha": 0.2,
                "beta": 0.8,
                "axis": None,
            },
        ),
    ],
    ids=["huber", "sparse", "tversky"],
)
def test_get_config(loss, expected):
    assert loss.get_config() == expected


@pytest.mark.parametrize(
    "loss",
    [
        losses.MeanSquaredError(reduction="sum"),
        losses.BinaryCrossentropy(from_logits=True, label_smoothing=0.1),
        losses.BinaryFocalCrossentropy(apply_class_balancing=True, gamma=1),
        losses.CategoricalCrossentropy(axis=1),
        losses.CategoricalFocalCrossentropy(alpha=0.5),
        losses.SparseCategoricalCrossentropy(ignore_class=3),
        losses.CosineSimilarity(axis=0),
        losses.Dice(axis=(1,)),
        losses.Huber(delta=0.5),
    ],
    ids=lambda loss: type(loss).__name__,
)
def test_config_round_trip(loss):
    config = losses.serialize(loss)
    assert config["module"] == "keras.losses"
    restored = losses.deserialize(config)
    assert type(restored) is type(loss)
    assert restored.get_config() == loss.get_config()


def test_wrapper_config_round_trip():
    loss = losses.LossFunctionWrapper(losses.huber, name="my_huber", delta=0.5)
    config = loss.get_config()
    assert config["delta"] == 0.5
    restored = losses.LossFunctionWrapper.from_config(config)
    assert restored.fn is losses.huber
    assert_allclose(restored(Y_TRUE, Y_PRED), loss(Y_TRUE, Y_PRED))


@pytest.mark.parametrize(
    ("identifier", "expected"),
    [
        ("mse", losses.mean_squared_error),
        ("MAE", losses.mean_absolute_error),
        ("mape", losses.mean_absolute_percentage_error),
        ("msle", losses.mean_squared_logarithmic_error),
        ("binary_crossentropy", losses.binary_crossentropy),
        ("kld", losses.kl_divergence),
    ],
)
def test_get_function_by_name(identifier, expected):
    assert losses.get(identifier) is expected


def test_get_classes_and_callables():
    assert isinstance(losses.get("Huber"), losses.Huber)
    assert isinstance(losses.get(losses.Poisson), losses.Poisson)
    loss = losses.Hinge()
    assert losses.get(loss) is loss
    assert losses.get(None) is None
    assert kerata.losses.get("mse") is kerata.losses.mean_squared_error
    with pytest.raises(ValueError, match="loss"):
        losses.get("no_such_loss")
    with pytest.raises(ValueError, match="loss"):
        losses.get(3)


@run_if(trainable=True)
def test_gradient_flows():
    loss = losses.CategoricalCrossentropy(from_logits=True)

    def fn(x):
        return loss(ops.softmax(ops.convert_to_tensor(Y_TRUE)), x)

    if backend.backend() == "jax":
        import jax

        grad = jax.grad(fn)(ops.convert_to_tensor(Y_PRED))
    else:
        import torch

        x = torch.tensor(Y_PRED, requires_grad=True)
        fn(x).backward()
        grad = x.grad
    targets = np.exp(Y_TRUE) / np.exp(Y_TRUE).sum(-1, keepdims=True)
    probs = np.exp(Y_PRED) / np.exp(Y_PRED).sum(-1, keepdims=True)
    assert_allclose(grad, (probs - targets) / 2, 1e-5, 1e-6)


@pytest.mark.parametrize(
    "loss",
    [
        losses.MeanSquaredError(),
        losses.CategoricalCrossentropy(label_smoothing=0.1),
        losses.Hinge(reduction="sum"),
        losses.Dice(),
    ],
    ids=lambda loss: type(loss).__name__,
)
# The numpy backend infers shapes by running on zeros, where normalising
# probabilities divides 0 by 0; only the shape of that run is used.
@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")
def test_symbolic_inputs(loss):
    y_true = kerata.Input((3,))
    y_pred = kerata.Input((3,))
    out = loss(y_true, y_pred, sample_weight=kerata.Input(()))
    assert backend.is_keras_tensor(out)
    assert tuple(out.shape) == ()
