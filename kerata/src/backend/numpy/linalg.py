"""numpy backend: linalg functions (see backend/interface/linalg.py)."""
