"""torch backend: random functions (see backend/interface/random.py)."""
