"""Root pytest configuration: doctest globals and backend-folder skips.

Doctests in kerata/src run under each backend; the folders of the other
backends are not collected (their frameworks may not be installed).
"""

import numpy as np
import pytest

import kerata
from kerata.src import backend

_ACTIVE = backend.backend()
collect_ignore_glob = [
    f"kerata/src/backend/{name}/*"
    for name in ("torch", "jax", "numpy", "tensorflow")
    if name != _ACTIVE
]


@pytest.fixture(autouse=True)
def _doctest_globals(doctest_namespace):
    doctest_namespace["kerata"] = kerata
    doctest_namespace["np"] = np


@pytest.fixture(autouse=True)
def _fresh_state():
    """Each test starts with fresh names and seeds, and ends with the
    default configuration restored."""
    backend.clear_session()
    np.random.seed(1337)
    yield
    backend.set_floatx("float32")
    backend.set_epsilon(1e-7)
    backend.set_image_data_format("channels_last")


_TRAINING_CALLS = (".fit(", ".train_on_batch(")


def pytest_collection_modifyitems(config, items):
    """Doctests that train a model are skipped where the backend cannot
    train (NumPy): they show `fit`, which raises there by design."""
    if getattr(backend.core, "SUPPORTS_TRAINING", False):
        return
    skip = pytest.mark.skip(reason=f"backend {_ACTIVE!r} cannot train")
    for item in items:
        dtest = getattr(item, "dtest", None)
        if dtest is not None and any(
            call in example.source
            for example in dtest.examples
            for call in _TRAINING_CALLS
        ):
            item.add_marker(skip)
