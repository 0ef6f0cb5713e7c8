"""Built-in loss classes: `kerata.losses.MeanSquaredError` and others.

Each wraps its function from `functions.py` in a `LossFunctionWrapper`,
which adds the reduction, sample weights and masks of `Loss`.
"""

from __future__ import annotations

from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.losses.functions import _check_axis
from kerata.src.losses.functions import binary_crossentropy
from kerata.src.losses.functions import binary_focal_crossentropy
from kerata.src.losses.functions import categorical_crossentropy
from kerata.src.losses.functions import categorical_focal_crossentropy
from kerata.src.losses.functions import categorical_generalized_cross_entropy
from kerata.src.losses.functions import categorical_hinge
from kerata.src.losses.functions import circle
from kerata.src.losses.functions import cosine_similarity
from kerata.src.losses.functions import dice
from kerata.src.losses.functions import hinge
from kerata.src.losses.functions import huber
from kerata.src.losses.functions import kl_divergence
from kerata.src.losses.functions import log_cosh
from kerata.src.losses.functions import mean_absolute_error
from kerata.src.losses.functions import mean_absolute_percentage_error
from kerata.src.losses.functions import mean_squared_error
from kerata.src.losses.functions import mean_squared_logarithmic_error
from kerata.src.losses.functions import poisson
from kerata.src.losses.functions import sparse_categorical_crossentropy
from kerata.src.losses.functions import sparse_categorical_crossentropy_mean
from kerata.src.losses.functions import squared_hinge
from kerata.src.losses.functions import tversky
from kerata.src.losses.loss import Loss
from kerata.src.losses.loss import LossFunctionWrapper


class _BuiltinLoss(LossFunctionWrapper):
    """A built-in wrapper whose config lists its own arguments (not `fn`).

    Subclasses set `_config_keys`: the constructor arguments saved in the
    config besides `name` and `reduction`.
    """

    _config_keys: tuple = ()

    def get_config(self) -> dict:
        config = Loss.get_config(self)
        config.update({k: self._fn_kwargs[k] for k in self._config_keys})
        return config

    @classmethod
    def from_config(cls, config: dict) -> Loss:
        return cls(**config)


@kerata_export("kerata.losses.MeanSquaredError")
class MeanSquaredError(_BuiltinLoss):
    """Mean of the squared errors: `mean(square(y_true - y_pred))`.

    Args:
        reduction: See `kerata.losses.Loss`.
        name: Name of the loss.
        dtype: Dtype the loss is computed in; None means floatx.

    Example:

    >>> loss = kerata.losses.MeanSquaredError()
    >>> float(loss([[0.0, 1.0], [1.0, 1.0]], [[1.0, 3.0], [1.0, 1.0]]))
    1.25
    """

    def __init__(
        self,
        reduction: Any = "sum_over_batch_size",
        name: str = "mean_squared_error",
        dtype: Any = None,
    ) -> None:
        super().__init__(
            mean_squared_error, name=name, reduction=reduction, dtype=dtype
        )


@kerata_export("kerata.losses.MeanAbsoluteError")
class MeanAbsoluteError(_BuiltinLoss):
    """Mean of the absolute errors: `mean(abs(y_true - y_pred))`.

    Args:
        reduction: See `kerata.losses.Loss`.
        name: Name of the loss.
        dtype: Dtype the loss is computed in; None means floatx.

    Example:

    >>> loss = kerata.losses.MeanAbsoluteError()
    >>> float(loss([[0.0, 1.0], [1.0, 1.0]], [[1.0, 3.0], [1.0, 1.0]]))
    0.75
    """

    def __init__(
        self,
        reduction: Any = "sum_over_batch_size",
        name: str = "mean_absolute_error",
        dtype: Any = None,
    ) -> None:
        super().__init__(
            mean_absolute_error, name=name, reduction=reduction, dtype=dtype
        )


@kerata_export("kerata.losses.MeanAbsolutePercentageError")
class MeanAbsolutePercentageError(_BuiltinLoss):
    """`100 * mean(abs((y_true - y_pred) / y_true))`.

    Args:
        reduction: See `kerata.losses.Loss`.
        name: Name of the loss.
        dtype: Dtype the loss is computed in; None means floatx.

    Example:

    >>> loss = kerata.losses.MeanAbsolutePercentageError()
    >>> float(loss([[2.0, 4.0]], [[1.0, 4.0]]))
    25.0
    """

    def __init__(
        self,
        reduction: Any = "sum_over_batch_size",
        name: str = "mean_absolute_percentage_error",
        dtype: Any = None,
    ) -> None:
        super().__init__(
            mean_absolute_percentage_error,
            name=name,
            reduction=reduction,
            dtype=dtype,
        )


@kerata_export("kerata.losses.MeanSquaredLogarithmicError")
class MeanSquaredLogarithmicError(_BuiltinLoss):
    """`mean(square(log(y_true + 1) - log(y_pred + 1)))`.

    Args:
        reduction: See `kerata.losses.Loss`.
        name: Name of the loss.
        dtype: Dtype the loss is computed in; None means floatx.

    Example:

    >>> loss = kerata.losses.MeanSquaredLogarithmicError()
    >>> round(float(loss([[0.0, 1.0]], [[1.0, 1.0]])), 4)
    0.2402
    """

    def __init__(
        self,
        reduction: Any = "sum_over_batch_size",
        name: str = "mean_squared_logarithmic_error",
        dtype: Any = None,
    ) -> None:
        super().__init__(
            mean_squared_logarithmic_error,
            name=name,
            reduction=reduction,
            dtype=dtype,
        )


@kerata_export("kerata.losses.Huber")
class Huber(_BuiltinLoss):
    """Huber loss: quadratic for errors up to `delta`, linear beyond.

    Args:
        delta: Where the loss turns from quadratic to linear.
        reduction: See `kerata.losses.Loss`.
        name: Name of the loss.
        dtype: Dtype the loss is computed in; None means floatx.

    Example:

    >>> loss = kerata.losses.Huber(delta=1.0)
    >>> float(loss([[0.0, 0.0]], [[0.5, 3.0]]))
    1.3125
    """

    _config_keys = ("delta",)

    def __init__(
        self,
        delta: float = 1.0,
        reduction: Any = "sum_over_batch_size",
        name: str = "huber_loss",
        dtype: Any = None,
    ) -> None:
        super().__init__(
            huber, name=name, reduction=reduction, dtype=dtype, delta=delta
        )


@kerata_export("kerata.losses.LogCosh")
class LogCosh(_BuiltinLoss):
    """Mean of `log(cosh(y_pred - y_true))`: like half the squared error
    for small errors and like the absolute error for large ones.

    Args:
        reduction: See `kerata.losses.Loss`.
        name: Name of the loss.
        dtype: Dtype the loss is computed in; None means floatx.

    Example:

    >>> loss = kerata.losses.LogCosh()
    >>> round(float(loss([[0.0]], [[1.0]])), 4)
    0.4338
    """

    def __init__(
        self,
        reduction: Any = "sum_over_batch_size",
        name: str = "log_cosh",
        dtype: Any = None,
    ) -> None:
        super().__init__(log_cosh, name=name, reduction=reduction, dtype=dtype)


@kerata_export("kerata.losses.BinaryCrossentropy")
class BinaryCrossentropy(_BuiltinLoss):
    """Binary cross-entropy, for one or more independent yes/no labels.

    Args:
        from_logits: Whether `y_pred` holds logits (not probabilities).
        label_smoothing: In [0, 1]; targets move towards 0.5 by this much.
        axis: The axis to average over.
        reduction: See `kerata.losses.Loss`.
        name: Name of the loss.
        dtype: Dtype the loss is computed in; None means floatx.

    Example:

    >>> loss = kerata.losses.BinaryCrossentropy()
    >>> round(float(loss([[1.0], [0.0]], [[0.5], [0.5]])), 4)
    0.6931
    """

    _config_keys = ("from_logits", "label_smoothing", "axis")

    def __init__(
        self,
        from_logits: bool = False,
        label_smoothing: float = 0.0,
        axis: int = -1,
        reduction: Any = "sum_over_batch_size",
        name: str = "binary_crossentropy",
        dtype: Any = None,
    ) -> None:
        super().__init__(
            binary_crossentropy,
            name=name,
            reduction=reduction,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis


@kerata_export("kerata.losses.BinaryFocalCrossentropy")
class BinaryFocalCrossentropy(_BuiltinLoss):
    """Binary focal cross-entropy: cross-entropy scaled by
    `(1 - p_t) ** gamma`, which down-weights easy examples.

    Args:
        apply_class_balancing: Whether to weight positives by `alpha` and
            negatives by `1 - alpha`.
        alpha: The class-balancing weight of positives.
        gamma: The focusing exponent; 0 gives plain cross-entropy.
        from_logits: Whether `y_pred` holds logits.
        label_smoothing: In [0, 1]; targets move towards 0.5 by this much.
        axis: The axis to average over.
        reduction: See `kerata.losses.Loss`.
        name: Name of the loss.
        dtype: Dtype the loss is computed in; None means floatx.

    Example:

    >>> loss = kerata.losses.BinaryFocalCrossentropy(gamma=2.0)
    >>> round(float(loss([[1.0]], [[0.5]])), 4)
    0.1733
    """

    _config_keys = (
        "from_logits",
        "label_smoothing",
        "axis",
        "apply_class_balancing",
        "alpha",
        "gamma",
    )

    def __init__(
        self,
        apply_class_balancing: bool = False,
        alpha: float = 0.25,
        gamma: float = 2.0,
        from_logits: bool = False,
        label_smoothing: float = 0.0,
        axis: int = -1,
        reduction: Any = "sum_over_batch_size",
        name: str = "binary_focal_crossentropy",
        dtype: Any = None,
    ) -> None:
        super().__init__(
            binary_focal_crossentropy,
            name=name,
            reduction=reduction,
            dtype=dtype,
            apply_class_balancing=apply_class_balancing,
            alpha=alpha,
            gamma=gamma,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis
        self.apply_class_balancing = apply_class_balancing
        self.alpha = alpha
        self.gamma = gamma


@kerata_export("kerata.losses.CategoricalCrossentropy")
class CategoricalCrossentropy(_BuiltinLoss):
    """Categorical cross-entropy, for one-hot (or soft) class targets.

    Args:
        from_logits: Whether `y_pred` holds logits.
        label_smoothing: In [0, 1]; targets move towards
            `1 / num_classes` by this much.
        axis: The class axis.
        reduction: See `kerata.losses.Loss`.
        name: Name of the loss.
        dtype: Dtype the loss is computed in; None means floatx.

    Example:

    >>> loss = kerata.losses.CategoricalCrossentropy()
    >>> round(float(loss([[0.0, 1.0]], [[0.5, 0.5]])), 4)
    0.6931
    """

    _config_keys = ("from_logits", "label_smoothing", "axis")

    def __init__(
        self,
        from_logits: bool = False,
        label_smoothing: float = 0.0,
        axis: int = -1,
        reduction: Any = "sum_over_batch_size",
        name: str = "categorical_crossentropy",
        dtype: Any = None,
    ) -> None:
        _check_axis(axis)
        super().__init__(
            categorical_crossentropy,
            name=name,
            reduction=reduction,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis


@kerata_export("kerata.losses.CategoricalFocalCrossentropy")
class CategoricalFocalCrossentropy(_BuiltinLoss):
    """Categorical focal cross-entropy: each class's term scaled by
    `alpha * (1 - p) ** gamma`, which down-weights easy examples.

    Args:
        alpha: Weight of every class's term.
        gamma: The focusing exponent.
        from_logits: Whether `y_pred` holds logits.
        label_smoothing: In [0, 1]; see `CategoricalCrossentropy`.
        axis: The class axis.
        reduction: See `kerata.losses.Loss`.
        name: Name of the loss.
        dtype: Dtype the loss is computed in; None means floatx.

    Example:

    >>> loss = kerata.losses.CategoricalFocalCrossentropy()
    >>> round(float(loss([[0.0, 1.0]], [[0.5, 0.5]])), 4)
    0.0433
    """

    _config_keys = ("from_logits", "label_smoothing", "axis", "alpha", "gamma")

    def __init__(
        self,
        alpha: float = 0.25,
        gamma: float = 2.0,
        from_logits: bool = False,
        label_smoothing: float = 0.0,
        axis: int = -1,
        reduction: Any = "sum_over_batch_size",
        name: str = "categorical_focal_crossentropy",
        dtype: Any = None,
    ) -> None:
        _check_axis(axis)
        super().__init__(
            categorical_focal_crossentropy,
            name=name,
            reduction=reduction,
            dtype=dtype,
            alpha=alpha,
            gamma=gamma,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis
        self.alpha = alpha
        self.gamma = gamma


@kerata_export("kerata.losses.SparseCategoricalCrossentropy")
class SparseCategoricalCrossentropy(_BuiltinLoss):
    """Categorical cross-entropy of integer class targets.

    Args:
        from_logits: Whether `y_pred` holds logits.
        ignore_class: A class index (e.g. padding) whose targets are left
            out of the loss and of the mean; None ignores nothing.
        reduction: See `kerata.losses.Loss`.
        axis: The class axis of `y_pred`.
        name: Name of the loss.
        dtype: Dtype the loss is computed in; None means floatx.

    Example:

    >>> loss = kerata.losses.SparseCategoricalCrossentropy(ignore_class=1)
    >>> round(float(loss([0, 1], [[0.5, 0.5], [0.25, 0.75]])), 4)
    0.6931
    """

    _config_keys = ("from_logits", "ignore_class", "axis")

    _casts_targets = False

    def __init__(
        self,
        from_logits: bool = False,
        ignore_class: int | None = None,
        reduction: Any = "sum_over_batch_size",
        axis: int = -1,
        name: str = "sparse_categorical_crossentropy",
        dtype: Any = None,
    ) -> None:
        super().__init__(
            sparse_categorical_crossentropy,
            name=name,
            reduction=reduction,
            dtype=dtype,
            from_logits=from_logits,
            ignore_class=ignore_class,
            axis=axis,
        )
        self.from_logits = from_logits
        self.ignore_class = ignore_class
        self.axis = axis

    def call(self, y_true: Any, y_pred: Any) -> Any:
        # Targets have one axis fewer than predictions: no rank matching.
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def _fused_mean(self, y_true: Any, y_pred: Any) -> Any:
        kwargs = self._fn_kwargs
        if (
            kwargs.get("ignore_class") is not None
            or self.fn is not sparse_categorical_crossentropy
            or type(self).call is not SparseCategoricalCrossentropy.call
        ):
            return None  # a mask, or a `call` of the user's own
        return sparse_categorical_crossentropy_mean(
            y_true,
            y_pred,
            from_logits=kwargs["from_logits"],
            axis=kwargs["axis"],
        )


@kerata_export("kerata.losses.Hinge")
class Hinge(_BuiltinLoss):
    """Hinge loss `mean(maximum(1 - y_true * y_pred, 0))`, for labels in
    {-1, 1} (labels in {0, 1} are mapped to {-1, 1}).

    Args:
        reduction: See `kerata.losses.Loss`.
        name: Name of the loss.
        dtype: Dtype the loss is computed in; None means floatx.

    Example:

    >>> loss = kerata.losses.Hinge()
    >>> float(loss([[1.0, 0.0]], [[0.5, 0.5]]))
    1.0
    """

    def __init__(
        self,
        reduction: Any = "sum_over_batch_size",
        name: str = "hinge",
        dtype: Any = None,
    ) -> None:
        super().__init__(hinge, name=name, reduction=reduction, dtype=dtype)


@kerata_export("kerata.losses.SquaredHinge")
class SquaredHinge(_BuiltinLoss):
    """Squared hinge loss `mean(square(maximum(1 - y_true * y_pred, 0)))`.

    Args:
        reduction: See `kerata.losses.Loss`.
        name: Name of the loss.
        dtype: Dtype the loss is computed in; None means floatx.

    Example:

    >>> loss = kerata.losses.SquaredHinge()
    >>> float(loss([[1.0, 0.0]], [[0.5, 0.5]]))
    1.25
    """

    def __init__(
        self,
        reduction: Any = "sum_over_batch_size",
        name: str = "squared_hinge",
        dtype: Any = None,
    ) -> None:
        super().__init__(
            squared_hinge, name=name, reduction=reduction, dtype=dtype
        )


@kerata_export("kerata.losses.CategoricalHinge")
class CategoricalHinge(_BuiltinLoss):
    """Categorical hinge loss `maximum(neg - pos + 1, 0)` of one-hot
    targets.

    Args:
        reduction: See `kerata.losses.Loss`.
        name: Name of the loss.
        dtype: Dtype the loss is computed in; None means floatx.

    Example:

    >>> loss = kerata.losses.CategoricalHinge()
    >>> float(loss([[0.0, 1.0]], [[0.75, 0.5]]))
    1.25
    """

    def __init__(
        self,
        reduction: Any = "sum_over_batch_size",
        name: str = "categorical_hinge",
        dtype: Any = None,
    ) -> None:
        super().__init__(
            categorical_hinge, name=name, reduction=reduction, dtype=dtype
        )


@kerata_export("kerata.losses.KLDivergence")
class KLDivergence(_BuiltinLoss):
    """Kullback-Leibler divergence `sum(y_true * log(y_true / y_pred))`.

    Args:
        reduction: See `kerata.losses.Loss`.
        name: Name of the loss.
        dtype: Dtype the loss is computed in; None means floatx.

    Example:

    >>> loss = kerata.losses.KLDivergence()
    >>> round(float(loss([[0.5, 0.5]], [[0.25, 0.75]])), 4)
    0.1438
    """

    def __init__(
        self,
        reduction: Any = "sum_over_batch_size",
        name: str = "kl_divergence",
        dtype: Any = None,
    ) -> None:
        super().__init__(
            kl_divergence, name=name, reduction=reduction, dtype=dtype
        )


@kerata_export("kerata.losses.Poisson")
class Poisson(_BuiltinLoss):
    """Poisson loss `mean(y_pred - y_true * log(y_pred))`, for counts.

    Args:
        reduction: See `kerata.losses.Loss`.
        name: Name of the loss.
        dtype: Dtype the loss is computed in; None means floatx.

    Example:

    >>> loss = kerata.losses.Poisson()
    >>> round(float(loss([[0.0, 1.0]], [[1.0, 1.0]])), 4)
    1.0
    """

    def __init__(
        self,
        reduction: Any = "sum_over_batch_size",
        name: str = "poisson",
        dtype: Any = None,
    ) -> None:
        super().__init__(poisson, name=name, reduction=reduction, dtype=dtype)


@kerata_export("kerata.losses.CosineSimilarity")
class CosineSimilarity(_BuiltinLoss):
    """Negative cosine similarity along `axis`: -1 for vectors pointing
    the same way.

    Args:
        axis: The axis the vectors lie along.
        reduction: See `kerata.losses.Loss`.
        name: Name of the loss.
        dtype: Dtype the loss is computed in; None means floatx.

    Example:

    >>> loss = kerata.losses.CosineSimilarity()
    >>> float(loss([[1.0, 0.0], [0.0, 1.0]], [[2.0, 0.0], [1.0, 0.0]]))
    -0.5
    """

    _config_keys = ("axis",)

    def __init__(
        self,
        axis: int = -1,
        reduction: Any = "sum_over_batch_size",
        name: str = "cosine_similarity",
        dtype: Any = None,
    ) -> None:
        super().__init__(
            cosine_similarity,
            name=name,
            reduction=reduction,
            dtype=dtype,
            axis=axis,
        )


@kerata_export("kerata.losses.Dice")
class Dice(_BuiltinLoss):
    """Dice loss `1 - 2 * sum(y_true * y_pred) / (sum(y_true) +
    sum(y_pred))`, for segmentation.

    Args:
        reduction: See `kerata.losses.Loss`.
        name: Name of the loss.
        axis: Axes to sum over; None sums over everything.
        dtype: Dtype the loss is computed in; None means floatx.

    Example:

    >>> loss = kerata.losses.Dice()
    >>> round(float(loss([[1.0, 0.0]], [[1.0, 1.0]])), 4)
    0.3333
    """

    _config_keys = ("axis",)

    def __init__(
        self,
        reduction: Any = "sum_over_batch_size",
        name: str = "dice",
        axis: Any = None,
        dtype: Any = None,
    ) -> None:
        super().__init__(
            dice, name=name, reduction=reduction, dtype=dtype, axis=axis
        )
        self.axis = axis


@kerata_export("kerata.losses.Tversky")
class Tversky(_BuiltinLoss):
    """Tversky loss: Dice with separate weights `alpha` and `beta` on the
    two kinds of error; `alpha = beta = 0.5` gives Dice.

    Args:
        alpha: Weight of the errors where the target is 1.
        beta: Weight of the errors where the target is 0.
        reduction: See `kerata.losses.Loss`.
        name: Name of the loss.
        axis: Axes to sum over; None sums over everything.
        dtype: Dtype the loss is computed in; None means floatx.

    Example:

    >>> loss = kerata.losses.Tversky(alpha=0.5, beta=0.5)
    >>> round(float(loss([[1.0, 0.0]], [[1.0, 1.0]])), 4)
    0.3333
    """

    _config_keys = ("alpha", "beta", "axis")

    def __init__(
        self,
        alpha: float = 0.5,
        beta: float = 0.5,
        reduction: Any = "sum_over_batch_size",
        name: str = "tversky",
        axis: Any = None,
        dtype: Any = None,
    ) -> None:
        super().__init__(
            tversky,
            name=name,
            reduction=reduction,
            dtype=dtype,
            alpha=alpha,
            beta=beta,
            axis=axis,
        )
        self.alpha = alpha
        self.beta = beta
        self.axis = axis


@kerata_export("kerata.losses.Circle")
class Circle(_BuiltinLoss):
    """Circle loss between integer labels and L2-normalized embeddings.

    A metric-learning loss: it pulls embeddings of one label together and
    pushes other labels apart, weighting each pair by how far it is from
    its optimum (see `kerata.losses.circle`). Give the model a linear
    output followed by `UnitNormalization`, so embeddings have unit norm.
    Samples with no loss (no same-label partner, or all pairs within the
    margins) are left out of the reduction.

    Args:
        gamma: Scale of the pair scores.
        margin: Relaxation of the optima and decision margins.
        remove_diagonal: Whether a sample's pair with itself is left out
            of the same-label pairs.
        reduction: See `kerata.losses.Loss`.
        name: Name of the loss.
        dtype: Dtype the loss is computed in; None means floatx.

    Example:

    >>> loss = kerata.losses.Circle(gamma=1.0)
    >>> round(float(loss([0, 0, 1], [[1.0, 0.0], [0.6, 0.8], [0.0, 1.0]])), 4)
    0.789
    """

    _config_keys = ("gamma", "margin", "remove_diagonal")

    def __init__(
        self,
        gamma: float = 80.0,
        margin: float = 0.4,
        remove_diagonal: bool = True,
        reduction: Any = "sum_over_batch_size",
        name: str = "circle",
        dtype: Any = None,
    ) -> None:
        super().__init__(
            circle,
            name=name,
            reduction=reduction,
            dtype=dtype,
            gamma=gamma,
            margin=margin,
            remove_diagonal=remove_diagonal,
        )
        self.gamma = gamma
        self.margin = margin
        self.remove_diagonal = remove_diagonal


@kerata_export("kerata.losses.CategoricalGeneralizedCrossEntropy")
class CategoricalGeneralizedCrossEntropy(_BuiltinLoss):
    """Generalized cross entropy `(1 - p**q) / q`, robust to noisy labels.

    `p` is the probability predicted for the true class (given as an
    integer index). Small `q` behaves like cross entropy; `q` near 1 like
    the mean absolute error, which mislabelled samples sway less.

    Args:
        q: Float in `(0, 1)`.
        reduction: See `kerata.losses.Loss`.
        name: Name of the loss.
        dtype: Dtype the loss is computed in; None means floatx.

    Example:

    >>> loss = kerata.losses.CategoricalGeneralizedCrossEntropy(q=0.5)
    >>> round(float(loss([1, 0], [[0.75, 0.25], [0.36, 0.64]])), 4)
    0.9
    """

    _config_keys = ("q",)

    def __init__(
        self,
        q: float = 0.5,
        reduction: Any = "sum_over_batch_size",
        name: str = "categorical_generalized_cross_entropy",
        dtype: Any = None,
    ) -> None:
        if isinstance(q, bool) or not 0 < q < 1:
            raise ValueError(
                f"`q` must be a number in (0, 1). Received: q={q!r}"
            )
        super().__init__(
            categorical_generalized_cross_entropy,
            name=name,
            reduction=reduction,
            dtype=dtype,
            q=q,
        )
        self.q = q
