"""Public ops: `kerata.ops.core`, control flow and gradients."""

from __future__ import annotations

import math as _math
from typing import Any

from kerata.src import backend
from kerata.src import tree
from kerata.src.api_export import kerata_export
from kerata.src.ops.core._helpers import _check_callable
from kerata.src.ops.core._helpers import _leading_size
from kerata.src.ops.core._helpers import _row_spec
from kerata.src.ops.core._helpers import _same_specs
from kerata.src.ops.core._helpers import _spec
from kerata.src.ops.core._helpers import _stacked_spec
from kerata.src.ops.operation import symbolic_op


# --- control flow -----------------------------------------------------------
def _output_spec(value: Any) -> Any:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return backend.KerasTensor((), dtype="bool")
    if isinstance(value, int):
        return backend.KerasTensor((), dtype="int32")
    if isinstance(value, float):
        return backend.KerasTensor((), dtype=backend.floatx())
    return _spec(value)


def _branch_spec(fn: Any) -> Any:
    # Branches take no arguments: whatever they read (symbolic tensors or
    # real ones) they close over, so calling them gives the output spec.
    with backend.StatelessScope():
        out = fn()
    return tree.map_structure(_output_spec, out)


def _cond_spec(pred: Any, true_fn: Any, false_fn: Any) -> Any:
    true_spec = _branch_spec(true_fn)
    false_spec = _branch_spec(false_fn)
    if not _same_specs(true_spec, false_spec):
        raise ValueError(
            "`true_fn` and `false_fn` must return the same structure of "
            f"tensors with the same shapes and dtypes. Received: {true_spec} "
            f"from true_fn and {false_spec} from false_fn."
        )
    return true_spec


@kerata_export("kerata.ops.cond", "kerata.ops.core.cond")
@symbolic_op(spec=_cond_spec)
def cond(pred: Any, true_fn: Any, false_fn: Any) -> Any:
    """Calls `true_fn()` if `pred` is true, else `false_fn()`.

    On the jax backend a traced predicate (inside `jax.jit`) becomes a
    `jax.lax.cond`, so both branches must then return tensors of the same
    structure, shapes and dtypes; a predicate known at call time simply
    picks a branch, as on the other backends.

    Args:
        pred: A boolean scalar (Python bool or tensor with one element).
        true_fn: Callable taking no arguments, run when `pred` is true.
        false_fn: Callable taking no arguments, run when `pred` is false.

    Returns:
        The output of the branch that ran.

    Raises:
        TypeError: If `true_fn` or `false_fn` is not callable.
        ValueError: If `pred` has more than one element.

    Example:

    >>> x = kerata.ops.convert_to_tensor([1.0, 2.0])
    >>> y = kerata.ops.cond(x[0] > 0, lambda: x + 10, lambda: x)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [11.0, 12.0]
    """
    _check_callable(true_fn, "true_fn")
    _check_callable(false_fn, "false_fn")
    if _math.prod(getattr(pred, "shape", ())) != 1:
        raise ValueError(
            "`pred` must be a scalar boolean. Received a tensor of shape "
            f"{tuple(pred.shape)}. Reduce it first, e.g. with ops.all(pred)."
        )
    return backend.core.cond(pred, true_fn, false_fn)


def _switch_spec(index: Any, branches: Any, *operands: Any) -> Any:
    return backend.compute_output_spec(branches[0], *operands)


@kerata_export("kerata.ops.switch", "kerata.ops.core.switch")
@symbolic_op(spec=_switch_spec)
def switch(index: Any, branches: Any, *operands: Any) -> Any:
    """Calls `branches[index](*operands)`.

    An `index` outside `[0, len(branches) - 1]` is clamped to that range,
    as in `jax.lax.switch`.

    Args:
        index: Integer scalar (Python int or tensor).
        branches: Non-empty sequence of callables, all returning the same
            structure of tensors.
        *operands: Arguments passed to the chosen branch.

    Returns:
        The output of the chosen branch.

    Raises:
        ValueError: If `branches` is empty.
        TypeError: If a branch is not callable.

    Example:

    >>> fns = [lambda x: x + 1, lambda x: x - 1]
    >>> x = kerata.ops.convert_to_tensor([5, 7])
    >>> kerata.ops.convert_to_numpy(kerata.ops.switch(1, fns, x)).tolist()
    [4, 6]
    """
    if not isinstance(branches, (list, tuple)) or not branches:
        raise ValueError(
            "`branches` must be a non-empty list or tuple of callables. "
            f"Received: branches={branches!r}"
        )
    for i, branch in enumerate(branches):
        _check_callable(branch, f"branches[{i}]")
    return backend.core.switch(index, branches, *operands)


def _check_scan_args(f: Any, xs: Any, length: Any, unroll: Any) -> None:
    _check_callable(f, "f")
    if xs is None and length is None:
        raise ValueError(
            "`scan` needs `xs` to scan over or a `length`. Received "
            "xs=None and length=None."
        )
    if not isinstance(unroll, bool) and (
        not isinstance(unroll, int) or unroll < 1
    ):
        raise ValueError(
            "`unroll` must be a positive int or a bool. "
            f"Received: unroll={unroll!r}"
        )


def _scan_spec(
    f: Any,
    init: Any,
    xs: Any = None,
    length: Any = None,
    reverse=False,
    unroll=1,
) -> Any:
    _check_scan_args(f, xs, length, unroll)
    if xs is None:
        n, x = int(length), None
    else:
        n = int(length) if length is not None else _leading_size(xs)
        x = tree.map_structure(_row_spec, xs)
    carry, y = backend.compute_output_spec(f, init, x)
    return carry, _stacked_spec(y, n)


@kerata_export("kerata.ops.scan", "kerata.ops.core.scan")
@symbolic_op(spec=_scan_spec)
def scan(
    f: Any,
    init: Any,
    xs: Any = None,
    length: Any = None,
    reverse: bool = False,
    unroll: Any = 1,
) -> Any:
    """Loops `f` over the leading axis of `xs`, carrying a state.

    Equivalent to this Python, with `jax.lax.scan` on the jax backend:

    ```python
    carry, ys = init, []
    for x in xs:
        carry, y = f(carry, x)
        ys.append(y)
    return carry, stack(ys)
    ```

    Args:
        f: Callable `(carry, x) -> (new_carry, y)`. `new_carry` must match
            `carry` in structure, shapes and dtypes; `y` may be `None`.
        init: Initial carry: a tensor or nested structure of tensors.
        xs: Tensor or nested structure of tensors to loop over along their
            leading axis, or `None` to loop `length` times with `x=None`.
        length: Number of iterations; defaults to the leading size of `xs`.
        reverse: Whether to loop from the end. The stacked `ys` stay
            aligned with `xs` either way.
        unroll: Positive int or bool: how many iterations to unroll in
            the compiled loop (jax only).

    Returns:
        A pair `(final_carry, stacked_ys)`.

    Raises:
        TypeError: If `f` is not callable.
        ValueError: If both `xs` and `length` are None, or `unroll` is not
            a positive int or bool.

    Example:

    >>> def running_sum(carry, x):
    ...     carry = carry + x
    ...     return carry, carry
    >>> xs = kerata.ops.convert_to_tensor([1.0, 2.0, 3.0])
    >>> total, sums = kerata.ops.scan(running_sum, 0.0, xs)
    >>> float(total), kerata.ops.convert_to_numpy(sums).tolist()
    (6.0, [1.0, 3.0, 6.0])
    """
    _check_scan_args(f, xs, length, unroll)
    return backend.core.scan(
        f, init, xs, length=length, reverse=reverse, unroll=unroll
    )


def _associative_scan_spec(f: Any, elems: Any, reverse=False, axis=0) -> Any:
    _check_callable(f, "f")
    out = backend.compute_output_spec(f, elems, elems)
    return tree.map_structure(
        lambda y, e: backend.KerasTensor(tuple(e.shape), dtype=y.dtype),
        out,
        elems,
    )


@kerata_export(
    "kerata.ops.associative_scan", "kerata.ops.core.associative_scan"
)
@symbolic_op(spec=_associative_scan_spec)
def associative_scan(
    f: Any, elems: Any, reverse: bool = False, axis: int = 0
) -> Any:
    """Inclusive prefix scan with an associative binary function.

    Returns `[e0, f(e0, e1), f(f(e0, e1), e2), ...]` along `axis`. Because
    `f` is associative the backends may combine elements in any grouping
    (a log-depth tree on jax and torch), so `f` must work elementwise on
    slices of `elems` that keep `axis`.

    Args:
        f: Associative callable `(a, b) -> c`; `a`, `b` and `c` have the
            structure of `elems`.
        elems: Tensor or nested structure of tensors, all of the same size
            along `axis`.
        reverse: Whether to scan from the end.
        axis: Axis to scan along.

    Returns:
        The scanned values, with the structure and shapes of `elems`.

    Raises:
        TypeError: If `f` is not callable.
        ValueError: If the leaves of `elems` differ in size along `axis`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([1, 2, 3, 4])
    >>> y = kerata.ops.associative_scan(lambda a, b: a + b, x)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [1, 3, 6, 10]
    """
    _check_callable(f, "f")
    leaves = tree.flatten(elems)
    sizes = {tuple(e.shape)[axis] for e in leaves}
    if len(sizes) > 1:
        raise ValueError(
            "All tensors in `elems` must have the same size along "
            f"axis={axis}. Received shapes: "
            f"{[tuple(e.shape) for e in leaves]}"
        )
    return backend.core.associative_scan(f, elems, reverse=reverse, axis=axis)


def _map_spec(f: Any, xs: Any) -> Any:
    y = backend.compute_output_spec(f, tree.map_structure(_row_spec, xs))
    return _stacked_spec(y, _leading_size(xs))


@kerata_export("kerata.ops.map", "kerata.ops.core.map")
@symbolic_op(spec=_map_spec)
def map(f: Any, xs: Any) -> Any:
    """Applies `f` to each slice of `xs` along its leading axis and stacks
    the results.

    Same as `stack([f(x) for x in xs])`; on jax it is a `jax.lax.map`.

    Args:
        f: Callable applied to each slice.
        xs: Tensor or nested structure of tensors with the same leading
            size.

    Returns:
        The stacked outputs of `f`.

    Example:

    >>> xs = kerata.ops.convert_to_tensor([[1, 2], [3, 4]])
    >>> ys = kerata.ops.map(lambda x: x * 10, xs)
    >>> kerata.ops.convert_to_numpy(ys).tolist()
    [[10, 20], [30, 40]]
    """
    _check_callable(f, "f")
    return backend.core.map(f, xs)


def _vectorized_map_spec(function: Any, elements: Any) -> Any:
    return _map_spec(function, elements)


@kerata_export("kerata.ops.vectorized_map", "kerata.ops.core.vectorized_map")
@symbolic_op(spec=_vectorized_map_spec)
def vectorized_map(function: Any, elements: Any) -> Any:
    """Maps `function` over the leading axis of `elements`, vectorized.

    Same result as `map`, but computed in one batched call where the
    backend can (`torch.vmap`, `jax.vmap`); the numpy backend loops.
    `function` must therefore use ops that can be vectorized (no
    `.item()` or Python branching on tensor values).

    Args:
        function: Callable applied to each slice.
        elements: Tensor or nested structure of tensors; a tuple or list
            is passed to `function` as one structure.

    Returns:
        The stacked outputs of `function`.

    Example:

    >>> xs = kerata.ops.convert_to_tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> ys = kerata.ops.vectorized_map(lambda x: x @ x, xs)
    >>> kerata.ops.convert_to_numpy(ys).tolist()
    [5.0, 25.0]
    """
    _check_callable(function, "function")
    return backend.core.vectorized_map(function, elements)


def _while_loop_spec(
    cond: Any, body: Any, loop_vars: Any, maximum_iterations: Any = None
) -> Any:
    if isinstance(loop_vars, (list, tuple)):
        return tuple(tree.map_structure(_spec, tuple(loop_vars)))
    return tree.map_structure(_spec, loop_vars)


@kerata_export("kerata.ops.while_loop", "kerata.ops.core.while_loop")
@symbolic_op(spec=_while_loop_spec)
def while_loop(
    cond: Any, body: Any, loop_vars: Any, maximum_iterations: Any = None
) -> Any:
    """Runs `loop_vars = body(*loop_vars)` while `cond(*loop_vars)`.

    On the jax backend this is a `jax.lax.while_loop`: each loop variable
    keeps its shape and dtype from one iteration to the next.

    Args:
        cond: Callable taking the loop variables and returning a boolean
            scalar.
        body: Callable taking the loop variables and returning new values
            in the same structure.
        loop_vars: A tensor, or a list or tuple of tensors (unpacked as
            arguments of `cond` and `body`).
        maximum_iterations: Optional bound on the number of iterations.

    Returns:
        The final loop variables: a tuple if `loop_vars` is a list or
        tuple, else a single value.

    Raises:
        TypeError: If `cond` or `body` is not callable.
        ValueError: If `maximum_iterations` is negative.

    Example:

    >>> i, total = kerata.ops.while_loop(
    ...     lambda i, total: i < 4,
    ...     lambda i, total: (i + 1, total + i),
    ...     (0, 0),
    ... )
    >>> int(i), int(total)
    (4, 6)
    """
    _check_callable(cond, "cond")
    _check_callable(body, "body")
    if maximum_iterations is not None and int(maximum_iterations) < 0:
        raise ValueError(
            "`maximum_iterations` must be None or a non-negative int. "
            f"Received: maximum_iterations={maximum_iterations!r}"
        )
    return backend.core.while_loop(
        cond, body, loop_vars, maximum_iterations=maximum_iterations
    )


def _fori_loop_spec(lower: Any, upper: Any, body_fun: Any, init_val: Any):
    return tree.map_structure(_spec, init_val)


@kerata_export("kerata.ops.fori_loop", "kerata.ops.core.fori_loop")
@symbolic_op(spec=_fori_loop_spec)
def fori_loop(lower: Any, upper: Any, body_fun: Any, init_val: Any) -> Any:
    """Runs `val = body_fun(i, val)` for `i` in `range(lower, upper)`.

    A `jax.lax.fori_loop` on the jax backend (the value keeps its shapes
    and dtypes), a Python loop elsewhere.

    Args:
        lower: First loop index (int).
        upper: End of the loop index range, excluded (int).
        body_fun: Callable `(i, val) -> new_val`.
        init_val: Initial value: a tensor or nested structure of tensors.

    Returns:
        The final value.

    Raises:
        TypeError: If `body_fun` is not callable.

    Example:

    >>> x = kerata.ops.fori_loop(0, 4, lambda i, v: v + i, 10)
    >>> int(x)
    16
    """
    _check_callable(body_fun, "body_fun")
    return backend.core.fori_loop(lower, upper, body_fun, init_val)


@kerata_export("kerata.ops.stop_gradient", "kerata.ops.core.stop_gradient")
@symbolic_op(spec=lambda variable: _spec(variable))
def stop_gradient(variable: Any) -> Any:
    """Returns `variable`'s value as a tensor that gradients do not flow
    through.

    Args:
        variable: Tensor or `kerata.Variable`.

    Returns:
        A tensor with the same value, treated as a constant by autodiff.

    Example:

    >>> x = kerata.ops.stop_gradient(kerata.ops.ones((2,)))
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [1.0, 1.0]
    """
    return backend.core.stop_gradient(variable)


@kerata_export("kerata.ops.custom_gradient", "kerata.ops.core.custom_gradient")
def custom_gradient(f: Any) -> Any:
    """Decorator for a function with a hand-written gradient.

    `f(*args)` must return `(outputs, grad_fn)`. `grad_fn(upstream)`
    receives the gradient of the loss with respect to `outputs` and returns
    the gradients with respect to each tensor argument of `f`. Following
    Keras, `grad_fn` may also be written `grad_fn(*args, upstream=None)`,
    in which case the upstream gradient is passed by keyword.

    Works on the trainable backends (torch, jax). The numpy backend, which
    cannot train, runs `f` and returns `outputs`.

    Args:
        f: The function to decorate.

    Returns:
        A function with the same call signature, returning `outputs`.

    Raises:
        TypeError: If `f` is not callable.

    Example:

    >>> @kerata.ops.custom_gradient
    ... def clipped_identity(x):
    ...     def grad(upstream):
    ...         return upstream * 0.5
    ...     return x + 0, grad
    >>> y = clipped_identity(kerata.ops.ones((2,)))
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [1.0, 1.0]
    """
    _check_callable(f, "f")
    return backend.core.custom_gradient(f)
