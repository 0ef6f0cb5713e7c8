"""The JAX backend."""

import jax  # noqa: F401  (fails early, with a clear message, if missing)

from kerata.src.backend.jax import core
from kerata.src.backend.jax import image
from kerata.src.backend.jax import linalg
from kerata.src.backend.jax import math
from kerata.src.backend.jax import nn
from kerata.src.backend.jax import numpy
from kerata.src.backend.jax import random
from kerata.src.backend.jax import rnn
