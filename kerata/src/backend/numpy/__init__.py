"""The NumPy backend: inference only, imports nothing but NumPy.

It is also the easiest backend to read, so it doubles as a specification
of what each backend function does.
"""

from kerata.src.backend.numpy import core
from kerata.src.backend.numpy import image
from kerata.src.backend.numpy import linalg
from kerata.src.backend.numpy import math
from kerata.src.backend.numpy import nn
from kerata.src.backend.numpy import numpy
from kerata.src.backend.numpy import random
from kerata.src.backend.numpy import rnn
