"""jax backend: indexing, sorting and searching."""
