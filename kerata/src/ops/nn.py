"""Public ops: `kerata.ops.nn`."""

from __future__ import annotations
