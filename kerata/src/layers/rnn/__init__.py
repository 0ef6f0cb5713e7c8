"""Recurrent layers: RNN cells, the RNN loop and its wrappers."""
