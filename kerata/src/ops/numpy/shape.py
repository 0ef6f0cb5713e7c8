"""Public ops: `kerata.ops.numpy`, shape manipulation."""

from __future__ import annotations
