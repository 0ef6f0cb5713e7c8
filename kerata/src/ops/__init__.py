"""`kerata.ops`, as used inside kerata: every public op by its name.

`ops.add`, `ops.relu`, ... plus the submodules `ops.nn`, `ops.numpy`,
`ops.core`, `ops.math`, `ops.linalg` and `ops.image`. The list of names is
the set of `kerata.ops.*` exports, so nothing is kept by hand here.
"""

from kerata.src.api_export import REGISTRY as _REGISTRY
from kerata.src.ops import core
from kerata.src.ops import image
from kerata.src.ops import linalg
from kerata.src.ops import math
from kerata.src.ops import nn
from kerata.src.ops import numpy

for _path, _obj in list(_REGISTRY.items()):
    if _path.startswith("kerata.ops.") and _path.count(".") == 2:
        globals()[_path.rsplit(".", 1)[1]] = _obj
del _path, _obj
