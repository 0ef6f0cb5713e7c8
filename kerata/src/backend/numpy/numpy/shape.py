"""numpy backend: shape manipulation."""
