"""Public ops: `kerata.ops.numpy`, reductions and statistics."""

from __future__ import annotations
