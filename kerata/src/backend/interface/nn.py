"""The backend contract for `backend.nn`: one typed stub per function.

Every backend's `nn.py` defines these names with these parameters and
defaults; the public ops in `kerata/src/ops/nn/` document them.
"""

from __future__ import annotations

from typing import Any


def relu(x: Any) -> Any: ...


def relu6(x: Any) -> Any: ...


def sigmoid(x: Any) -> Any: ...


def sparse_sigmoid(x: Any) -> Any: ...


def softplus(x: Any) -> Any: ...


def softsign(x: Any) -> Any: ...


def silu(x: Any) -> Any: ...


def log_sigmoid(x: Any) -> Any: ...


def leaky_relu(x: Any, negative_slope: float = 0.2) -> Any: ...


def hard_sigmoid(x: Any) -> Any: ...


def hard_silu(x: Any) -> Any: ...


def elu(x: Any, alpha: float = 1.0) -> Any: ...


def selu(x: Any) -> Any: ...


def gelu(x: Any, approximate: bool = True) -> Any: ...


def celu(x: Any, alpha: float = 1.0) -> Any: ...


def glu(x: Any, axis: int = -1) -> Any: ...


def tanh_shrink(x: Any) -> Any: ...


def hard_tanh(x: Any) -> Any: ...


def soft_shrink(x: Any, threshold: float = 0.5) -> Any: ...


def hard_shrink(x: Any, threshold: float = 0.5) -> Any: ...


def threshold(x: Any, threshold: float, default_value: float) -> Any: ...


def squareplus(x: Any, b: float = 4) -> Any: ...


def sparse_plus(x: Any) -> Any: ...


def softmax(x: Any, axis: Any = -1) -> Any: ...


def log_softmax(x: Any, axis: Any = -1) -> Any: ...


def sparsemax(x: Any, axis: int = -1) -> Any: ...


def conv(
    inputs: Any,
    kernel: Any,
    strides: Any = 1,
    padding: str = "valid",
    data_format: str | None = None,
    dilation_rate: Any = 1,
) -> Any: ...


def depthwise_conv(
    inputs: Any,
    kernel: Any,
    strides: Any = 1,
    padding: str = "valid",
    data_format: str | None = None,
    dilation_rate: Any = 1,
) -> Any: ...


def separable_conv(
    inputs: Any,
    depthwise_kernel: Any,
    pointwise_kernel: Any,
    strides: Any = 1,
    padding: str = "valid",
    data_format: str | None = None,
    dilation_rate: Any = 1,
) -> Any: ...


def conv_transpose(
    inputs: Any,
    kernel: Any,
    strides: Any = 1,
    padding: str = "valid",
    output_padding: Any = None,
    data_format: str | None = None,
    dilation_rate: Any = 1,
) -> Any: ...


def max_pool(
    inputs: Any,
    pool_size: Any,
    strides: Any = None,
    padding: str = "valid",
    data_format: str | None = None,
) -> Any: ...


def average_pool(
    inputs: Any,
    pool_size: Any,
    strides: Any = None,
    padding: str = "valid",
    data_format: str | None = None,
) -> Any: ...


def one_hot(
    x: Any,
    num_classes: int,
    axis: int = -1,
    dtype: Any = None,
    sparse: bool = False,
) -> Any: ...


def multi_hot(
    inputs: Any,
    num_classes: int,
    axis: int = -1,
    dtype: Any = None,
    sparse: bool = False,
) -> Any: ...


def binary_crossentropy(
    target: Any, output: Any, from_logits: bool = False
) -> Any: ...


def categorical_crossentropy(
    target: Any, output: Any, from_logits: bool = False, axis: int = -1
) -> Any: ...


def sparse_categorical_crossentropy(
    target: Any, output: Any, from_logits: bool = False, axis: int = -1
) -> Any: ...


def ctc_loss(
    target: Any,
    output: Any,
    target_length: Any,
    output_length: Any,
    mask_index: int = 0,
) -> Any: ...


def ctc_decode(
    inputs: Any,
    sequence_lengths: Any,
    strategy: str = "greedy",
    beam_width: int = 100,
    top_paths: int = 1,
    merge_repeated: bool = True,
    mask_index: int = 0,
) -> tuple: ...


def moments(
    x: Any, axes: Any, keepdims: bool = False, synchronized: bool = False
) -> tuple: ...


def batch_normalization(
    x: Any,
    mean: Any,
    variance: Any,
    axis: int,
    offset: Any = None,
    scale: Any = None,
    epsilon: float = 1e-3,
) -> Any: ...


def normalize(
    x: Any, axis: Any = -1, order: int = 2, epsilon: float | None = None
) -> Any: ...


def rms_normalization(
    x: Any, scale: Any = None, axis: Any = -1, epsilon: float | None = None
) -> Any: ...


def layer_normalization(
    x: Any,
    gamma: Any = None,
    beta: Any = None,
    axis: Any = -1,
    epsilon: float | None = None,
) -> Any: ...


def dot_product_attention(
    query: Any,
    key: Any,
    value: Any,
    bias: Any = None,
    mask: Any = None,
    scale: float | None = None,
    is_causal: bool = False,
    flash_attention: bool | None = None,
    attn_logits_soft_cap: float | None = None,
) -> Any: ...


def linear(inputs: Any, kernel: Any, bias: Any = None) -> Any:
    """kerata extension: `inputs @ kernel + bias` in one call (Dense's
    forward pass); not part of Keras's op set, so not public."""
    ...


def conv_with_bias(
    inputs: Any,
    kernel: Any,
    bias: Any,
    strides: Any = 1,
    padding: str = "valid",
    data_format: str | None = None,
    dilation_rate: Any = 1,
) -> Any:
    """kerata extension: `conv(...)` plus a per-channel bias in one call
    (the Conv layers' forward pass); not part of Keras's op set."""
    ...


def adaptive_average_pool(
    inputs: Any, output_size: Any, data_format: str | None = None
) -> Any: ...


def adaptive_max_pool(
    inputs: Any, output_size: Any, data_format: str | None = None
) -> Any: ...
