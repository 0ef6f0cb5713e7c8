"""kerata.activations implementation."""
