"""torch backend: reductions and statistics."""
