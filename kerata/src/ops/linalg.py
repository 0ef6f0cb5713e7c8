"""Public ops: `kerata.ops.linalg`."""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.ops.operation import symbolic_op
