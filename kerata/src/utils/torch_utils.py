"""`TorchModuleWrapper`: a `torch.nn.Module` used as a kerata layer.

torch is imported inside the functions, so that importing kerata never
imports it; the wrapper itself works on the torch backend only.
"""

from __future__ import annotations

import base64
from typing import Any

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.backend.common import config as config_module
from kerata.src.backend.common import global_state
from kerata.src.layers.layer import Layer


@kerata_export("kerata.layers.TorchModuleWrapper")
class TorchModuleWrapper(Layer):
    """Wraps a `torch.nn.Module` so that it works as a kerata layer.

    Use it to bring existing PyTorch modules into a kerata model. Every
    parameter of the module becomes a kerata variable, so `fit` trains it,
    `trainable_weights`, `get_weights` and `set_weights` see it, and
    freezing the layer (`trainable=False`) freezes the module. The module
    and the variables share their tensors: the module's own forward
    computes with the values the optimizer updates. Weight files store the
    module's `state_dict` (buffers such as BatchNorm's running statistics
    included), under the `state_dict` keys.

    It works on the torch backend only. The module is moved to kerata's
    device. Calls with `training=False` run the module in eval mode, other
    calls in train mode.

    Args:
        module: The `torch.nn.Module` to wrap. Lazy modules must be
            initialized first (call them once on data).
        name: Optional layer name.
        output_shape: Optional output shape, used by symbolic (functional
            API) calls instead of tracing the module.
        **kwargs: Base layer arguments (`trainable`, `dtype`, ...).

    Raises:
        ValueError: On a backend other than torch, or for a lazy module
            that is not initialized.
        TypeError: If `module` is not a `torch.nn.Module`.

    Call arguments:
        *args, **kwargs: Passed to the module's `forward`.
        training: Whether the module runs in train mode.

    Example:

    >>> if kerata.backend.backend() == "torch":
    ...     import torch
    ...     layer = kerata.layers.TorchModuleWrapper(torch.nn.Linear(3, 2))
    ...     shape = tuple(layer(kerata.ops.ones((4, 3))).shape)
    ...     weights = [tuple(w.shape) for w in layer.trainable_weights]
    ... else:
    ...     shape, weights = (4, 2), [(2, 3), (2,)]
    >>> shape, weights
    ((4, 2), [(2, 3), (2,)])
    """

    def __init__(
        self,
        module: Any,
        name: str | None = None,
        output_shape: Any = None,
        **kwargs: Any,
    ) -> None:
        if backend.backend() != "torch":
            raise ValueError(
                "TorchModuleWrapper works on the torch backend only. "
                f"The backend is {backend.backend()!r}. Set "
                "KERATA_BACKEND=torch before importing kerata."
            )
        _module_utils().check_module(module)
        super().__init__(name=name, **kwargs)
        self.module = module.to(backend.core.get_device())
        self.output_shape = output_shape
        self._parameter_paths: dict = {}
        self._track_module_parameters()
        self.built = True

    def _track_module_parameters(self) -> None:
        """Makes a variable of every parameter, and puts the variable's
        tensor back in the module in place of the parameter (a tensor
        shared by several submodules gets one variable)."""
        by_id: dict = {}
        with global_state.name_scope(self.name):
            for prefix, sub in self.module.named_modules():
                for key, param in list(sub._parameters.items()):
                    if param is None:
                        continue
                    path = f"{prefix}.{key}" if prefix else key
                    variable = by_id.get(id(param))
                    if variable is None:
                        variable = backend.Variable(
                            initializer=param.detach(),
                            trainable=param.requires_grad,
                            name=path,
                        )
                        by_id[id(param)] = variable
                        if variable.trainable:
                            self._trainable_variables.append(variable)
                        else:
                            self._non_trainable_variables.append(variable)
                    # Same storage, one Parameter object: the module's
                    # forward is differentiated through the variable.
                    sub._parameters[key] = variable.value
                    self._parameter_paths[path] = variable
        global_state.bump_structure_version()

    def parameters(self, recurse: bool = True) -> Any:
        """The module's parameters (the variables' tensors)."""
        return self.module.parameters(recurse=recurse)

    def call(self, *args: Any, training: Any = None, **kwargs: Any) -> Any:
        mode = training is not False
        if self.module.training != mode:
            # `train()` walks every submodule: skipped when unchanged.
            self.module.train(mode)
        tensors = [a for a in args if hasattr(a, "device")]
        symbolic = any(t.device.type == "meta" for t in tensors)
        if not symbolic and not backend.in_stateless_scope():
            return self.module(*args, **kwargs)
        return self._functional_call(args, kwargs, symbolic)

    def _functional_call(self, args: tuple, kwargs: dict, meta: bool) -> Any:
        """Runs the module on other values than its own: the values of a
        `StatelessScope`, or empty meta tensors for shape inference."""
        state = {path: v.value for path, v in self._parameter_paths.items()}
        for path, buffer in self.module.named_buffers():
            state[path] = buffer
        return _module_utils().functional_call(
            self.module, state, args, kwargs, meta
        )

    def compute_output_shape(self, input_shape: Any) -> Any:
        if self.output_shape is None:
            return super().compute_output_shape(input_shape)
        return self.output_shape

    # --- saving -----------------------------------------------------------
    def save_own_variables(self, store: Any) -> None:
        """Writes the module's `state_dict`: the parameters and the buffers
        (such as running statistics) that are not variables."""
        for key, value in self.module.state_dict().items():
            store[key] = backend.convert_to_numpy(value)

    def load_own_variables(self, store: Any) -> None:
        """Loads the `state_dict` written by `save_own_variables`."""
        device = backend.core.get_device()
        state = {}
        for key in store.keys():
            name = key.decode() if isinstance(key, bytes) else key
            state[name] = _module_utils().as_tensor(store[key], device)
        self.module.load_state_dict(state)

    def get_config(self) -> dict:
        config = super().get_config()
        data = _module_utils().module_to_bytes(self.module)
        config["module"] = base64.b64encode(data).decode("ascii")
        config["output_shape"] = self.output_shape
        return config

    @classmethod
    def from_config(
        cls,
        config: dict,
        custom_objects: dict | None = None,
        safe_mode: bool | None = None,
    ) -> TorchModuleWrapper:
        config = dict(config)
        module = config.get("module")
        if isinstance(module, str):
            unsafe = (
                safe_mode is False
                if safe_mode is not None
                else not config_module.in_safe_mode()
            )
            if not unsafe:
                raise ValueError(
                    "Loading a TorchModuleWrapper unpickles a "
                    "`torch.nn.Module` with `torch.load`, which can run "
                    "arbitrary code, so it is refused in safe mode. If you "
                    "trust the file, load it with `safe_mode=False` or call "
                    "`kerata.config.enable_unsafe_deserialization()`."
                )
            data = base64.b64decode(module.encode("ascii"))
            config["module"] = _module_utils().module_from_bytes(data)
        return cls(**config)


def _module_utils() -> Any:
    # The torch backend's helpers, imported only once a wrapper is used
    # (it exists on the torch backend only).
    from kerata.src.backend.torch import module_utils

    return module_utils
