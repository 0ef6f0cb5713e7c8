"""numpy backend: nn functions (see backend/interface/nn.py)."""
