"""torch backend: indexing, sorting and searching."""
