"""numpy backend: reductions and statistics."""
