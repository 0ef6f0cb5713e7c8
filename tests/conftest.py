"""Shared test setup: one backend per process, strict numerics."""

import os

import pytest

from kerata.src import backend


def pytest_configure(config):
    if backend.backend() == "torch":
        import torch

        # Correctness runs compare against float32 references: no TF32.
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
    elif backend.backend() == "jax":
        import jax

        # Same on GPUs, where JAX's default float32 matmul uses TF32.
        jax.config.update("jax_default_matmul_precision", "highest")


def pytest_collection_modifyitems(config, items):
    trainable = getattr(backend.core, "SUPPORTS_TRAINING", False)
    skip = pytest.mark.skip(
        reason=f"backend {backend.backend()!r} cannot train"
    )
    for item in items:
        if "requires_trainable_backend" in item.keywords and not trainable:
            item.add_marker(skip)


@pytest.fixture
def backend_name():
    return os.environ.get("KERATA_BACKEND", "torch")
