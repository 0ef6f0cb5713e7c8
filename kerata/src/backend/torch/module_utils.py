"""torch calls for `kerata.layers.TorchModuleWrapper`
(kerata/src/utils/torch_utils.py), which keeps framework imports out of
`utils/`: checking, calling, saving and loading a `torch.nn.Module`."""

from __future__ import annotations

import io
from typing import Any

import torch


def check_module(module: Any) -> None:
    """Raises if `module` is not an initialized `torch.nn.Module`."""
    if not isinstance(module, torch.nn.Module):
        raise TypeError(
            "`module` must be a `torch.nn.Module`. Received: "
            f"module={module!r} of type {type(module).__name__}."
        )
    lazy = torch.nn.modules.lazy.LazyModuleMixin
    if isinstance(module, lazy) and module.has_uninitialized_params():
        raise ValueError(
            "Lazy modules must be initialized before they are wrapped: "
            "call the module once on data first. Received the "
            f"uninitialized module {module!r}."
        )


def functional_call(
    module: Any, state: dict, args: tuple, kwargs: dict, meta: bool
) -> Any:
    """Runs `module` with the parameters and buffers in `state` (as empty
    meta tensors when `meta`, for shape inference)."""
    if meta:
        state = {
            k: torch.empty_like(v, device="meta") for k, v in state.items()
        }
    return torch.func.functional_call(module, state, args, kwargs)


def as_tensor(value: Any, device: Any) -> Any:
    return torch.as_tensor(value, device=device)


def module_to_bytes(module: Any) -> bytes:
    buffer = io.BytesIO()
    torch.save(module, buffer)
    return buffer.getvalue()


def module_from_bytes(data: bytes) -> Any:
    """Unpickles a module: runs arbitrary code, so callers check safe
    mode first."""
    return torch.load(io.BytesIO(data), weights_only=False)
