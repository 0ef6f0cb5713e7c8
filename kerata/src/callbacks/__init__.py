"""kerata.callbacks implementation."""
