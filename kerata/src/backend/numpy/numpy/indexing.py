"""numpy backend: indexing, sorting and searching."""
