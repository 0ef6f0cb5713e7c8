"""`InputLayer` and `Input`: where a functional model's graph starts."""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.backend.common.keras_tensor import KerasTensor
from kerata.src.layers.layer import Layer
from kerata.src.ops.node import Node


@kerata_export("kerata.layers.InputLayer")
class InputLayer(Layer):
    """The layer behind `kerata.Input`: holds the model's input tensor.

    Usually created through `kerata.Input`; `Sequential` models also accept
    it as their first layer.

    Args:
        shape: Shape without the batch axis, e.g. `(28, 28, 1)`.
        batch_size: Optional fixed batch size.
        dtype: Input dtype; defaults to floatx.
        sparse: Whether the input is sparse (unsupported on most backends).
        batch_shape: Full shape including the batch axis (instead of
            `shape` and `batch_size`).
        input_tensor: An existing KerasTensor to use as the input.
        optional: Whether the input may be None.
        name: Layer name.

    Example:

    >>> layer = kerata.layers.InputLayer(shape=(3,))
    >>> layer.output.shape
    (None, 3)
    """

    def __init__(
        self,
        shape: Any = None,
        batch_size: int | None = None,
        dtype: Any = None,
        sparse: Any = None,
        batch_shape: Any = None,
        input_tensor: Any = None,
        optional: bool = False,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        if "input_shape" in kwargs and shape is None:
            shape = kwargs.pop("input_shape")
        if "batch_input_shape" in kwargs and batch_shape is None:
            batch_shape = kwargs.pop("batch_input_shape")
        super().__init__(name=name or _input_name(), dtype=dtype, **kwargs)
        if shape is not None and batch_shape is not None:
            raise ValueError(
                "Pass `shape` or `batch_shape` to Input, not both. "
                f"Received: shape={shape}, batch_shape={batch_shape}"
            )
        if input_tensor is not None:
            if not isinstance(input_tensor, KerasTensor):
                raise TypeError(
                    "`input_tensor` must be a KerasTensor. Received: "
                    f"{type(input_tensor).__name__}"
                )
            batch_shape = input_tensor.shape
        if batch_shape is None:
            if shape is None:
                raise ValueError(
                    "Input needs a `shape` (without the batch axis), e.g. "
                    "kerata.Input(shape=(28, 28, 1))."
                )
            if isinstance(shape, int):
                shape = (shape,)
            batch_shape = (batch_size,) + tuple(shape)
        self._batch_shape = backend.standardize_shape(batch_shape)
        self._input_dtype = backend.standardize_dtype(dtype)
        self.sparse = bool(sparse)
        self.optional = optional
        self.built = True
        if input_tensor is None:
            input_tensor = KerasTensor(
                self._batch_shape,
                dtype=self._input_dtype,
                sparse=self.sparse,
                name=self.name,
            )
        Node(self, outputs=input_tensor)

    @property
    def batch_shape(self) -> tuple:
        return self._batch_shape

    @property
    def dtype(self) -> str:
        return self._input_dtype

    def call(self, inputs: Any = None) -> Any:
        return inputs

    def get_config(self) -> dict:
        return {
            "batch_shape": self._batch_shape,
            "dtype": self._input_dtype,
            "sparse": self.sparse,
            "optional": self.optional,
            "name": self.name,
        }


def _input_name() -> str:
    from kerata.src.backend.common import global_state

    return global_state.auto_name("input_layer")


@kerata_export("kerata.Input", "kerata.layers.Input")
def Input(  # noqa: N802  (Keras's public name)
    shape: Any = None,
    batch_size: int | None = None,
    dtype: Any = None,
    sparse: Any = None,
    batch_shape: Any = None,
    name: str | None = None,
    tensor: Any = None,
    optional: bool = False,
) -> KerasTensor:
    """Creates a symbolic input tensor for a functional model.

    Args:
        shape: Shape without the batch axis, e.g. `(32,)`.
        batch_size: Optional fixed batch size.
        dtype: Dtype of the input; defaults to floatx.
        sparse: Whether the input is sparse.
        batch_shape: Full shape including the batch axis.
        name: Name, unique within the model.
        tensor: Existing KerasTensor to wrap.
        optional: Whether the input may be None.

    Returns:
        A `KerasTensor`.

    Example:

    >>> x = kerata.Input(shape=(32,))
    >>> y = kerata.layers.Dense(16)(x)
    >>> y.shape
    (None, 16)
    """
    layer = InputLayer(
        shape=shape,
        batch_size=batch_size,
        dtype=dtype,
        sparse=sparse,
        batch_shape=batch_shape,
        name=name,
        input_tensor=tensor,
        optional=optional,
    )
    return layer.output
