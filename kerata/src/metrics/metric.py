"""`Metric`: the base class of stateful metrics."""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src import initializers
from kerata.src import ops
from kerata.src.activations._serialization import to_snake_case
from kerata.src.api_export import kerata_export


@kerata_export("kerata.metrics.Metric")
class Metric:
    """Base class of metrics: state kept in variables, updated per batch.

    A metric accumulates statistics over batches in non-trainable variables
    (created with `add_variable`) through `update_state`, reports the
    current value with `result`, and starts over with `reset_state`.
    Calling a metric updates it and returns its result.

    For pure functions (JAX training steps) use `stateless_update_state`,
    `stateless_result` and `stateless_reset_state`, which take and return
    the variables' values instead of changing the variables.

    Args:
        dtype: Dtype of the metric's computations and state. Defaults to
            `kerata.config.floatx()`.
        name: Name of the metric; defaults to the class name in snake case.

    Example:

    >>> class Count(kerata.metrics.Metric):
    ...     def __init__(self, name="count"):
    ...         super().__init__(name=name)
    ...         self.count = self.add_variable((), "zeros", name="count")
    ...     def update_state(self, values):
    ...         self.count.assign_add(kerata.ops.size(values))
    ...     def result(self):
    ...         return self.count.value
    >>> metric = Count()
    >>> metric.update_state([1.0, 2.0, 3.0])
    >>> float(metric.result())
    3.0
    """

    def __init__(self, dtype: Any = None, name: str | None = None) -> None:
        self.name = name or to_snake_case(type(self).__name__)
        self._dtype = backend.standardize_dtype(dtype or backend.floatx())
        self._variables: list = []

    # --- state
    @property
    def dtype(self) -> str:
        """The dtype of the metric's state and result."""
        return self._dtype

    @property
    def variables(self) -> list:
        """The metric's state variables."""
        return list(self._variables)

    @property
    def trainable_weights(self) -> list:
        return []

    @property
    def non_trainable_weights(self) -> list:
        return self.variables

    @property
    def weights(self) -> list:
        return self.variables

    def add_variable(
        self,
        shape: Any,
        initializer: Any,
        dtype: Any = None,
        aggregation: str = "sum",
        name: str | None = None,
    ) -> Any:
        """Creates a non-trainable state variable tracked by the metric.

        Args:
            shape: Shape of the variable.
            initializer: Initializer name, instance or callable.
            dtype: Dtype; defaults to the metric's dtype.
            aggregation: How replicas combine it ("sum", "mean", "none",
                "only_first_replica"); kept for Keras compatibility.
            name: Name of the variable.

        Returns:
            The new variable.
        """
        variable = backend.Variable(
            initializer=initializers.get(initializer),
            shape=shape,
            dtype=dtype or self._dtype,
            trainable=False,
            autocast=False,
            aggregation=aggregation,
            name=name,
        )
        self._variables.append(variable)
        return variable

    def add_weight(
        self,
        shape: Any = (),
        initializer: Any = None,
        dtype: Any = None,
        name: str | None = None,
    ) -> Any:
        """Alias of `add_variable`, kept for Keras compatibility."""
        return self.add_variable(
            shape, initializer or "zeros", dtype=dtype, name=name
        )

    # --- the metric protocol
    def update_state(self, *args: Any, **kwargs: Any) -> None:
        """Accumulates statistics from one batch."""
        raise NotImplementedError

    def result(self) -> Any:
        """Returns the metric's current value as a tensor."""
        raise NotImplementedError

    def reset_state(self) -> None:
        """Sets every state variable back to zeros."""
        for variable in self.variables:
            variable.assign(ops.zeros(variable.shape, dtype=variable.dtype))

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.update_state(*args, **kwargs)
        return self.result()

    # --- stateless API
    def _check_values(self, metric_variables: Any) -> list:
        values = list(metric_variables)
        if len(values) != len(self.variables):
            raise ValueError(
                f"Metric {self.name!r} has {len(self.variables)} variables; "
                f"expected as many values, received {len(values)}."
            )
        return values

    def stateless_update_state(
        self, metric_variables: Any, *args: Any, **kwargs: Any
    ) -> list:
        """Runs `update_state` without changing the variables.

        Args:
            metric_variables: Values of `self.variables`, in order.
            *args: Passed to `update_state`.
            **kwargs: Passed to `update_state`.

        Returns:
            The updated values, in the order of `self.variables`.
        """
        values = self._check_values(metric_variables)
        mapping = list(zip(self.variables, values))
        with backend.StatelessScope(state_mapping=mapping) as scope:
            self.update_state(*args, **kwargs)
        return [_current(scope, variable, value) for variable, value in mapping]

    def stateless_result(self, metric_variables: Any) -> Any:
        """Returns `result()` computed from the given variable values."""
        values = self._check_values(metric_variables)
        mapping = list(zip(self.variables, values))
        with backend.StatelessScope(state_mapping=mapping):
            return self.result()

    def stateless_reset_state(self) -> list:
        """Returns the variables' values after `reset_state`, without
        changing the variables."""
        mapping = [(v, v.value) for v in self.variables]
        with backend.StatelessScope(state_mapping=mapping) as scope:
            self.reset_state()
        return [_current(scope, variable, value) for variable, value in mapping]

    # --- serialization
    def get_config(self) -> dict:
        """Returns the constructor arguments as a dict."""
        return {"name": self.name, "dtype": self._dtype}

    @classmethod
    def from_config(cls, config: dict) -> Metric:
        """Creates a metric from `get_config()`'s dict."""
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}>"

    def __str__(self) -> str:
        return self.__repr__()


def _current(scope: Any, variable: Any, value: Any) -> Any:
    update = scope.updates.get(id(variable))
    return value if update is None else update[1]
