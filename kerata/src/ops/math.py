"""Public ops: `kerata.ops.math`."""

from __future__ import annotations
