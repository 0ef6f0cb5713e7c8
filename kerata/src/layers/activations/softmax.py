"""`Softmax`: the softmax activation, with optional masking."""

from __future__ import annotations

from typing import Any

from kerata.src import activations
from kerata.src import backend
from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.layers.layer import Layer


def _large_negative_number(dtype: str) -> float:
    """A logit that softmax turns into ~0, finite in `dtype`."""
    return -3e4 if dtype == "float16" else -1e9


@kerata_export("kerata.layers.Softmax")
class Softmax(Layer):
    """Softmax activation layer: `exp(x) / sum(exp(x))` along `axis`.

    Args:
        axis: Int or tuple of ints, the axis (or axes) to normalize over.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Call arguments:
        inputs: The logits.
        mask: Optional boolean tensor broadcastable to `inputs`; True keeps
            a position, False gives it zero probability. A mask attached
            to the input (e.g. by `Embedding(mask_zero=True)`) is used
            when none is given.

    Example:

    >>> layer = kerata.layers.Softmax()
    >>> x = kerata.ops.convert_to_tensor([[1.0, 1.0, 5.0]])
    >>> mask = kerata.ops.convert_to_tensor([[True, True, False]])
    >>> kerata.ops.convert_to_numpy(layer(x, mask=mask)).tolist()
    [[0.5, 0.5, 0.0]]
    """

    def __init__(self, axis: Any = -1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.axis = axis
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Any, mask: Any = None) -> Any:
        if mask is not None:
            mask = _checked_mask(mask, inputs)
            inputs = ops.where(
                mask,
                inputs,
                _large_negative_number(backend.standardize_dtype(inputs.dtype)),
            )
        if isinstance(self.axis, (tuple, list)) and len(self.axis) > 1:
            outputs = ops.exp(
                ops.subtract(
                    inputs, ops.logsumexp(inputs, axis=self.axis, keepdims=True)
                )
            )
        else:
            axis = (
                self.axis[0]
                if isinstance(self.axis, (tuple, list))
                else self.axis
            )
            outputs = activations.softmax(inputs, axis=axis)
        if mask is not None:
            # A fully masked row would otherwise come out uniform.
            outputs = ops.where(mask, outputs, ops.zeros_like(outputs))
        return outputs

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        # The mask (attached to the input or passed to call) carries on.
        return mask

    def compute_output_shape(self, input_shape: Any) -> Any:
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config["axis"] = self.axis
        return config


def _checked_mask(mask: Any, inputs: Any) -> Any:
    """The mask as booleans, after checking that it broadcasts."""
    mask_shape = tuple(mask.shape)
    input_shape = tuple(inputs.shape)
    compatible = len(mask_shape) <= len(input_shape) and all(
        m is None or i is None or m in (1, i)
        for m, i in zip(mask_shape[::-1], input_shape[::-1])
    )
    if not compatible:
        raise ValueError(
            "The `mask` of a Softmax layer must broadcast to its inputs. "
            f"Received: inputs.shape={input_shape}, "
            f"mask.shape={mask_shape}."
        )
    if backend.standardize_dtype(mask.dtype) != "bool":
        mask = ops.greater(mask, 0.5)
    return mask
