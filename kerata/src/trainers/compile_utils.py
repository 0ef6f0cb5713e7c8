"""What `Model.compile` turns its `loss` and `metrics` arguments into.

`CompileLoss` matches losses to the model's outputs (one loss for all, a
list in output order, or a dict keyed by output name), weights them and
sums them. `CompileMetrics` does the same for metrics, resolving names
such as "accuracy" to the variant that fits the targets and the loss.

Both resolve the structure once, on the first batch, and keep a flat
plan, so a training step does no structure matching.
"""

from __future__ import annotations

from typing import Any

from kerata.src import losses as losses_module
from kerata.src import metrics as metrics_module
from kerata.src import ops
from kerata.src import tree
from kerata.src.losses.loss import Loss
from kerata.src.losses.loss import LossFunctionWrapper
from kerata.src.metrics.metric import Metric
from kerata.src.metrics.reduction_metrics import Mean
from kerata.src.metrics.reduction_metrics import MeanMetricWrapper

_ACCURACY = ("accuracy", "acc")
_CROSSENTROPY = ("crossentropy", "ce")


def flatten_outputs(y_pred: Any, output_names: list | None) -> tuple:
    """Returns `(names, flat_outputs)` for a model output structure."""
    if isinstance(y_pred, dict):
        names = list(y_pred.keys())
        return names, [y_pred[k] for k in names]
    if isinstance(y_pred, (list, tuple)):
        flat = list(y_pred)
        if output_names and len(output_names) == len(flat):
            return list(output_names), flat
        return [f"output_{i + 1}" for i in range(len(flat))], flat
    names = list(output_names) if output_names else ["output"]
    return names[:1], [y_pred]


def _match_targets(y_true: Any, names: list, what: str) -> list:
    """Lines the targets up with the outputs named `names`."""
    n = len(names)
    if isinstance(y_true, dict):
        missing = [k for k in names if k not in y_true]
        unknown = [k for k in y_true if k not in names]
        if unknown or (missing and n > 1):
            raise ValueError(
                f"The {what} dict has keys {sorted(y_true)}, but the model's "
                f"outputs are named {names}. Key the dict by output name."
            )
        return [y_true.get(k) for k in names]
    if n == 1:
        if isinstance(y_true, (list, tuple)) and len(y_true) == 1:
            return [y_true[0]]
        return [y_true]
    if isinstance(y_true, (list, tuple)):
        if len(y_true) != n:
            raise ValueError(
                f"The model has {n} outputs ({names}) but received "
                f"{len(y_true)} {what} values. Pass one per output, as a "
                "list in output order or a dict keyed by output name."
            )
        return list(y_true)
    if what == "sample_weight":
        return [y_true] * n
    raise ValueError(
        f"The model has {n} outputs ({names}) but the {what} is a single "
        f"{type(y_true).__name__}. Pass a list in output order or a dict "
        "keyed by output name."
    )


def _spread(value: Any, names: list, what: str) -> list:
    """Spreads a compile argument (one, a list or a dict) over outputs."""
    n = len(names)
    if isinstance(value, dict):
        unknown = [k for k in value if k not in names]
        if unknown:
            raise ValueError(
                f"`{what}` has keys {unknown} that name no output. The "
                f"model's outputs are {names}."
            )
        return [value.get(k) for k in names]
    if isinstance(value, (list, tuple)):
        if what in ("metrics", "weighted_metrics") and not any(
            isinstance(v, (list, tuple, dict)) for v in value
        ):
            # A flat list of metrics applies to every output.
            return [list(value)] * n
        if len(value) != n:
            if n == 1:
                return [value]
            raise ValueError(
                f"`{what}` is a list of {len(value)} entries but the model "
                f"has {n} outputs ({names}). Give one entry per output or "
                "a dict keyed by output name."
            )
        return list(value)
    return [value] * n


def _as_loss(identifier: Any) -> Loss | None:
    if identifier is None:
        return None
    loss = losses_module.get(identifier)
    if isinstance(loss, Loss):
        return loss
    if callable(loss):
        name = getattr(loss, "__name__", None) or "loss"
        return LossFunctionWrapper(loss, name=name)
    raise ValueError(f"Could not interpret loss {identifier!r}.")


def _loss_name(loss: Any) -> str:
    if isinstance(loss, Loss):
        return loss.name
    fn = getattr(loss, "fn", None)
    return getattr(fn, "__name__", "") or getattr(loss, "__name__", "")


def _is_binary_loss(loss: Any) -> bool:
    name = _loss_name(loss)
    return "binary" in name or name in ("bce", "hinge", "squared_hinge")


def _is_sparse_loss(loss: Any) -> bool:
    return "sparse" in _loss_name(loss)


def resolve_metric(
    identifier: Any, y_true: Any, y_pred: Any, loss: Any = None
) -> Metric:
    """Turns a metric identifier into a `Metric`; "accuracy" and
    "crossentropy" pick the variant that fits the targets, outputs and
    loss, as Keras does."""
    if isinstance(identifier, Metric):
        return identifier
    if isinstance(identifier, str) and identifier in _ACCURACY + _CROSSENTROPY:
        pred_shape = tuple(y_pred.shape)
        true_shape = tuple(y_true.shape) if y_true is not None else ()
        binary = _is_binary_loss(loss) or (pred_shape and pred_shape[-1] == 1)
        sparse = _is_sparse_loss(loss) or (
            len(true_shape) == len(pred_shape) - 1
            or (
                len(true_shape) == len(pred_shape)
                and true_shape[-1:] == (1,)
                and pred_shape[-1:] != (1,)
            )
        )
        if identifier in _ACCURACY:
            if binary:
                return metrics_module.BinaryAccuracy(name=identifier)
            if sparse:
                return metrics_module.SparseCategoricalAccuracy(name=identifier)
            return metrics_module.CategoricalAccuracy(name=identifier)
        if binary:
            return metrics_module.BinaryCrossentropy(name=identifier)
        if sparse:
            return metrics_module.SparseCategoricalCrossentropy(name=identifier)
        return metrics_module.CategoricalCrossentropy(name=identifier)
    metric = metrics_module.get(identifier)
    if isinstance(metric, Metric):
        if isinstance(identifier, str):
            metric.name = identifier
        return metric
    if callable(metric):
        name = (
            identifier
            if isinstance(identifier, str)
            else getattr(metric, "__name__", "metric")
        )
        return MeanMetricWrapper(metric, name=name)
    raise ValueError(f"Could not interpret metric {identifier!r}.")


class CompileLoss:
    """The compiled loss: per-output losses, weighted and summed.

    Args:
        loss: A loss (name, function or `Loss`), a list of them in output
            order, or a dict keyed by output name.
        loss_weights: Optional float per output (list or dict) scaling
            each output's loss.
        output_names: Names of the model's outputs, if known.
    """

    def __init__(
        self,
        loss: Any,
        loss_weights: Any = None,
        output_names: list | None = None,
    ) -> None:
        self._loss = loss
        self._loss_weights = loss_weights
        self.output_names = output_names
        self.built = False
        self._plan: list = []
        self.names: list = []
        # Per-output loss trackers, for models with several outputs.
        self.metrics: list = []
        self._check_weights(loss_weights)

    @staticmethod
    def _check_weights(loss_weights: Any) -> None:
        if loss_weights is None:
            return
        values = (
            loss_weights.values()
            if isinstance(loss_weights, dict)
            else loss_weights
            if isinstance(loss_weights, (list, tuple))
            else [loss_weights]
        )
        for w in values:
            if w is not None and (
                isinstance(w, bool) or not isinstance(w, (int, float))
            ):
                raise TypeError(
                    "`loss_weights` must hold floats (a float, a list or a "
                    f"dict of floats). Received: {loss_weights!r}"
                )

    def build(self, y_true: Any, y_pred: Any) -> None:
        names, flat_pred = flatten_outputs(y_pred, self.output_names)
        losses = _spread(self._loss, names, "loss")
        if self._loss_weights is None:
            weights = [1.0] * len(names)
        else:
            weights = _spread(self._loss_weights, names, "loss_weights")
        self.names = names
        self._plan = []
        for i, (name, loss, weight) in enumerate(zip(names, losses, weights)):
            loss = _as_loss(loss)
            if loss is None:
                continue
            self._plan.append(
                (i, name, loss, 1.0 if weight is None else float(weight))
            )
        if not self._plan:
            raise ValueError(
                "compile() got no loss for any output. Pass `loss=` to "
                "compile(), e.g. loss='mse'."
            )
        if len(names) > 1:
            self.metrics = [Mean(name=f"{p[1]}_loss") for p in self._plan]
        self.built = True

    def losses_by_output(self) -> list:
        """`(output_name, Loss)` for every output that has a loss."""
        return [(p[1], p[2]) for p in self._plan]

    def __call__(self, y_true: Any, y_pred: Any, sample_weight: Any = None):
        if not self.built:
            self.build(y_true, y_pred)
        names = self.names
        plan = self._plan
        if len(names) == 1:
            i, _, loss, weight = plan[0]
            if isinstance(y_pred, (list, tuple)):
                y_pred = y_pred[0]
            elif isinstance(y_pred, dict):
                y_pred = y_pred[names[0]]
            if isinstance(y_true, (list, tuple)) and len(y_true) == 1:
                y_true = y_true[0]
            elif isinstance(y_true, dict):
                y_true = y_true[names[0]]
            if isinstance(sample_weight, (list, tuple, dict)):
                sample_weight = _match_targets(
                    sample_weight, names, "sample_weight"
                )[0]
            value = loss(y_true, y_pred, sample_weight)
            return value if weight == 1.0 else value * weight
        _, flat_pred = flatten_outputs(y_pred, names)
        flat_true = _match_targets(y_true, names, "target")
        flat_weight = (
            [None] * len(names)
            if sample_weight is None
            else _match_targets(sample_weight, names, "sample_weight")
        )
        total = None
        for (i, _, loss, weight), tracker in zip(plan, self.metrics):
            if flat_true[i] is None:
                raise ValueError(
                    f"Output {names[i]!r} has a loss but no target was "
                    "given for it."
                )
            value = loss(flat_true[i], flat_pred[i], flat_weight[i])
            batch = tree.flatten(flat_pred[i])[0].shape[0]
            tracker.update_state(value, sample_weight=batch)
            value = value if weight == 1.0 else value * weight
            total = value if total is None else total + value
        return total

    def get_config(self) -> dict:
        return {"loss": self._loss, "loss_weights": self._loss_weights}


class CompileMetrics(Metric):
    """All compiled metrics of a model, as one metric whose result is a
    dict `{name: value}`.

    Args:
        metrics: Metrics applied without sample weights: one list for
            every output, a list of lists in output order, or a dict keyed
            by output name.
        weighted_metrics: The same, for metrics that use sample weights.
        output_names: Names of the model's outputs, if known.
    """

    def __init__(
        self,
        metrics: Any,
        weighted_metrics: Any,
        output_names: list | None = None,
        name: str = "compile_metrics",
    ) -> None:
        super().__init__(name=name)
        for what, value in (
            ("metrics", metrics),
            ("weighted_metrics", weighted_metrics),
        ):
            if value is not None and not isinstance(value, (list, dict)):
                if isinstance(value, tuple):
                    continue
                raise TypeError(
                    f"`{what}` must be a list or a dict. Received: "
                    f"{what}={value!r} of type {type(value).__name__}. "
                    f"Did you mean {what}=[{value!r}]?"
                )
        self._metrics_arg = metrics
        self._weighted_arg = weighted_metrics
        self.output_names = output_names
        self.built = False
        self._plan: list = []

    @property
    def metrics(self) -> list:
        return [entry[1] for entry in self._plan]

    @property
    def variables(self) -> list:
        out: list = []
        for metric in self.metrics:
            out.extend(metric.variables)
        return out

    def build(self, y_true: Any, y_pred: Any, compile_loss: Any = None):
        names, flat_pred = flatten_outputs(y_pred, self.output_names)
        flat_true = _match_targets(y_true, names, "target")
        losses = dict(compile_loss.losses_by_output()) if compile_loss else {}
        plan = []
        for weighted, arg in (
            (False, self._metrics_arg),
            (True, self._weighted_arg),
        ):
            if not arg:
                continue
            per_output = _spread(arg, names, "metrics")
            for i, entry in enumerate(per_output):
                if entry is None:
                    continue
                if not isinstance(entry, (list, tuple)):
                    entry = [entry]
                for identifier in entry:
                    metric = resolve_metric(
                        identifier,
                        flat_true[i],
                        flat_pred[i],
                        losses.get(names[i]),
                    )
                    if len(names) > 1:
                        metric.name = f"{names[i]}_{metric.name}"
                    plan.append((i, metric, weighted))
        seen: dict = {}
        for _, metric, weighted in plan:
            if metric.name in seen and seen[metric.name] is not metric:
                metric.name = (
                    f"weighted_{metric.name}" if weighted else metric.name
                )
            seen[metric.name] = metric
        self._names = names
        self._plan = plan
        self.built = True

    def update_state(self, y_true: Any, y_pred: Any, sample_weight=None):
        if not self.built:
            self.build(y_true, y_pred)
        if not self._plan:
            return
        names = self._names
        if len(names) == 1:
            if isinstance(y_pred, (list, tuple)):
                y_pred = y_pred[0]
            elif isinstance(y_pred, dict):
                y_pred = y_pred[names[0]]
            if isinstance(y_true, (list, tuple)) and len(y_true) == 1:
                y_true = y_true[0]
            elif isinstance(y_true, dict):
                y_true = y_true[names[0]]
            if isinstance(sample_weight, (list, tuple, dict)):
                sample_weight = _match_targets(
                    sample_weight, names, "sample_weight"
                )[0]
            for _, metric, weighted in self._plan:
                metric.update_state(
                    y_true, y_pred, sample_weight if weighted else None
                )
            return
        _, flat_pred = flatten_outputs(y_pred, names)
        flat_true = _match_targets(y_true, names, "target")
        flat_weight = (
            [None] * len(names)
            if sample_weight is None
            else _match_targets(sample_weight, names, "sample_weight")
        )
        for i, metric, weighted in self._plan:
            metric.update_state(
                flat_true[i],
                flat_pred[i],
                flat_weight[i] if weighted else None,
            )

    def result(self) -> dict:
        return {metric.name: metric.result() for _, metric, _ in self._plan}

    def reset_state(self) -> None:
        for _, metric, _ in self._plan:
            metric.reset_state()

    def get_config(self) -> dict:
        return {
            "metrics": self._metrics_arg,
            "weighted_metrics": self._weighted_arg,
        }


def as_float(value: Any) -> Any:
    """A Python float from a backend scalar, leaving non-numbers alone."""
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(ops.convert_to_numpy(value))
    except (TypeError, ValueError):
        return value
