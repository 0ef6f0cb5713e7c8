"""kerata.models implementation."""
