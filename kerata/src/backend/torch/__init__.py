"""The PyTorch backend (the default)."""

import torch  # noqa: F401  (fails early, with a clear message, if missing)

from kerata.src.backend.torch import core
from kerata.src.backend.torch import image
from kerata.src.backend.torch import linalg
from kerata.src.backend.torch import math
from kerata.src.backend.torch import nn
from kerata.src.backend.torch import numpy
from kerata.src.backend.torch import random
from kerata.src.backend.torch import rnn
