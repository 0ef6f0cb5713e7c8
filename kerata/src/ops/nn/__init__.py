"""Public ops: `kerata.ops.nn`, split by topic.

Every op is also exported as `kerata.ops.<name>`; internal code may write
`ops.nn.conv(...)` or `ops.conv(...)`.
"""

from kerata.src.ops.nn.activations import celu
from kerata.src.ops.nn.activations import elu
from kerata.src.ops.nn.activations import gelu
from kerata.src.ops.nn.activations import glu
from kerata.src.ops.nn.activations import hard_shrink
from kerata.src.ops.nn.activations import hard_sigmoid
from kerata.src.ops.nn.activations import hard_silu
from kerata.src.ops.nn.activations import hard_silu as hard_swish
from kerata.src.ops.nn.activations import hard_tanh
from kerata.src.ops.nn.activations import leaky_relu
from kerata.src.ops.nn.activations import log_sigmoid
from kerata.src.ops.nn.activations import log_softmax
from kerata.src.ops.nn.activations import relu
from kerata.src.ops.nn.activations import relu6
from kerata.src.ops.nn.activations import selu
from kerata.src.ops.nn.activations import sigmoid
from kerata.src.ops.nn.activations import silu
from kerata.src.ops.nn.activations import silu as swish
from kerata.src.ops.nn.activations import soft_shrink
from kerata.src.ops.nn.activations import softmax
from kerata.src.ops.nn.activations import softplus
from kerata.src.ops.nn.activations import softsign
from kerata.src.ops.nn.activations import sparse_plus
from kerata.src.ops.nn.activations import sparse_sigmoid
from kerata.src.ops.nn.activations import sparsemax
from kerata.src.ops.nn.activations import squareplus
from kerata.src.ops.nn.activations import tanh_shrink
from kerata.src.ops.nn.activations import threshold
from kerata.src.ops.nn.adaptive_pooling import adaptive_average_pool
from kerata.src.ops.nn.adaptive_pooling import adaptive_max_pool
from kerata.src.ops.nn.attention import dot_product_attention
from kerata.src.ops.nn.convolution import conv
from kerata.src.ops.nn.convolution import conv_transpose
from kerata.src.ops.nn.convolution import depthwise_conv
from kerata.src.ops.nn.convolution import separable_conv
from kerata.src.ops.nn.ctc import ctc_decode
from kerata.src.ops.nn.ctc import ctc_loss
from kerata.src.ops.nn.losses import binary_crossentropy
from kerata.src.ops.nn.losses import categorical_crossentropy
from kerata.src.ops.nn.losses import multi_hot
from kerata.src.ops.nn.losses import one_hot
from kerata.src.ops.nn.losses import sparse_categorical_crossentropy
from kerata.src.ops.nn.normalization import batch_normalization
from kerata.src.ops.nn.normalization import layer_normalization
from kerata.src.ops.nn.normalization import moments
from kerata.src.ops.nn.normalization import normalize
from kerata.src.ops.nn.normalization import rms_normalization
from kerata.src.ops.nn.pooling import average_pool
from kerata.src.ops.nn.pooling import max_pool
from kerata.src.ops.nn.space_depth import depth_to_space
from kerata.src.ops.nn.space_depth import fold
from kerata.src.ops.nn.space_depth import polar
from kerata.src.ops.nn.space_depth import psnr
from kerata.src.ops.nn.space_depth import space_to_depth
from kerata.src.ops.nn.space_depth import unfold
