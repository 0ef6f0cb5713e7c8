"""jax backend: math functions (see backend/interface/math.py)."""
