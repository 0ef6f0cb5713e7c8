"""Public ops: `kerata.ops.numpy`, indexing, sorting and searching."""

from __future__ import annotations
