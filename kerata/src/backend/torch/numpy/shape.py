"""torch backend: shape manipulation."""
