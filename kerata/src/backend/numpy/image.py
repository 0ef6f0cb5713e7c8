"""numpy backend: image functions (see backend/interface/image.py)."""
