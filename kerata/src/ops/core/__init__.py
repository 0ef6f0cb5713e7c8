"""Public ops: `kerata.ops.core`, split by topic.

Every op is also exported as `kerata.ops.<name>`; internal code may write
`ops.core.scan(...)` or `ops.scan(...)`.
"""

from kerata.src.ops.core.control_flow import associative_scan
from kerata.src.ops.core.control_flow import cond
from kerata.src.ops.core.control_flow import custom_gradient
from kerata.src.ops.core.control_flow import fori_loop
from kerata.src.ops.core.control_flow import map
from kerata.src.ops.core.control_flow import scan
from kerata.src.ops.core.control_flow import stop_gradient
from kerata.src.ops.core.control_flow import switch
from kerata.src.ops.core.control_flow import vectorized_map
from kerata.src.ops.core.control_flow import while_loop
from kerata.src.ops.core.conversion import cast
from kerata.src.ops.core.conversion import convert_to_numpy
from kerata.src.ops.core.conversion import convert_to_tensor
from kerata.src.ops.core.conversion import dtype
from kerata.src.ops.core.conversion import is_tensor
from kerata.src.ops.core.conversion import saturate_cast
from kerata.src.ops.core.conversion import shape
from kerata.src.ops.core.slicing import scatter
from kerata.src.ops.core.slicing import scatter_update
from kerata.src.ops.core.slicing import slice
from kerata.src.ops.core.slicing import slice_update
from kerata.src.ops.core.slicing import unstack
