"""jax backend: reductions and statistics."""
