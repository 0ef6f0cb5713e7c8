"""Public ops: `kerata.ops.image`."""

from __future__ import annotations
