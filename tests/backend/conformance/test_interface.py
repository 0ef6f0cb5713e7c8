"""The backend contract: every function stubbed in backend/interface/ exists
in the active backend with the same parameters.

A backend that cannot provide a function lists it, with a reason, in
`backend/<name>/conformance_skips.txt` (one `module.function: reason` per
line). That list only ever shrinks.
"""

import importlib
import inspect
import os
import pkgutil

import pytest

from kerata.src import backend
from kerata.src.backend import interface

_INTERFACE_DIR = os.path.dirname(interface.__file__)


def _skips() -> dict:
    path = os.path.join(
        os.path.dirname(backend._module.__file__), "conformance_skips.txt"
    )
    if not os.path.exists(path):
        return {}
    out = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                name, _, reason = line.partition(":")
                out[name.strip()] = reason.strip()
    return out


def _stubs() -> list:
    items = []
    for info in pkgutil.iter_modules([_INTERFACE_DIR]):
        module = importlib.import_module(
            f"kerata.src.backend.interface.{info.name}"
        )
        # interface/numpy_shape.py describes backend.numpy (split by topic).
        target = (
            info.name.split("_")[0]
            if info.name.startswith("numpy_")
            else info.name
        )
        for name, fn in vars(module).items():
            if inspect.isfunction(fn) and fn.__module__ == module.__name__:
                if not name.startswith("_"):
                    items.append((target, name, fn))
    return items


STUBS = _stubs()


def test_interface_is_not_empty():
    modules = {target for target, _, _ in STUBS}
    assert {"numpy", "nn", "core"} <= modules, modules


@pytest.mark.parametrize(
    ("target", "name", "stub"),
    STUBS,
    ids=[f"{t}.{n}" for t, n, _ in STUBS],
)
def test_backend_implements_stub(target, name, stub):
    key = f"{target}.{name}"
    skips = _skips()
    if key in skips:
        pytest.skip(f"listed in conformance_skips.txt: {skips[key]}")
    module = getattr(backend, target)
    impl = getattr(module, name, None)
    assert impl is not None, (
        f"backend {backend.backend()!r} lacks {key} declared in "
        f"backend/interface"
    )
    expected = [
        (p.name, p.kind, p.default)
        for p in inspect.signature(stub).parameters.values()
    ]
    actual = [
        (p.name, p.kind, p.default)
        for p in inspect.signature(impl).parameters.values()
    ]
    assert actual == expected, f"{key}: signature {actual} != {expected}"


def test_capability_flags_declared():
    for flag in (
        "SUPPORTS_TRAINING",
        "SUPPORTS_SPARSE",
        "SUPPORTS_JIT",
        "IS_THREAD_SAFE",
    ):
        assert isinstance(getattr(backend.core, flag), bool), flag


def test_framework_names_stay_inside_backend():
    """No module outside backend/ imports a framework directly."""
    root = os.path.dirname(os.path.dirname(_INTERFACE_DIR))
    offenders = []
    for dirpath, _, files in os.walk(root):
        if os.path.join("src", "backend") in dirpath:
            continue
        for f in files:
            if not f.endswith(".py"):
                continue
            path = os.path.join(dirpath, f)
            with open(path) as fh:
                for i, line in enumerate(fh, 1):
                    stripped = line.strip()
                    if stripped.startswith(("import ", "from ")) and any(
                        stripped.split()[1].split(".")[0] == fw
                        for fw in ("torch", "jax", "jaxlib", "tensorflow")
                    ):
                        offenders.append(f"{path}:{i}: {stripped}")
    assert not offenders, "\n".join(offenders)
