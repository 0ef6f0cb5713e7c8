"""numpy backend: random functions (see backend/interface/random.py)."""
