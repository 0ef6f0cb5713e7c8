"""`kerata.ops.numpy`: NumPy-like ops, split by topic."""

from kerata.src.ops.numpy import arithmetic
from kerata.src.ops.numpy import creation
from kerata.src.ops.numpy import extra
from kerata.src.ops.numpy import indexing
from kerata.src.ops.numpy import logic
from kerata.src.ops.numpy import math_functions
from kerata.src.ops.numpy import nan_reductions
from kerata.src.ops.numpy import products
from kerata.src.ops.numpy import reductions
from kerata.src.ops.numpy import shape
