"""jax backend: shape manipulation."""
