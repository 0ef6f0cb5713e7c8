"""Public ops: `kerata.ops.linalg`."""

from __future__ import annotations
