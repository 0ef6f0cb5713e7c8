"""`EinsumDense`: a dense layer written as an einsum equation."""

from __future__ import annotations

import re
from typing import Any

from kerata.src import activations
from kerata.src import constraints
from kerata.src import initializers
from kerata.src import ops
from kerata.src import regularizers
from kerata.src.api_export import kerata_export
from kerata.src.layers.core.dense import _reject_unsupported
from kerata.src.layers.input_spec import InputSpec
from kerata.src.layers.layer import Layer

# "ab,bc->ac", "...b,bc->...c" (leading axes elided) or
# "ab...,bc->ac..." (trailing axes elided).
_PLAIN = re.compile(r"([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)$")
_LEFT = re.compile(r"\.\.\.([a-zA-Z]+),([a-zA-Z]+)->\.\.\.([a-zA-Z]+)$")
_RIGHT = re.compile(r"([a-zA-Z]{2,})\.\.\.,([a-zA-Z]+)->([a-zA-Z]+)\.\.\.$")


@kerata_export("kerata.layers.EinsumDense")
class EinsumDense(Layer):
    """A dense layer whose contraction is an einsum equation.

    `einsum(equation, inputs, kernel) + bias`, then the activation. The
    equation names the input's axes, the kernel's axes and the output's
    axes, e.g. `"abc,cd->abd"` projects the last axis of a rank-3 input
    from `c` to `d` features. `...` stands for axes passed through
    unchanged, either leading (`"...b,bc->...c"`) or trailing
    (`"ab...,bc->ac..."`).

    Args:
        equation: Einsum equation `"<input>,<kernel>-><output>"`.
        output_shape: Output shape without the batch axis (an int for a
            rank-2 output). Axes taken from the input may be None.
        activation: Activation name or callable. `None` means identity.
        bias_axes: Output axis letters that get a bias, e.g. `"d"`, or
            None for no bias.
        kernel_initializer: Initializer of the kernel.
        bias_initializer: Initializer of the bias.
        kernel_regularizer: Regularizer applied to the kernel.
        bias_regularizer: Regularizer applied to the bias.
        activity_regularizer: Regularizer applied to the output.
        kernel_constraint: Constraint applied to the kernel.
        bias_constraint: Constraint applied to the bias.
        lora_rank: Not supported yet; must be None.
        lora_alpha: Not supported yet; ignored without `lora_rank`.
        quantization_config: Not supported yet; must be None.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Input shape:
        Any shape matching the equation's input term.

    Output shape:
        `(batch_size,) + output_shape`, with elided axes kept.

    Example:

    >>> layer = kerata.layers.EinsumDense(
    ...     "abc,cd->abd", output_shape=(None, 8), bias_axes="d")
    >>> tuple(layer(kerata.ops.ones((2, 5, 3))).shape)
    (2, 5, 8)
    >>> tuple(layer.kernel.shape), tuple(layer.bias.shape)
    ((3, 8), (8,))
    """

    def __init__(
        self,
        equation: str,
        output_shape: Any,
        activation: Any = None,
        bias_axes: str | None = None,
        kernel_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        bias_constraint: Any = None,
        lora_rank: int | None = None,
        lora_alpha: float | None = None,
        quantization_config: Any = None,
        **kwargs: Any,
    ) -> None:
        _reject_unsupported(
            lora_rank=lora_rank, quantization_config=quantization_config
        )
        kwargs.pop("gptq_unpacked_column_size", None)
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        _parse_equation(equation)  # fail early on a malformed equation
        self.equation = equation
        if isinstance(output_shape, int):
            self.partial_output_shape = (output_shape,)
        else:
            self.partial_output_shape = tuple(output_shape)
        self.bias_axes = bias_axes
        self.activation = activations.get(activation)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)

    def build(self, input_shape: Any) -> None:
        analysis = _analyze(
            self.equation,
            self.bias_axes,
            tuple(input_shape),
            self.partial_output_shape,
        )
        self.full_output_shape = analysis.output_shape
        self.input_spec = InputSpec(ndim=len(input_shape))
        self.kernel = self.add_weight(
            name="kernel",
            shape=analysis.kernel_shape,
            initializer=_with_fan_axes(
                self.kernel_initializer,
                analysis.input_axes,
                analysis.output_axes,
            ),
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        if analysis.bias_shape is not None:
            self.bias = self.add_weight(
                name="bias",
                shape=analysis.bias_shape,
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        else:
            self.bias = None
        self.built = True

    def call(self, inputs: Any) -> Any:
        x = ops.einsum(self.equation, inputs, self.kernel)
        if self.bias is not None:
            x = ops.add(x, self.bias)
        if self.activation is not None:
            x = self.activation(x)
        return x

    def compute_output_shape(self, input_shape: Any) -> tuple:
        return _analyze(
            self.equation,
            self.bias_axes,
            tuple(input_shape),
            self.partial_output_shape,
        ).output_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "output_shape": self.partial_output_shape,
                "equation": self.equation,
                "activation": activations.serialize(self.activation),
                "bias_axes": self.bias_axes,
                "kernel_initializer": initializers.serialize(
                    self.kernel_initializer
                ),
                "bias_initializer": initializers.serialize(
                    self.bias_initializer
                ),
                "kernel_regularizer": regularizers.serialize(
                    self.kernel_regularizer
                ),
                "bias_regularizer": regularizers.serialize(
                    self.bias_regularizer
                ),
                "activity_regularizer": regularizers.serialize(
                    self.activity_regularizer
                ),
                "kernel_constraint": constraints.serialize(
                    self.kernel_constraint
                ),
                "bias_constraint": constraints.serialize(self.bias_constraint),
                "quantization_config": None,
            }
        )
        return config


class _Analysis:
    """Weight and output shapes implied by an equation and input shape."""

    def __init__(
        self,
        kernel_shape: tuple,
        bias_shape: tuple | None,
        output_shape: tuple,
        input_axes: list,
        output_axes: list,
    ) -> None:
        self.kernel_shape = kernel_shape
        self.bias_shape = bias_shape
        self.output_shape = output_shape
        self.input_axes = input_axes
        self.output_axes = output_axes


def _parse_equation(equation: Any) -> tuple:
    """Returns `(input_term, kernel_term, output_term, elision)`, where
    elision is "", "left" or "right"."""
    if isinstance(equation, str):
        text = equation.replace(" ", "")
        for pattern, elision in (
            (_PLAIN, ""),
            (_LEFT, "left"),
            (_RIGHT, "right"),
        ):
            match = pattern.match(text)
            if match:
                return match.group(1), match.group(2), match.group(3), elision
    raise ValueError(
        f"Invalid einsum equation for EinsumDense: {equation!r}. Expected "
        "the form 'ab,bc->ac', '...b,bc->...c' or 'ab...,bc->ac...'."
    )


def _analyze(
    equation: str,
    bias_axes: str | None,
    input_shape: tuple,
    partial_output_shape: tuple,
) -> _Analysis:
    in_term, kernel_term, out_term, elision = _parse_equation(equation)
    elided = len(input_shape) - len(in_term)
    # A leading "..." holds at least the batch axis.
    min_rank = len(in_term) + (elision == "left")
    if len(input_shape) < min_rank or (elided and not elision):
        raise ValueError(
            f"The einsum equation {equation!r} expects an input of rank "
            f"{min_rank}{' or more' if elision else ''}, but received "
            f"an input of shape {input_shape}."
        )
    # The output is `(batch,) + partial_output_shape`, with elided input
    # axes inserted after the batch axis (left) or appended (right).
    output = [input_shape[0]] + list(partial_output_shape)
    if elision == "left":
        output[1:1] = input_shape[1:elided]
        in_axes = {c: elided + i for i, c in enumerate(in_term)}
        out_axes = {c: elided + i for i, c in enumerate(out_term)}
    else:
        if elided:
            output += input_shape[len(input_shape) - elided :]
        in_axes = {c: i for i, c in enumerate(in_term)}
        out_axes = {c: i for i, c in enumerate(out_term)}
    expected_rank = len(out_term) + elided
    if len(output) != expected_rank:
        needed = len(partial_output_shape) + expected_rank - len(output)
        raise ValueError(
            f"EinsumDense: output_shape={partial_output_shape} does not fit "
            f"the equation {equation!r} and the input shape {input_shape}: "
            f"output_shape needs {needed} entries (the output axes without "
            "the batch axis)."
        )
    for c in in_term:
        if c not in out_axes:
            continue
        got, want = input_shape[in_axes[c]], output[out_axes[c]]
        if want is None:
            output[out_axes[c]] = got
        elif got is not None and got != want:
            raise ValueError(
                f"EinsumDense: axis {c!r} of the equation {equation!r} has "
                f"size {got} in the input (shape {input_shape}) but "
                f"{want} in output_shape={partial_output_shape}."
            )
    for c in out_term:
        if c not in in_axes and c not in kernel_term:
            raise ValueError(
                f"EinsumDense: output axis {c!r} of the equation "
                f"{equation!r} appears in neither the input term "
                f"{in_term!r} nor the kernel term {kernel_term!r}."
            )
    kernel_shape, input_axes, output_axes = [], [], []
    for i, c in enumerate(kernel_term):
        if c in out_axes:
            kernel_shape.append(output[out_axes[c]])
            output_axes.append(i)
        elif c in in_axes:
            kernel_shape.append(input_shape[in_axes[c]])
            input_axes.append(i)
        else:
            raise ValueError(
                f"EinsumDense: kernel axis {c!r} of the equation "
                f"{equation!r} appears in neither the input term "
                f"{in_term!r} nor the output term {out_term!r}."
            )
    bias_shape = None
    if bias_axes:
        for c in bias_axes:
            if c not in out_term:
                raise ValueError(
                    f"EinsumDense: bias axis {c!r} (bias_axes={bias_axes!r})"
                    f" is not an axis of the output term {out_term!r}."
                )
        # The bias spans the output from its first biased axis to the end,
        # with size 1 on the axes in between that get no bias.
        first = min(out_term.index(c) for c in bias_axes)
        bias_shape = [
            output[out_axes[c]] if c in bias_axes else 1
            for c in out_term[first:]
        ]
        if elision == "right":
            bias_shape += [1] * elided
        bias_shape = tuple(bias_shape)
    return _Analysis(
        tuple(kernel_shape),
        bias_shape,
        tuple(output),
        input_axes,
        output_axes,
    )


def _with_fan_axes(initializer: Any, input_axes: list, output_axes: list):
    """Tells a variance-scaling initializer which kernel axes are fan-in
    and fan-out, when it supports that and wasn't told already."""
    if (
        getattr(initializer, "input_axes", False) is None
        and getattr(initializer, "output_axes", False) is None
        and hasattr(initializer, "get_config")
    ):
        config = initializer.get_config()
        config["input_axes"] = input_axes
        config["output_axes"] = output_axes
        return type(initializer).from_config(config)
    return initializer
