"""The `Loss` base class and the reduction of per-sample losses.

A loss's `call` returns one value per sample (or per timestep); `__call__`
weights those values by `sample_weight` and by any Keras mask on `y_pred`
(or on the values themselves), then reduces them as `reduction` says.
"""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src import dtype_policies
from kerata.src import ops
from kerata.src.activations import _serialization
from kerata.src.api_export import kerata_export
from kerata.src.backend.common import masking

REDUCTIONS = (
    "sum_over_batch_size",
    "sum",
    "mean",
    "mean_with_sample_weight",
    "none",
    None,
)


def standardize_reduction(reduction: Any) -> Any:
    if reduction not in REDUCTIONS:
        raise ValueError(
            "`reduction` must be one of "
            f"{list(REDUCTIONS)}. Received: reduction={reduction!r}"
        )
    return reduction


@kerata_export("kerata.losses.Loss", "kerata.Loss")
class Loss:
    """Base class of losses: `loss = loss_obj(y_true, y_pred)`.

    Subclasses implement `call(y_true, y_pred)`, which returns per-sample
    losses; calling the object weights them by `sample_weight` and by the
    Keras mask of `y_pred`, then reduces them.

    Args:
        name: Name of the loss; defaults to the class name in snake case.
        reduction: How per-sample losses are reduced: `"sum_over_batch_size"`
            (the sum divided by the number of elements, the default),
            `"sum"`, `"mean"` (same as `"sum_over_batch_size"`),
            `"mean_with_sample_weight"` (the sum divided by the sum of the
            weights) or `"none"`/`None` (no reduction).
        dtype: Dtype the inputs are cast to and the loss computed in;
            None means floatx.

    Example:

    >>> class AbsoluteError(kerata.losses.Loss):
    ...     def call(self, y_true, y_pred):
    ...         return kerata.ops.abs(y_true - y_pred)
    >>> loss = AbsoluteError()
    >>> float(loss([1.0, 2.0], [2.0, 4.0]))
    1.5
    """

    def __init__(
        self,
        name: str | None = None,
        reduction: Any = "sum_over_batch_size",
        dtype: Any = None,
    ) -> None:
        self.name = name or _serialization.to_snake_case(type(self).__name__)
        self.reduction = standardize_reduction(reduction)
        self._dtype_policy = dtype_policies.get(dtype or backend.floatx())
        self._dtype = self._dtype_policy.compute_dtype

    # Targets are cast to the loss dtype, as in Keras; losses over class
    # indices turn that off, since they would only cast them back.
    _casts_targets = True

    @property
    def dtype(self) -> str:
        return self._dtype

    def __call__(
        self, y_true: Any, y_pred: Any, sample_weight: Any = None
    ) -> Any:
        in_mask = masking.get_keras_mask(y_pred)
        dtype = self._dtype
        y_pred = _to_dtype(y_pred, dtype)
        if self._casts_targets or not backend.is_tensor(y_true):
            y_true = _to_dtype(y_true, dtype)
        if (
            sample_weight is None
            and in_mask is None
            and self.reduction in _MEAN_REDUCTIONS
        ):
            # Unweighted, unmasked mean: a loss may reduce inside its
            # own kernel (one kernel fewer forward and backward).
            loss = self._fused_mean(y_true, y_pred)
            if loss is not None:
                return loss
        losses = self.call(y_true, y_pred)
        out_mask = masking.get_keras_mask(losses)
        if in_mask is not None and out_mask is not None:
            mask = ops.logical_and(in_mask, out_mask)
        else:
            mask = out_mask if in_mask is None else in_mask
        return reduce_weighted_values(
            losses,
            sample_weight=sample_weight,
            mask=mask,
            reduction=self.reduction,
            dtype=dtype,
        )

    def _fused_mean(self, y_true: Any, y_pred: Any) -> Any:
        """The mean of `call(y_true, y_pred)` over all its values, or None
        to compute and reduce them the general way."""
        return None

    def call(self, y_true: Any, y_pred: Any) -> Any:
        raise NotImplementedError(
            f"{type(self).__name__} must implement `call(y_true, y_pred)`."
        )

    def get_config(self) -> dict:
        return {"name": self.name, "reduction": self.reduction}

    @classmethod
    def from_config(cls, config: dict) -> Loss:
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name!r}>"


@kerata_export("kerata.losses.LossFunctionWrapper")
class LossFunctionWrapper(Loss):
    """A `Loss` made from a function `fn(y_true, y_pred, **kwargs)` that
    returns per-sample losses.

    Args:
        fn: The loss function.
        reduction: See `Loss`.
        name: See `Loss`.
        dtype: See `Loss`.
        **kwargs: Extra keyword arguments passed to `fn`.

    Example:

    >>> loss = kerata.losses.LossFunctionWrapper(
    ...     kerata.losses.mean_absolute_error, name="mae"
    ... )
    >>> float(loss([[1.0, 2.0]], [[2.0, 4.0]]))
    1.5
    """

    def __init__(
        self,
        fn: Any,
        reduction: Any = "sum_over_batch_size",
        name: str | None = None,
        dtype: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true: Any, y_pred: Any) -> Any:
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self) -> dict:
        from kerata.src.losses import serialize

        config = super().get_config()
        config["fn"] = serialize(self.fn)
        config.update(self._fn_kwargs)
        return config

    @classmethod
    def from_config(cls, config: dict) -> Loss:
        from kerata.src.losses import deserialize

        config = dict(config)
        if "fn" in config:
            config["fn"] = deserialize(config["fn"])
        return cls(**config)

    def __repr__(self) -> str:
        return f"<LossFunctionWrapper({self.fn}, kwargs={self._fn_kwargs})>"


_MEAN_REDUCTIONS = ("sum_over_batch_size", "mean")

# Standard names of the dtype objects seen so far: losses check dtypes
# on every step, and `standardize_dtype` is slower than a dict lookup.
_DTYPE_NAMES: dict = {}


def dtype_name(dtype: Any) -> str:
    """`backend.standardize_dtype(dtype)`, cached by dtype object."""
    try:
        return _DTYPE_NAMES[dtype]
    except KeyError:
        name = _DTYPE_NAMES[dtype] = backend.standardize_dtype(dtype)
        return name
    except TypeError:  # unhashable
        return backend.standardize_dtype(dtype)


def _to_dtype(x: Any, dtype: str) -> Any:
    if backend.is_tensor(x):  # the common case first
        x = backend.to_current_device(x)
        return x if dtype_name(x.dtype) == dtype else ops.cast(x, dtype)
    if isinstance(x, (list, tuple)) and x and not _is_number_list(x):
        return type(x)(_to_dtype(e, dtype) for e in x)
    if isinstance(x, dict):
        return {k: _to_dtype(v, dtype) for k, v in x.items()}
    return as_tensor(x, dtype)


def as_tensor(x: Any, dtype: Any = None) -> Any:
    if backend.is_tensor(x) or backend.is_keras_tensor(x):
        x = backend.to_current_device(x)
        if dtype is None or dtype_name(x.dtype) == dtype:
            return x  # fast path: nothing to convert
        return ops.cast(x, dtype)
    return ops.convert_to_tensor(x, dtype=dtype)


def _is_number_list(x: Any) -> bool:
    first = x[0]
    while isinstance(first, (list, tuple)) and first:
        first = first[0]
    return isinstance(first, (int, float, bool))


def squeeze_or_expand_to_same_rank(
    x1: Any, x2: Any, expand_rank_1: bool = True
) -> tuple:
    """Makes two tensors whose ranks differ by a trailing axis of size 1
    the same rank: that axis is squeezed, or added to a rank-1 partner."""
    rank1 = len(x1.shape)
    rank2 = len(x2.shape)
    if rank1 == rank2 + 1 and x1.shape[-1] == 1:
        if rank2 == 1 and expand_rank_1:
            x2 = ops.expand_dims(x2, axis=-1)
        else:
            x1 = ops.squeeze(x1, axis=-1)
    elif rank2 == rank1 + 1 and x2.shape[-1] == 1:
        if rank1 == 1 and expand_rank_1:
            x1 = ops.expand_dims(x1, axis=-1)
        else:
            x2 = ops.squeeze(x2, axis=-1)
    return x1, x2


def _count(x: Any) -> int | None:
    """The number of elements of `x` as a Python int; None when a size is
    known only at run time (symbolic shapes)."""
    count = 1
    for dim in x.shape:
        if dim is None:
            return None
        count *= dim
    return count


def _size(x: Any, dtype: str) -> Any:
    count = _count(x)
    if count is None:  # symbolic: the size is known only at run time
        return ops.cast(ops.size(x), dtype)
    return ops.convert_to_tensor(count, dtype=dtype)


def apply_mask(sample_weight: Any, mask: Any, dtype: str, reduction: Any):
    """Folds a boolean mask into the sample weights.

    For mean reductions, valid entries get weight `total / valid`, so the
    mean runs over valid entries only.
    """
    if mask is None:
        return sample_weight
    if reduction in _MEAN_REDUCTIONS:
        valid = ops.sum(ops.cast(mask, dtype))  # may be 0
        count = _count(mask)
        if count is None:
            weight = ops.divide_no_nan(_size(mask, dtype), valid)
        else:
            # Divided by a Python number: no tensor made from the count
            # (a blocking host-to-device copy on a GPU). Where `valid` is
            # 0 the weight is inf, but the mask is all False then, so
            # `where` never selects it.
            weight = ops.divide(count, valid)
        float_mask = ops.where(ops.cast(mask, "bool"), weight, 0.0)
    else:
        float_mask = ops.cast(mask, dtype)
    if sample_weight is None:
        return float_mask
    sample_weight = ops.cast(sample_weight, dtype)
    float_mask, sample_weight = squeeze_or_expand_to_same_rank(
        float_mask, sample_weight
    )
    return sample_weight * float_mask


def reduce_values(
    values: Any, sample_weight: Any = None, reduction: Any = "mean"
) -> Any:
    """Sums or averages (already weighted) values as `reduction` says."""
    shape = tuple(values.shape)
    if reduction is None or reduction == "none" or shape in ((), (0,)):
        return values
    if (
        reduction == "sum_over_batch_size"
        and sample_weight is None
        and None not in shape
    ):
        # The common case (no weights, no mask): one kernel, no 0/0.
        return ops.mean(values)
    loss = ops.sum(values)
    if reduction == "sum":
        return loss
    if reduction == "mean_with_sample_weight" and sample_weight is not None:
        divisor = ops.cast(ops.sum(sample_weight), loss.dtype)
        return ops.divide_no_nan(loss, divisor)
    count = _count(values)
    if count:  # a Python divisor: no tensor made from it on every step
        return ops.divide(loss, count)
    return ops.divide_no_nan(loss, _size(values, dtype_name(loss.dtype)))


def reduce_weighted_values(
    values: Any,
    sample_weight: Any = None,
    mask: Any = None,
    reduction: Any = "sum_over_batch_size",
    dtype: Any = None,
) -> Any:
    """Weights per-sample values by `sample_weight` and `mask`, then
    reduces them.

    A `sample_weight` of lower rank than `values` is broadcast from the
    left (one weight per sample); a trailing axis of size 1 is squeezed.
    """
    reduction = standardize_reduction(reduction)
    values = as_tensor(values, dtype)
    dtype = dtype_name(values.dtype)
    if sample_weight is not None:
        sample_weight = as_tensor(sample_weight, dtype)
    sample_weight = apply_mask(sample_weight, mask, dtype, reduction)
    if sample_weight is not None:
        values, sample_weight = squeeze_or_expand_to_same_rank(
            values, sample_weight
        )
        sample_weight = _broadcast_weight(sample_weight, values)
        values = values * sample_weight
    return reduce_values(values, sample_weight, reduction)


def _broadcastable(shape1: tuple, shape2: tuple) -> bool:
    for a, b in zip(reversed(shape1), reversed(shape2)):
        if a is not None and b is not None and a != b and 1 not in (a, b):
            return False
    return True


def _broadcast_weight(sample_weight: Any, values: Any) -> Any:
    value_shape = tuple(values.shape)
    weight_shape = tuple(sample_weight.shape)
    if _broadcastable(value_shape, weight_shape):
        return sample_weight
    extra = len(value_shape) - len(weight_shape)
    if extra > 0 and _broadcastable(
        value_shape[: len(weight_shape)], weight_shape
    ):
        # One weight per sample (or per timestep): align from the left.
        return ops.reshape(sample_weight, weight_shape + (1,) * extra)
    raise ValueError(
        "`sample_weight` must broadcast to the shape of the per-sample "
        f"losses {value_shape}. Received: sample_weight.shape="
        f"{weight_shape}"
    )
