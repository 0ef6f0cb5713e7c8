"""Tensors, variables and control flow on PyTorch."""

from __future__ import annotations

import builtins
import contextlib
import inspect
import math
from typing import Any

import numpy as np
import torch

from kerata.src import tree
from kerata.src.backend.common import dtypes
from kerata.src.backend.common import symbolic
from kerata.src.backend.common.keras_tensor import KerasTensor
from kerata.src.backend.common.stateless_scope import _CURRENT as _SCOPES
from kerata.src.backend.common.variables import AUTOCAST
from kerata.src.backend.common.variables import VariableBase

__all__ = [
    "Variable",
    "convert_to_tensor",
    "convert_to_numpy",
    "is_tensor",
    "to_current_device",
    "shape",
    "cast",
    "compute_output_spec",
    "device_scope",
    "get_device",
    "to_torch_dtype",
    "SUPPORTS_TRAINING",
    "SUPPORTS_SPARSE",
    "SUPPORTS_JIT",
    "IS_THREAD_SAFE",
    "BATCH_ON_HOST",
    "DEFAULT_DEVICE",
    "cond",
    "switch",
    "scan",
    "associative_scan",
    "map",
    "vectorized_map",
    "while_loop",
    "fori_loop",
    "stop_gradient",
    "slice",
    "slice_update",
    "scatter",
    "scatter_update",
    "unstack",
    "custom_gradient",
    "saturate_cast",
]

SUPPORTS_TRAINING = True
SUPPORTS_SPARSE = False
SUPPORTS_JIT = True
IS_THREAD_SAFE = True
# Slicing a tensor is cheaper than slicing on the host and moving it.
BATCH_ON_HOST = False

DEFAULT_DEVICE = "cuda" if torch.cuda.is_available() else "cpu"
_DEVICE = [torch.device(DEFAULT_DEVICE)]
# Tensors can live on another device than the current one only where an
# accelerator exists (or a scope names one): only then do converted tensors
# need the device check, which costs ~0.15 us a call.
_CHECK_DEVICE = [DEFAULT_DEVICE != "cpu"]

_TORCH_DTYPES = {
    "float16": torch.float16,
    "bfloat16": torch.bfloat16,
    "float32": torch.float32,
    "float64": torch.float64,
    "uint8": torch.uint8,
    "uint16": torch.uint16,
    "uint32": torch.uint32,
    "uint64": torch.uint64,
    "int8": torch.int8,
    "int16": torch.int16,
    "int32": torch.int32,
    "int64": torch.int64,
    "bool": torch.bool,
    "complex64": torch.complex64,
    "complex128": torch.complex128,
}
# Symbolic-shape inference runs ops on "meta" tensors; variables read in
# that mode hand out meta copies so no real memory is touched.
_META_MODE = [False]


def to_torch_dtype(dtype: Any) -> torch.dtype:
    if isinstance(dtype, torch.dtype):
        return dtype
    name = dtypes.standardize_dtype(dtype)
    try:
        return _TORCH_DTYPES[name]
    except KeyError:
        raise ValueError(f"The torch backend has no dtype {name!r}.") from None


def get_device() -> torch.device:
    """The device new tensors are created on."""
    return _DEVICE[-1]


@contextlib.contextmanager
def device_scope(device_name: str):
    """Creates new tensors on `device_name` ("cpu", "gpu:0", "cuda")."""
    name = str(device_name).lower().replace("gpu", "cuda")
    _DEVICE.append(torch.device(name))
    _CHECK_DEVICE.append(True)
    try:
        yield
    finally:
        _DEVICE.pop()
        _CHECK_DEVICE.pop()


def _to_current_device(x: torch.Tensor) -> torch.Tensor:
    """`x`, moved to the current device if it lives elsewhere (a CPU
    tensor from a DataLoader on a CUDA machine, say), as Keras does."""
    if _META_MODE[0] or x.is_meta:
        return x
    want = _DEVICE[-1]
    have = x.device
    if have.type == want.type and (
        want.index is None or have.index == want.index
    ):
        return x
    return x.to(want)


class Variable(VariableBase):
    __doc__ = VariableBase.__doc__

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if not _META_MODE[0]:
            super().__init__(*args, **kwargs)
            return
        # Created while a symbolic call is traced on meta tensors (a layer
        # building inside another layer's call): the weights must still be
        # real tensors on the real device.
        _META_MODE[0] = False
        try:
            with torch.device(get_device()):
                super().__init__(*args, **kwargs)
        finally:
            _META_MODE[0] = True

    def _initialize(self, value: Any) -> None:
        self._value = torch.nn.Parameter(
            value, requires_grad=self.trainable and value.is_floating_point()
        )

    def _direct_assign(self, value: Any) -> None:
        with torch.no_grad():
            self._value.copy_(value)

    def _convert_to_tensor(self, value: Any, dtype: str) -> Any:
        return convert_to_tensor(value, dtype=dtype)

    # In-place updates: metrics and optimizers add to their state every
    # step, and `add_` avoids a new tensor and a copy.
    def _in_place(self, value: Any) -> Any:
        if _SCOPES or _META_MODE[0] or AUTOCAST:
            return None
        value = convert_to_tensor(value, dtype=self._dtype)
        if value.ndim and tuple(value.shape) != self._shape:
            return None
        return value

    def assign_add(self, value: Any) -> Variable:
        tensor = self._in_place(value)
        if tensor is None:
            return super().assign_add(value)
        with torch.no_grad():
            self._value.add_(tensor)
        return self

    def assign_sub(self, value: Any) -> Variable:
        tensor = self._in_place(value)
        if tensor is None:
            return super().assign_sub(value)
        with torch.no_grad():
            self._value.sub_(tensor)
        return self

    @property
    def value(self) -> Any:
        v = VariableBase.value.fget(self)
        if _META_MODE[0] and v.device.type != "meta":
            return torch.empty_like(v, device="meta")
        return v

    # `trainable` toggles requires_grad so frozen layers skip gradients.
    @property
    def trainable(self) -> bool:
        return self._trainable

    @trainable.setter
    def trainable(self, value: bool) -> None:
        self._trainable = bool(value)
        param = self.__dict__.get("_value")
        if param is not None and param.is_floating_point():
            param.requires_grad_(self._trainable)

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        # Lets torch functions take a Variable where a tensor is expected.
        args = [a.value if isinstance(a, Variable) else a for a in args]
        if kwargs:
            kwargs = {
                k: v.value if isinstance(v, Variable) else v
                for k, v in kwargs.items()
            }
        return func(*args, **(kwargs or {}))


def is_tensor(x: Any) -> bool:
    return isinstance(x, torch.Tensor)


def to_current_device(x: Any) -> Any:
    if _CHECK_DEVICE[-1] and isinstance(x, torch.Tensor):
        return _to_current_device(x)
    return x


def convert_to_tensor(x: Any, dtype: Any = None, sparse: Any = None) -> Any:
    if sparse:
        raise ValueError("The torch backend does not support sparse tensors.")
    if isinstance(x, torch.Tensor):
        if _CHECK_DEVICE[-1]:
            x = _to_current_device(x)
        if dtype is None:
            return x
        tdtype = to_torch_dtype(dtype)
        return x if x.dtype == tdtype else x.to(tdtype)
    if isinstance(x, Variable):
        x = x.value
        if dtype is None:
            return x
        tdtype = to_torch_dtype(dtype)
        return x if x.dtype == tdtype else x.to(tdtype)
    if isinstance(x, KerasTensor):
        raise TypeError(
            "A symbolic KerasTensor cannot be converted to a real tensor. "
            "Symbolic tensors stand for inputs of a functional model; call "
            "the model on data instead."
        )
    device = get_device()
    if _META_MODE[0]:
        device = torch.device("meta")
    if dtype is None:
        if isinstance(x, bool):
            return torch.tensor(x, dtype=torch.bool, device=device)
        if isinstance(x, int):
            return torch.tensor(x, dtype=torch.int32, device=device)
        if isinstance(x, float):
            return torch.tensor(
                x,
                dtype=to_torch_dtype(dtypes.standardize_dtype(None)),
                device=device,
            )
        if isinstance(x, (list, tuple)):
            x = np.asarray(x)
            if x.dtype == np.float64:
                x = x.astype(dtypes.standardize_dtype(None))
            elif x.dtype == np.int64:
                x = x.astype("int32")
        if not isinstance(x, np.ndarray):
            x = np.asarray(x)
        if x.dtype.kind in "US" or x.dtype == object:
            raise TypeError(
                f"Cannot convert {type(x).__name__} of dtype {x.dtype} to a "
                "torch tensor: only numeric and bool values are supported."
            )
        t = torch.from_numpy(_contiguous(x))
        return t if device.type == "cpu" else t.to(device)
    tdtype = to_torch_dtype(dtype)
    if isinstance(x, np.ndarray):
        t = torch.from_numpy(_contiguous(x))
        t = t.to(device=device, dtype=tdtype)
        return t
    if isinstance(x, (list, tuple)):
        x = np.asarray(x)
        return torch.from_numpy(_contiguous(x)).to(device=device, dtype=tdtype)
    return torch.as_tensor(x, dtype=tdtype, device=device)


def _contiguous(x: np.ndarray) -> np.ndarray:
    # np.ascontiguousarray would turn a 0-d array into a 1-d one.
    if not x.flags.c_contiguous or not x.flags.writeable:
        x = np.array(x, order="C")
    return x


def convert_to_numpy(x: Any) -> np.ndarray:
    if isinstance(x, Variable):
        x = x.value
    if isinstance(x, torch.Tensor):
        x = x.detach()
        if x.device.type != "cpu":
            x = x.cpu()
        if x.dtype == torch.bfloat16:
            import ml_dtypes

            return x.float().numpy().astype(ml_dtypes.bfloat16)
        return x.numpy()
    if isinstance(x, (list, tuple)):
        return np.array([convert_to_numpy(e) for e in x])
    return np.asarray(x)


def shape(x: Any) -> tuple:
    return tuple(x.shape)


def cast(x: Any, dtype: Any) -> Any:
    tdtype = to_torch_dtype(dtype)
    if isinstance(x, Variable):
        x = x.value
    if isinstance(x, torch.Tensor):
        return x if x.dtype == tdtype else x.to(tdtype)
    return convert_to_tensor(x, dtype)


def compute_output_spec(fn, *args: Any, **kwargs: Any) -> Any:
    def make(x: KerasTensor, fill: int) -> torch.Tensor:
        return torch.empty(
            symbolic.placeholder_shape(x, fill),
            dtype=to_torch_dtype(x.dtype),
            device="meta",
        )

    def run(call):
        _META_MODE[0] = True
        try:
            with torch.no_grad(), torch.device("meta"):
                return call()
        finally:
            _META_MODE[0] = False

    def to_spec(t: torch.Tensor) -> KerasTensor:
        return KerasTensor(
            tuple(t.shape), dtype=dtypes.standardize_dtype(t.dtype)
        )

    try:
        return symbolic.run_symbolic(
            fn, args, kwargs, make, is_tensor, to_spec, run
        )
    except (NotImplementedError, RuntimeError):
        # Some kernels have no meta implementation: run on small real
        # tensors instead.
        def make_real(x: KerasTensor, fill: int) -> torch.Tensor:
            return torch.zeros(
                symbolic.placeholder_shape(x, fill),
                dtype=to_torch_dtype(x.dtype),
                device=get_device(),
            )

        def run_real(call):
            with torch.no_grad():
                return call()

        return symbolic.run_symbolic(
            fn, args, kwargs, make_real, is_tensor, to_spec, run_real
        )


# --- control flow (eager: plain Python) -------------------------------------
def cond(pred: Any, true_fn, false_fn) -> Any:
    if isinstance(pred, Variable):
        pred = pred.value
    # Shape inference on meta tensors has no predicate value; the public op
    # checks that both branches agree, so either one stands for the result.
    if isinstance(pred, torch.Tensor) and pred.device.type == "meta":
        return true_fn()
    return true_fn() if pred else false_fn()


def switch(index: Any, branches: Any, *operands: Any) -> Any:
    index = builtins.min(builtins.max(int(index), 0), len(branches) - 1)
    return branches[index](*operands)


def _stack(values: tuple) -> torch.Tensor:
    return torch.stack([convert_to_tensor(v) for v in values])


def _stack_structures(items: list) -> Any:
    if items[0] is None:
        return None
    if not isinstance(items[0], (list, tuple, dict)):
        return _stack(items)
    return tree.map_structure(lambda *vs: _stack(vs), *items)


def scan(
    f, init: Any, xs: Any = None, length: Any = None, reverse=False, unroll=1
) -> Any:
    if xs is None:
        flat: list = []
        n = int(length)
    else:
        flat = [convert_to_tensor(x) for x in tree.flatten(xs)]
        n = int(length) if length is not None else flat[0].shape[0]
    carry = tree.map_structure(
        lambda v: v if v is None else convert_to_tensor(v), init
    )
    if n == 0:
        return carry, None
    nested = isinstance(xs, (list, tuple, dict))
    ys: list = [None] * n
    for i in range(n - 1, -1, -1) if reverse else range(n):
        if xs is None:
            x = None
        elif nested:
            x = tree.pack_sequence_as(xs, [t[i] for t in flat])
        else:
            x = flat[0][i]
        carry, ys[i] = f(carry, x)
    return carry, _stack_structures(ys)


def _slice_axis(x: torch.Tensor, axis: int, start, stop, step=1) -> Any:
    index = [builtins.slice(None)] * x.ndim
    index[axis] = builtins.slice(start, stop, step)
    return x[tuple(index)]


def _interleave(even: torch.Tensor, odd: torch.Tensor, axis: int) -> Any:
    # even[0], odd[0], even[1], odd[1], ...; `even` may be one longer.
    n = even.shape[axis] + odd.shape[axis]
    if odd.shape[axis] < even.shape[axis]:
        pad = torch.zeros_like(_slice_axis(even, axis, 0, 1))
        odd = torch.cat([odd, pad], dim=axis)
    pairs = torch.stack([even, odd], dim=axis + 1)
    shape = list(even.shape)
    shape[axis] = 2 * even.shape[axis]
    return _slice_axis(pairs.reshape(shape), axis, 0, n)


def associative_scan(f, elems: Any, reverse=False, axis=0) -> Any:
    flat = [convert_to_tensor(e) for e in tree.flatten(elems)]
    axis = axis % flat[0].ndim
    if reverse:
        flat = [torch.flip(e, (axis,)) for e in flat]

    def combine(a: list, b: list) -> list:
        out = f(
            tree.pack_sequence_as(elems, a), tree.pack_sequence_as(elems, b)
        )
        return [convert_to_tensor(o) for o in tree.flatten(out)]

    # Log-depth prefix scan: combine neighbouring pairs, scan the half as
    # long result, then fill in the remaining positions.
    def prefix(es: list) -> list:
        n = es[0].shape[axis]
        if n < 2:
            return es
        odd = prefix(
            combine(
                [_slice_axis(e, axis, 0, n - 1, 2) for e in es],
                [_slice_axis(e, axis, 1, None, 2) for e in es],
            )
        )
        rest = [_slice_axis(e, axis, 2, None, 2) for e in es]
        left = odd if n % 2 else [_slice_axis(o, axis, 0, -1) for o in odd]
        even = combine(left, rest) if rest[0].shape[axis] else rest
        even = [
            torch.cat([_slice_axis(e, axis, 0, 1), r], dim=axis)
            for e, r in zip(es, even)
        ]
        return [_interleave(e, o, axis) for e, o in zip(even, odd)]

    out = prefix(flat)
    if reverse:
        out = [torch.flip(o, (axis,)) for o in out]
    return tree.pack_sequence_as(elems, out)


def map(f, xs: Any) -> Any:
    if isinstance(xs, (list, tuple, dict)):
        flat = [convert_to_tensor(x) for x in tree.flatten(xs)]
        ys = [
            f(tree.pack_sequence_as(xs, [t[i] for t in flat]))
            for i in range(flat[0].shape[0])
        ]
    else:
        ys = [f(x) for x in convert_to_tensor(xs)]
    return _stack_structures(ys)


def vectorized_map(function, elements: Any) -> Any:
    if not isinstance(elements, torch.Tensor):
        elements = tree.map_structure(convert_to_tensor, elements)
    return torch.vmap(function)(elements)


def while_loop(cond, body, loop_vars: Any, maximum_iterations=None) -> Any:
    is_sequence = isinstance(loop_vars, (list, tuple))
    state = tuple(loop_vars) if is_sequence else (loop_vars,)
    state = tree.map_structure(convert_to_tensor, state)
    i = 0
    while (maximum_iterations is None or i < maximum_iterations) and cond(
        *state
    ):
        out = body(*state)
        out = tuple(out) if isinstance(out, (list, tuple)) else (out,)
        if len(out) != len(state):
            raise ValueError(
                f"`body` must return {len(state)} loop variables, the same "
                f"number it takes. Received {len(out)} values."
            )
        state = out
        i += 1
    return state if is_sequence else state[0]


def fori_loop(lower: Any, upper: Any, body_fun, init_val: Any) -> Any:
    val = init_val
    for i in range(int(lower), int(upper)):
        val = body_fun(i, val)
    return val


def stop_gradient(variable: Any) -> Any:
    if isinstance(variable, Variable):
        variable = variable.value
    return convert_to_tensor(variable).detach()


# --- slicing and scattering -------------------------------------------------
def _window(shape: tuple, start_indices: Any, sizes: Any) -> tuple:
    # Starts are clamped so the window fits, as `jax.lax.dynamic_slice` does.
    if isinstance(start_indices, torch.Tensor):
        start_indices = start_indices.tolist()
    index = []
    for dim, start, size in zip(shape, start_indices, sizes):
        if size == -1:
            size = dim - start if start > 0 else dim
        if start > dim - size:
            start = dim - size
        if start < 0:
            start = 0
        index.append(builtins.slice(start, start + size))
    return tuple(index)


def slice(inputs: Any, start_indices: Any, shape: Any) -> Any:
    inputs = convert_to_tensor(inputs)
    if isinstance(shape, torch.Tensor):
        shape = shape.tolist()
    return inputs[_window(inputs.shape, start_indices, shape)]


def slice_update(inputs: Any, start_indices: Any, updates: Any) -> Any:
    inputs = convert_to_tensor(inputs)
    updates = convert_to_tensor(updates, inputs.dtype)
    out = inputs.clone()
    out[_window(inputs.shape, start_indices, updates.shape)] = updates
    return out


def _index_tuple(indices: Any) -> tuple:
    # (..., depth) indices -> `depth` flat index tensors for index_put_.
    indices = convert_to_tensor(indices)
    if indices.dtype != torch.int64:
        indices = indices.long()
    return indices.reshape(-1, indices.shape[-1]).unbind(-1)


def scatter(indices: Any, values: Any, shape: Any) -> Any:
    values = convert_to_tensor(values)
    shape = tuple(int(d) for d in shape)
    index = _index_tuple(indices)
    out = torch.zeros(shape, dtype=values.dtype, device=values.device)
    values = values.reshape((-1,) + shape[len(index) :])
    return out.index_put_(index, values, accumulate=True)


_SCATTER_REDUCE = {"max": "amax", "min": "amin", "mul": "prod"}


def scatter_update(
    inputs: Any, indices: Any, updates: Any, reduction: Any = None
) -> Any:
    inputs = convert_to_tensor(inputs)
    index = _index_tuple(indices)
    depth = len(index)
    rest = tuple(inputs.shape[depth:])
    updates = convert_to_tensor(updates, inputs.dtype).reshape((-1,) + rest)
    out = inputs.clone()
    if reduction is None or reduction == "add":
        return out.index_put_(index, updates, accumulate=reduction == "add")
    # max/min/mul: one scatter_reduce along the flattened indexed axes.
    lead = inputs.shape[:depth]
    linear = torch.zeros_like(index[0])
    for i, dim in zip(index, lead):
        linear = linear * dim + torch.remainder(i, dim)
    flat = out.reshape((math.prod(lead),) + rest)
    linear = linear.reshape((-1,) + (1,) * len(rest)).expand(updates.shape)
    flat.scatter_reduce_(0, linear, updates, _SCATTER_REDUCE[reduction])
    return flat.reshape(inputs.shape)


def unstack(x: Any, num: Any = None, axis: int = 0) -> list:
    return list(convert_to_tensor(x).unbind(axis))


# --- gradients and casts ----------------------------------------------------
def _call_grad_fn(grad_fn, upstream: tuple) -> tuple:
    params = inspect.signature(grad_fn).parameters
    upstream_param = params.get("upstream")
    if upstream_param is not None and upstream_param.kind in (
        inspect.Parameter.KEYWORD_ONLY,
        inspect.Parameter.POSITIONAL_OR_KEYWORD,
    ):
        grads = grad_fn(
            upstream=upstream[0] if len(upstream) == 1 else upstream
        )
    else:
        grads = grad_fn(*upstream)
    return tuple(grads) if isinstance(grads, (list, tuple)) else (grads,)


class _CustomGradient(torch.autograd.Function):
    @staticmethod
    def forward(ctx, forward_fn, *args):
        output, ctx.grad_fn = forward_fn(*args)
        ctx.num_inputs = len(args)
        ctx.is_tensor = [isinstance(a, torch.Tensor) for a in args]
        return output

    @staticmethod
    def backward(ctx, *upstream):
        grads = iter(_call_grad_fn(ctx.grad_fn, upstream))
        # One gradient per tensor argument; None for the others.
        return (None,) + tuple(
            next(grads, None) if is_tensor else None
            for is_tensor in ctx.is_tensor
        )


def custom_gradient(f):
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        args = tuple(a.value if isinstance(a, Variable) else a for a in args)
        forward = (lambda *a: f(*a, **kwargs)) if kwargs else f
        return _CustomGradient.apply(forward, *args)

    return wrapper


def _dtype_range(dtype: torch.dtype) -> tuple:
    if dtype == torch.bool:
        return 0, 1
    info = torch.finfo(dtype) if dtype.is_floating_point else torch.iinfo(dtype)
    return info.min, info.max


def _inside(limit: float, x_dtype: torch.dtype) -> float:
    # The limit as a value of x's dtype, rounded towards zero so that it
    # still fits the target after rounding.
    t = torch.tensor(limit, dtype=torch.float64).to(x_dtype)
    if abs(float(t)) > abs(limit):
        t = torch.nextafter(t, torch.zeros_like(t))
    return t.item()


def saturate_cast(x: Any, dtype: Any) -> Any:
    x = convert_to_tensor(x)
    target = to_torch_dtype(dtype)
    if x.dtype == target or x.dtype == torch.bool:
        return x.to(target)
    in_min, in_max = _dtype_range(x.dtype)
    out_min, out_max = _dtype_range(target)
    if in_min >= out_min and in_max <= out_max:
        return x.to(target)
    low, high = builtins.max(in_min, out_min), builtins.min(in_max, out_max)
    if x.dtype.is_floating_point:
        low, high = _inside(low, x.dtype), _inside(high, x.dtype)
    return torch.clamp(x, low, high).to(target)
