"""kerata.random implementation."""
