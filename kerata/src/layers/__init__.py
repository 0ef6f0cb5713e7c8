"""kerata.layers implementation."""
