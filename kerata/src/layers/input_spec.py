"""InputSpec: what a layer accepts (rank, dtype, fixed axis sizes)."""

from __future__ import annotations

from typing import Any

from kerata.src import tree
from kerata.src.api_export import kerata_export
from kerata.src.backend.common.keras_tensor import standardize_shape


@kerata_export("kerata.InputSpec", "kerata.layers.InputSpec")
class InputSpec:
    """Describes the inputs a layer accepts; checked on each symbolic call
    and whenever an eager call fails.

    Args:
        dtype: Expected dtype name, or None.
        shape: Expected shape (None for any size on an axis), or None.
        ndim: Expected rank, or None.
        max_ndim: Largest accepted rank.
        min_ndim: Smallest accepted rank.
        axes: Dict mapping axis index to its required size.
        allow_last_axis_squeeze: Accept a rank one off when the last axis
            has size 1.
        name: Name of the input, for multi-input layers.
        optional: Whether the input may be None.

    Example:

    >>> spec = kerata.InputSpec(ndim=2, axes={-1: 4})
    >>> spec.ndim, spec.axes
    (2, {-1: 4})
    """

    def __init__(
        self,
        dtype: Any = None,
        shape: Any = None,
        ndim: int | None = None,
        max_ndim: int | None = None,
        min_ndim: int | None = None,
        axes: dict | None = None,
        allow_last_axis_squeeze: bool = False,
        name: str | None = None,
        optional: bool = False,
    ) -> None:
        self.dtype = dtype
        self.shape = standardize_shape(shape) if shape is not None else None
        self.ndim = len(self.shape) if self.shape is not None else ndim
        self.max_ndim = max_ndim
        self.min_ndim = min_ndim
        self.name = name
        self.optional = optional
        self.allow_last_axis_squeeze = allow_last_axis_squeeze
        self.axes = {int(k): v for k, v in (axes or {}).items()}

    def __repr__(self) -> str:
        parts = [
            f"{k}={v}"
            for k, v in (
                ("dtype", self.dtype),
                ("shape", self.shape),
                ("ndim", self.ndim),
                ("max_ndim", self.max_ndim),
                ("min_ndim", self.min_ndim),
                ("axes", self.axes or None),
            )
            if v is not None
        ]
        return f"InputSpec({', '.join(parts)})"

    def get_config(self) -> dict:
        return {
            "dtype": self.dtype,
            "shape": self.shape,
            "ndim": self.ndim,
            "max_ndim": self.max_ndim,
            "min_ndim": self.min_ndim,
            "axes": self.axes,
        }

    @classmethod
    def from_config(cls, config: dict) -> InputSpec:
        return cls(**config)


def _describe(spec: InputSpec) -> str:
    if spec.shape is not None:
        return f"shape {spec.shape}"
    parts = []
    if spec.ndim is not None:
        parts.append(f"rank {spec.ndim}")
    if spec.min_ndim is not None:
        parts.append(f"rank >= {spec.min_ndim}")
    if spec.max_ndim is not None:
        parts.append(f"rank <= {spec.max_ndim}")
    for axis, size in spec.axes.items():
        parts.append(f"axis {axis} of size {size}")
    return ", ".join(parts) or "any shape"


def assert_input_compatibility(
    input_spec: Any, inputs: Any, layer_name: str
) -> None:
    """Raises ValueError naming the layer, the expected and the received
    shape when `inputs` do not match `input_spec`."""
    if not input_spec:
        return
    specs = tree.flatten(input_spec)
    flat = tree.flatten(inputs)
    if len(specs) == 1 and len(flat) > 1:
        flat = flat[:1]
    if len(flat) != len(specs):
        raise ValueError(
            f"Layer {layer_name!r} expects {len(specs)} input(s), but it "
            f"received {len(flat)} input tensors."
        )
    for i, (spec, x) in enumerate(zip(specs, flat)):
        if spec is None:
            continue
        if x is None:
            if spec.optional:
                continue
            raise ValueError(f"Layer {layer_name!r}: input {i} is None.")
        if not hasattr(x, "shape"):
            continue
        shape = tuple(x.shape)
        rank = len(shape)
        expected = _describe(spec)

        def fail(reason: str, i=i, expected=expected, shape=shape) -> None:
            raise ValueError(
                f"Input {i} of layer {layer_name!r} is incompatible with the "
                f"layer: expected {expected}, but received input with shape "
                f"{shape} ({reason})."
            )

        if spec.ndim is not None and not spec.allow_last_axis_squeeze:
            if rank != spec.ndim:
                fail(f"found rank {rank}")
        if spec.max_ndim is not None and rank > spec.max_ndim:
            fail(f"found rank {rank}")
        if spec.min_ndim is not None and rank < spec.min_ndim:
            fail(f"found rank {rank}")
        for axis, size in spec.axes.items():
            if size is None:
                continue
            if axis >= rank or axis < -rank:
                fail(f"axis {axis} does not exist")
            if shape[axis] is not None and shape[axis] != size:
                fail(f"axis {axis} has size {shape[axis]}")
        if spec.shape is not None and rank == len(spec.shape):
            for d, (got, want) in enumerate(zip(shape, spec.shape)):
                if want is not None and got is not None and got != want:
                    fail(f"axis {d} has size {got}")
