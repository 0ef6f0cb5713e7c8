"""`Layer`: the base class of every layer and model.

The eager path of `__call__` is kept short on purpose: Keras 3 spends most
of its per-step overhead here (input conversion, dtype checks and tree
flattening on every call). kerata checks the input spec only on symbolic
calls, on the first build and when a call fails, and looks up masks and
the training flag only where a layer can use them.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
from typing import Any

import numpy as np

from kerata.src import backend
from kerata.src import dtype_policies as policies
from kerata.src import tree
from kerata.src.api_export import kerata_export
from kerata.src.backend.common import dtypes
from kerata.src.backend.common import global_state
from kerata.src.backend.common import masking
from kerata.src.backend.common import stateless_scope
from kerata.src.backend.common.keras_tensor import KerasTensor
from kerata.src.backend.common.keras_tensor import any_symbolic_tensors
from kerata.src.backend.common.variables import AUTOCAST
from kerata.src.layers.input_spec import InputSpec
from kerata.src.layers.input_spec import assert_input_compatibility
from kerata.src.ops.node import Node
from kerata.src.ops.operation import Operation

# The training flag of the outermost call in progress, seen by nested
# layers that are not given one.
_TRAINING: list = []
# Call depth, to know when an outermost call starts (it clears losses).
_DEPTH = [0]
# Set once any layer has called add_loss, so that calls in models without
# added losses never walk the layer tree.
_LOSSES_ADDED = [False]
# Native dtype object -> standard name, for the per-call autocast check.
_DTYPE_NAMES: dict = {}

_BASE_KWARGS = {
    "input_shape",
    "input_dim",
    "batch_input_shape",
    "batch_size",
    "weights",
    "input_length",
}

_ADAPTER = backend.load_adapter("layer")


class _SignatureInfo:
    """What `call` and `build` accept, computed once per class."""

    def __init__(self, cls: type) -> None:
        params = inspect.signature(cls.call).parameters
        self.has_training = "training" in params
        self.has_mask = "mask" in params
        self.training_default = (
            params["training"].default
            if self.has_training
            and params["training"].default is not inspect.Parameter.empty
            else None
        )
        names = [
            p.name
            for p in params.values()
            if p.name != "self"
            and p.kind
            in (
                inspect.Parameter.POSITIONAL_ONLY,
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
            )
        ]
        self.call_arg_names = names
        build_params = [
            p
            for p in inspect.signature(cls.build).parameters.values()
            if p.name != "self"
        ]
        self.build_arg_names = [p.name for p in build_params]
        self.overrides_compute_mask = cls.compute_mask is not Layer.compute_mask
        self.overrides_output_shape = (
            cls.compute_output_shape is not Layer.compute_output_shape
        )
        self.overrides_get_config = "get_config" in _own_dicts(cls)


def _own_dicts(cls: type) -> set:
    """Attribute names defined by `cls` or its bases below the base
    classes (`Layer`, `Model`, `Functional`, `Sequential`)."""
    names: set = set()
    for klass in cls.__mro__:
        if klass.__module__ in _BASE_MODULES:
            break
        names.update(vars(klass))
    return names


_BASE_MODULES = {
    "kerata.src.layers.layer",
    "kerata.src.models.model",
    "kerata.src.models.functional",
    "kerata.src.models.sequential",
}


_BASES = (Operation,) if _ADAPTER is object else (_ADAPTER, Operation)


@kerata_export("kerata.Layer", "kerata.layers.Layer")
class Layer(*_BASES):
    """The base class of all layers.

    A layer holds state (weights) and computes `call(inputs)`. Subclass it,
    create weights in `build(input_shape)` with `add_weight`, and compute
    in `call`. Weights are created on the first call, once the input shape
    is known.

    Args:
        activity_regularizer: Regularizer applied to the layer's output;
            its value is added to the layer's losses.
        trainable: Whether the layer's weights are updated in training.
        dtype: Dtype or policy name ("float32", "mixed_float16", ...).
        autocast: Whether floating inputs are cast to the compute dtype.
        name: Layer name; unique names are generated when omitted.

    Example:

    >>> class Scale(kerata.layers.Layer):
    ...     def build(self, input_shape):
    ...         self.scale = self.add_weight(shape=(), initializer="ones")
    ...     def call(self, x):
    ...         return x * self.scale
    >>> layer = Scale()
    >>> kerata.ops.convert_to_numpy(layer(kerata.ops.ones((2, 3)))).tolist()
    [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]
    >>> len(layer.trainable_weights)
    1
    """

    _sig_cache: dict = {}

    # Whether the layer can run inside a compiled (jitted) step.
    supports_jit = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # A direct `layer.build(shape)` call marks the layer built, as in
        # Keras, and creates weights under the layer's name scope.
        build = cls.__dict__.get("build")
        if build is not None and not getattr(build, "_kerata_wrapped", False):
            build_signature = inspect.signature(build)

            @functools.wraps(build)
            def build_wrapper(self, *args: Any, **kw: Any) -> Any:
                stack = global_state.name_scope_stack()
                if stack and stack[-1] == self.name:
                    result = build(self, *args, **kw)
                else:
                    with global_state.name_scope(self.name):
                        result = build(self, *args, **kw)
                self.built = True
                # Recorded for get_build_config(), as a call would.
                try:
                    bound = build_signature.bind(self, *args, **kw)
                except TypeError:
                    return result
                shapes = dict(bound.arguments)
                shapes.pop(next(iter(build_signature.parameters)), None)
                self._build_shapes = shapes or None
                return result

            build_wrapper._kerata_wrapped = True
            cls.build = build_wrapper

    def __new__(cls, *args: Any, **kwargs: Any) -> Layer:
        obj = super().__new__(cls)
        # Remember constructor arguments: subclasses that don't write a
        # get_config still serialize when their arguments are plain values.
        try:
            bound = inspect.signature(cls.__init__).bind(None, *args, **kwargs)
            bound.apply_defaults()
            captured = dict(bound.arguments)
            captured.pop("self", None)
            extra = captured.pop("kwargs", None)
            for k, p in inspect.signature(cls.__init__).parameters.items():
                if p.kind == inspect.Parameter.VAR_KEYWORD:
                    extra = bound.arguments.pop(k, extra)
                    captured.pop(k, None)
                elif p.kind == inspect.Parameter.VAR_POSITIONAL:
                    captured.pop(k, None)
            if isinstance(extra, dict):
                captured.update(extra)
            obj._auto_config = captured
        except TypeError:
            obj._auto_config = None
        return obj

    def __init__(
        self,
        *,
        activity_regularizer: Any = None,
        trainable: bool = True,
        dtype: Any = None,
        autocast: bool = True,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        unknown = set(kwargs) - _BASE_KWARGS
        if unknown:
            raise ValueError(
                f"Unrecognized keyword arguments passed to "
                f"{type(self).__name__}: {sorted(unknown)}"
            )
        if _ADAPTER is not object:
            _ADAPTER.__init__(self)
        Operation.__init__(self, name=name)
        self._dtype_policy = policies.get(dtype)
        self._trainable = bool(trainable)
        self.autocast = autocast
        self.built = False
        self.supports_masking = False
        self._input_spec = None
        self._trainable_variables: list = []
        self._non_trainable_variables: list = []
        self._losses: list = []
        self._build_shapes: Any = None
        from kerata.src import regularizers

        self.activity_regularizer = regularizers.get(activity_regularizer)
        # Shape of the first input for Sequential / summary.
        shape = kwargs.get("batch_input_shape")
        if shape is None and "input_shape" in kwargs:
            shape = (kwargs.get("batch_size"),) + tuple(kwargs["input_shape"])
        if shape is None and "input_dim" in kwargs:
            shape = (kwargs.get("batch_size"), kwargs["input_dim"])
        self._input_shape_arg = tuple(shape) if shape is not None else None
        self._initial_weights = kwargs.get("weights")
        cls = type(self)
        info = Layer._sig_cache.get(cls)
        if info is None:
            info = Layer._sig_cache[cls] = _SignatureInfo(cls)
        self._sig = info

    # --- properties ---
    @property
    def dtype_policy(self) -> policies.DTypePolicy:
        return self._dtype_policy

    @dtype_policy.setter
    def dtype_policy(self, value: Any) -> None:
        self._dtype_policy = policies.get(value)

    @property
    def dtype(self) -> str:
        """The dtype of the layer's variables."""
        return self._dtype_policy.variable_dtype

    @property
    def compute_dtype(self) -> str:
        return self._dtype_policy.compute_dtype

    @property
    def variable_dtype(self) -> str:
        return self._dtype_policy.variable_dtype

    @property
    def input_dtype(self) -> str:
        return self._dtype_policy.compute_dtype

    @property
    def input_spec(self) -> Any:
        return self._input_spec

    @input_spec.setter
    def input_spec(self, value: Any) -> None:
        for spec in tree.flatten(value):
            if spec is not None and not isinstance(spec, InputSpec):
                raise TypeError(
                    f"Layer {self.name!r}: input_spec must be InputSpec "
                    f"instances. Received: {spec!r}"
                )
        self._input_spec = value

    @property
    def path(self) -> str:
        return self.name

    @property
    def trainable(self) -> bool:
        return self._trainable

    @trainable.setter
    def trainable(self, value: bool) -> None:
        """Freezes or unfreezes this layer and every layer inside it."""
        value = bool(value)
        global_state.bump_structure_version()
        for layer in self._flatten_layers(include_self=True):
            layer._trainable = value
            for v in layer._trainable_variables:
                v.trainable = value

    # --- tracking ---
    def _tracked_values(self) -> list:
        """Layers, variables and seed generators held in attributes,
        lists, tuples and dicts, in assignment order."""
        out = []
        for key, value in self.__dict__.items():
            # `_auto_config` holds constructor arguments: a layer passed in
            # but not kept (e.g. Bidirectional's template) is not a child.
            if key in _UNTRACKED_ATTRIBUTES:
                continue
            _collect(value, out, 2)
        return out

    @property
    def _layers(self) -> list:
        return [v for v in self._tracked_values() if isinstance(v, Layer)]

    def _flatten_layers(
        self, include_self: bool = True, recursive: bool = True
    ) -> list:
        out: list = [self] if include_self else []
        seen = {id(self)}
        stack = list(reversed(self._layers))
        while stack:
            layer = stack.pop()
            if id(layer) in seen:
                continue
            seen.add(id(layer))
            out.append(layer)
            if recursive:
                stack.extend(reversed(layer._layers))
        return out

    def _own_variables(self) -> tuple:
        trainable = list(self._trainable_variables)
        non_trainable = list(self._non_trainable_variables)
        known = {id(v) for v in trainable + non_trainable}
        seeds = []
        for value in self._tracked_values():
            if isinstance(value, backend.Variable) and id(value) not in known:
                known.add(id(value))
                (trainable if value.trainable else non_trainable).append(value)
            elif hasattr(value, "_kerata_seed_state"):
                seeds.append(value._kerata_seed_state)
        return trainable, non_trainable, seeds

    def _collect_weights(self, trainable_only: bool | None) -> list:
        out: list = []
        seen: set = set()
        for layer in self._flatten_layers(include_self=True):
            trainable, non_trainable, _ = layer._own_variables()
            if trainable_only is None:
                group = trainable + non_trainable
            elif trainable_only:
                group = trainable if layer._trainable else []
            else:
                group = non_trainable + ([] if layer._trainable else trainable)
            for v in group:
                if id(v) not in seen:
                    seen.add(id(v))
                    out.append(v)
        return out

    @property
    def weights(self) -> list:
        """All weights: trainable first, in creation order, per layer."""
        return self._collect_weights(None)

    @property
    def trainable_weights(self) -> list:
        return self._collect_weights(True)

    @property
    def non_trainable_weights(self) -> list:
        return self._collect_weights(False)

    @property
    def variables(self) -> list:
        """Weights plus other state, such as seed generator states."""
        out = self.weights
        seen = {id(v) for v in out}
        for layer in self._flatten_layers(include_self=True):
            for v in layer._own_variables()[2]:
                if id(v) not in seen:
                    seen.add(id(v))
                    out.append(v)
        return out

    @property
    def trainable_variables(self) -> list:
        return self.trainable_weights

    @property
    def non_trainable_variables(self) -> list:
        trainable = {id(v) for v in self.trainable_weights}
        return [v for v in self.variables if id(v) not in trainable]

    def get_weights(self) -> list:
        """Returns copies of the weights as a list of NumPy arrays (a
        snapshot: later training does not change them)."""
        return [
            np.array(backend.convert_to_numpy(v.value)) for v in self.weights
        ]

    def set_weights(self, weights: list) -> None:
        """Sets the weights from a list of arrays, in `weights` order."""
        mine = self.weights
        if len(weights) != len(mine):
            raise ValueError(
                f"Layer {self.name!r} has {len(mine)} weights, but "
                f"set_weights received {len(weights)} arrays. Expected "
                f"shapes: {[v.shape for v in mine]}"
            )
        for v, w in zip(mine, weights):
            shape = tuple(np.shape(w))
            if shape != v.shape:
                raise ValueError(
                    f"Layer {self.name!r}: weight {v.path!r} has shape "
                    f"{v.shape}, but the array given for it has shape "
                    f"{shape}."
                )
        for v, w in zip(mine, weights):
            v.assign(w)

    def count_params(self) -> int:
        """Total number of scalars in the layer's weights."""
        if not self.built:
            raise ValueError(
                f"Layer {self.name!r} is not built yet, so it has no "
                "weights to count. Call it on data or call build() first."
            )
        return int(sum(int(np.prod(v.shape)) for v in self.weights))

    # --- weights ---
    def add_weight(
        self,
        shape: Any = None,
        initializer: Any = None,
        dtype: Any = None,
        trainable: bool = True,
        autocast: bool = True,
        regularizer: Any = None,
        constraint: Any = None,
        aggregation: str = "none",
        overwrite_with_gradient: bool = False,
        name: str | None = None,
    ) -> Any:
        """Creates a weight of this layer.

        Args:
            shape: Shape tuple; `()` for a scalar (the default).
            initializer: Initializer object or name. Defaults to
                "glorot_uniform" for floats and "zeros" otherwise.
            dtype: Dtype; defaults to the layer's variable dtype.
            trainable: Whether it is trained.
            regularizer: Regularizer whose value joins the layer's losses.
            constraint: Projection applied after each optimizer update.
            name: Name, unique within the layer.
        """
        from kerata.src import constraints
        from kerata.src import initializers
        from kerata.src import regularizers

        shape = () if shape is None else shape
        dtype = backend.standardize_dtype(dtype or self.variable_dtype)
        if initializer is None:
            initializer = (
                "glorot_uniform" if backend.is_float_dtype(dtype) else "zeros"
            )
        initializer = initializers.get(initializer)
        if name is None:
            count = len(self._trainable_variables) + len(
                self._non_trainable_variables
            )
            name = f"variable_{count}"
        stack = global_state.name_scope_stack()
        in_scope = bool(stack) and stack[-1] == self.name
        with (
            contextlib.nullcontext()
            if in_scope
            else global_state.name_scope(self.name)
        ):
            variable = backend.Variable(
                initializer=initializer,
                shape=shape,
                dtype=dtype,
                trainable=trainable,
                autocast=autocast,
                aggregation=aggregation,
                name=name,
            )
        variable.regularizer = regularizers.get(regularizer)
        variable.constraint = constraints.get(constraint)
        variable.overwrite_with_gradient = overwrite_with_gradient
        if trainable:
            if not self._trainable:
                variable.trainable = False
            self._trainable_variables.append(variable)
            global_state.bump_structure_version()
        else:
            self._non_trainable_variables.append(variable)
        return variable

    add_variable = add_weight

    # --- losses ---
    def add_loss(self, loss: Any) -> None:
        """Adds a scalar loss (e.g. an activity penalty) computed in call."""
        scope = stateless_scope.current()
        if scope is not None and scope.collect_losses:
            scope.losses.append(loss)
            return
        _LOSSES_ADDED[0] = True
        self._losses.append(loss)

    @property
    def losses(self) -> list:
        """Losses added in the last call plus weight-regularization
        penalties, for this layer and the layers inside it."""
        out = []
        for layer in self._flatten_layers(include_self=True):
            out.extend(layer._losses)
        for v in self.trainable_weights:
            reg = getattr(v, "regularizer", None)
            if reg is not None:
                out.append(reg(v))
        return out

    def _clear_losses(self) -> None:
        for layer in self._flatten_layers(include_self=True):
            layer._losses.clear()

    # --- building ---
    def build(self, input_shape: Any = None) -> None:
        """Creates the layer's weights; override it. Called once, with the
        shape of the first input."""
        self.built = True

    def _maybe_build(self, args: tuple, kwargs: dict) -> None:
        if self.built:
            return
        names = self._sig.build_arg_names
        shapes = {}
        all_args = dict(zip(self._sig.call_arg_names, args))
        all_args.update(kwargs)
        first = args[0] if args else None
        if len(names) == 1 and names[0] in ("input_shape", "inputs_shape"):
            build_args = {names[0]: _shapes_of(first)}
        elif names and all(n.endswith("_shape") for n in names):
            for n in names:
                value = all_args.get(n[: -len("_shape")])
                shapes[n] = _shapes_of(value) if value is not None else None
            build_args = shapes
        elif len(names) >= 1:
            build_args = {names[0]: _shapes_of(first)}
        else:
            build_args = {}
        if first is not None and self._input_spec is not None:
            assert_input_compatibility(self._input_spec, first, self.name)
        with global_state.name_scope(self.name):
            self.build(**build_args)
        self.built = True
        self._build_shapes = build_args
        if self._initial_weights is not None:
            self.set_weights(self._initial_weights)
            self._initial_weights = None

    def build_from_config(self, config: dict) -> None:
        if config and "input_shape" in config:
            self.build(config["input_shape"])
            self.built = True
        elif config and config.get("shapes_dict"):
            with global_state.name_scope(self.name):
                self.build(**config["shapes_dict"])
            self.built = True

    def get_build_config(self) -> dict | None:
        if self._build_shapes:
            if len(self._build_shapes) == 1:
                (value,) = self._build_shapes.values()
                return {"input_shape": value}
            return {"shapes_dict": self._build_shapes}
        return None

    # --- saving ---------------------------------------------------------
    def _saved_variables(self) -> list:
        """The variables this layer saves itself, in Keras's order.

        Attribute tracking can also reach variables owned elsewhere (a
        sublayer's, or a compiled model's optimizer's); each variable is
        saved once, by its owner.
        """
        trainable, non_trainable, _ = self._own_variables()
        own = trainable + non_trainable
        if not own:
            return own
        claimed = {id(v) for sub in self._layers for v in sub.variables}
        optimizer = vars(self).get("optimizer")
        if optimizer is not None and hasattr(optimizer, "variables"):
            claimed.update(id(v) for v in optimizer.variables)
        return [v for v in own if id(v) not in claimed]

    def save_own_variables(self, store: Any) -> None:
        """Writes this layer's own variables to `store` ("0", "1", ...).

        Override it (with `load_own_variables`) to save state that is not
        held in variables. Sublayers save their own state.
        """
        for i, variable in enumerate(self._saved_variables()):
            store[str(i)] = np.array(backend.convert_to_numpy(variable.value))

    def load_own_variables(self, store: Any) -> None:
        """Restores the values written by `save_own_variables`."""
        variables = self._saved_variables()
        if len(store) != len(variables):
            raise ValueError(
                f"Layer {self.name!r} has {len(variables)} variables, but "
                f"the saved state holds {len(store)} values."
            )
        for i, variable in enumerate(variables):
            value = store[str(i)]
            if tuple(variable.shape) != tuple(np.shape(value)):
                raise ValueError(
                    f"Layer {self.name!r}: variable {variable.path!r} has "
                    f"shape {tuple(variable.shape)}, but the saved value "
                    f"has shape {tuple(np.shape(value))}."
                )
        for i, variable in enumerate(variables):
            variable.assign(store[str(i)])

    def save_assets(self, dir_path: str) -> None:
        """Writes state kept in files (e.g. a vocabulary) to `dir_path`."""

    def load_assets(self, dir_path: str) -> None:
        """Reads the files written by `save_assets` from `dir_path`."""

    # --- calling ---
    def call(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError(
            f"Layer {type(self).__name__} does not implement call()."
        )

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if any_symbolic_tensors(args, kwargs):
            return self._symbolic_call(args, kwargs)
        if args:
            args = (self._convert_input(args[0]),) + args[1:]
        if not self.built:
            self._maybe_build(args, kwargs)
        sig = self._sig

        # Training flag: explicit, else the enclosing call's, else default.
        training = kwargs.get("training", None)
        if training is None and _TRAINING:
            training = _TRAINING[-1]
        if sig.has_training:
            if training is not None:
                kwargs["training"] = training
            else:
                kwargs.pop("training", None)
        elif "training" in kwargs:
            del kwargs["training"]

        if sig.has_mask:
            mask = kwargs.get("mask")
        else:
            mask = kwargs.pop("mask", None)
        if mask is None and masking.has_masks() and args:
            mask = _first_mask(args[0])
            if sig.has_mask and mask is not None:
                kwargs["mask"] = mask

        depth = _DEPTH[0]
        if depth == 0 and _LOSSES_ADDED[0]:
            # Losses from the previous call are dropped when a new
            # outermost call starts.
            self._clear_losses()
        pushed = training is not None and (
            not _TRAINING or _TRAINING[-1] != training
        )
        if pushed:
            _TRAINING.append(training)
        policy = self._dtype_policy
        autocast = policy._compute != policy._variable and self.autocast
        if autocast:
            AUTOCAST.append(policy._compute)
        _DEPTH[0] = depth + 1
        try:
            outputs = self.call(*args, **kwargs)
        except Exception as e:
            self._explain_failure(args, e)
            raise
        finally:
            _DEPTH[0] = depth
            if pushed:
                _TRAINING.pop()
            if autocast:
                AUTOCAST.pop()

        if self.activity_regularizer is not None:
            for out in tree.flatten(outputs):
                batch = backend.core.shape(out)[0] if out.ndim else 1
                self.add_loss(self.activity_regularizer(out) / batch)
        if sig.overrides_compute_mask or (
            mask is not None and self.supports_masking
        ):
            out_mask = self.compute_mask(args[0] if args else None, mask)
            if out_mask is not None:
                _attach_masks(outputs, out_mask)
        return outputs

    def _convert_input(self, x: Any) -> Any:
        if backend.is_tensor(x):
            x = backend.to_current_device(x)
            if not self.autocast:
                return x
            dtype = x.dtype
            name = _DTYPE_NAMES.get(dtype)
            if name is None:
                if getattr(dtype, "kind", "f") in ("O", "S", "U"):
                    return x  # NumPy strings (numpy backend)
                name = _DTYPE_NAMES[dtype] = backend.standardize_dtype(dtype)
            compute = self._dtype_policy._compute
            if name != compute and name in dtypes.FLOAT_TYPES:
                return backend.cast(x, compute)
            return x
        if isinstance(x, (np.ndarray, np.generic)):
            if x.dtype.kind == "f" and self.autocast:
                return backend.convert_to_tensor(x, dtype=self.compute_dtype)
            if x.dtype.kind in "OSU":
                return x  # strings stay NumPy (text preprocessing layers)
            return backend.convert_to_tensor(x)
        if isinstance(x, (list, tuple)) and any(
            isinstance(e, np.ndarray) for e in x
        ):
            return type(x)(self._convert_input(e) for e in x)
        return x

    def _explain_failure(self, args: tuple, error: Exception) -> None:
        """Turns a backend error from a mis-shaped input into one that
        names the layer and the shapes."""
        if self._input_spec is None or not args:
            return
        try:
            assert_input_compatibility(self._input_spec, args[0], self.name)
        except ValueError as spec_error:
            raise spec_error from error

    def _symbolic_call(self, args: tuple, kwargs: dict) -> Any:
        if args:
            first = args[0]
            if not self.built:
                self._maybe_build(args, kwargs)
            elif self._input_spec is not None:
                assert_input_compatibility(self._input_spec, first, self.name)
        elif not self.built:
            self._maybe_build(args, kwargs)
        if not self._sig.has_training:
            kwargs.pop("training", None)
        outputs = self.compute_output_spec(*args, **kwargs)
        Node(self, call_args=args, call_kwargs=kwargs, outputs=outputs)
        return outputs

    def compute_output_spec(self, *args: Any, **kwargs: Any) -> Any:
        if self._sig.overrides_output_shape and args:
            shape = self.compute_output_shape(_shapes_of(args[0]))
            return _specs_of(shape, self.compute_dtype)
        return backend.compute_output_spec(self.call, *args, **kwargs)

    def compute_output_shape(self, input_shape: Any) -> Any:
        """Output shape for a given input shape; traced by default."""
        spec = backend.compute_output_spec(
            self.call, _specs_of(input_shape, self.compute_dtype)
        )
        return tree.map_structure(lambda t: t.shape, spec)

    def compute_mask(self, inputs: Any, previous_mask: Any = None) -> Any:
        """Mask of the output; by default the input mask passes through
        when `supports_masking` is set."""
        if self.supports_masking:
            return previous_mask
        return None

    def stateless_call(
        self,
        trainable_variables: list,
        non_trainable_variables: list,
        *args: Any,
        return_losses: bool = False,
        **kwargs: Any,
    ) -> tuple:
        """Calls the layer with the given weight values, changing nothing.

        Returns `(outputs, non_trainable_variables)` (plus the losses when
        `return_losses`): the new values of the non-trainable variables,
        such as BatchNormalization's moving statistics. This is what a
        JAX training step needs: a pure function of the weights.

        Example:

        >>> layer = kerata.layers.Dense(2, kernel_initializer="ones")
        >>> layer.build((None, 3))
        >>> kernel = kerata.ops.zeros((3, 2))
        >>> out, _ = layer.stateless_call([kernel, layer.bias], [],
        ...                               kerata.ops.ones((1, 3)))
        >>> kerata.ops.convert_to_numpy(out).tolist()
        [[0.0, 0.0]]
        """
        if not self.built:
            raise ValueError(
                f"Layer {self.name!r} must be built before stateless_call. "
                "Call it once on data or call build()."
            )
        trainable = self.trainable_variables
        non_trainable = self.non_trainable_variables
        if len(trainable_variables) != len(trainable) or len(
            non_trainable_variables
        ) != len(non_trainable):
            raise ValueError(
                f"Layer {self.name!r} has {len(trainable)} trainable and "
                f"{len(non_trainable)} non-trainable variables; received "
                f"{len(trainable_variables)} and "
                f"{len(non_trainable_variables)} values."
            )
        mapping = list(zip(trainable, trainable_variables)) + list(
            zip(non_trainable, non_trainable_variables)
        )
        with stateless_scope.StatelessScope(
            mapping, collect_losses=return_losses
        ) as scope:
            outputs = self(*args, **kwargs)
            new_non_trainable = []
            for v in non_trainable:
                value = scope.get_current_value(v)
                new_non_trainable.append(
                    value if value is not None else v.value
                )
        if return_losses:
            return outputs, new_non_trainable, scope.losses
        return outputs, new_non_trainable

    # --- config ---
    def get_config(self) -> dict:
        """The layer's constructor arguments, for `from_config`."""
        config = {
            "name": self.name,
            "trainable": self.trainable,
            "dtype": _serialized_policy(self._dtype_policy)
            if self._dtype_policy.name != backend.floatx()
            else backend.floatx(),
        }
        if not self._sig.overrides_get_config and self._auto_config:
            extra = {
                k: v
                for k, v in self._auto_config.items()
                if k not in config and k not in _BASE_KWARGS
            }
            if not all(_is_plain(v) for v in extra.values()):
                raise NotImplementedError(
                    f"Layer {type(self).__name__} has constructor arguments "
                    "that are not plain values, so it must implement "
                    "get_config()."
                )
            config.update(extra)
        return config

    @classmethod
    def from_config(cls, config: dict) -> Layer:
        config = dict(config)
        if isinstance(config.get("dtype"), dict):
            config["dtype"] = policies.get(config["dtype"])
        try:
            return cls(**config)
        except TypeError as e:
            raise TypeError(
                f"Error when deserializing {cls.__name__} from config "
                f"{config}: {e}"
            ) from e

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"


def _serialized_policy(policy: Any) -> dict:
    # Keras 3 writes a policy as a full config dict (a DTypePolicyMap as
    # its own class) and reads no other dict.
    return policies.serialize(policy)


# Attributes that hold references to variables without owning them:
# graph nodes, constructor arguments, and the trainers' per-fit caches.
_UNTRACKED_ATTRIBUTES = frozenset(
    (
        "_inbound_nodes",
        "_outbound_nodes",
        "_sig",
        "_auto_config",
        "_cached_state",
        "_regularized_cache",
        "_jax_state",
        "_jax_state_vars",
    )
)


def losses_were_added() -> bool:
    """Whether any layer has called `add_loss` outside a stateless
    scope since the program started (lets trainers skip a tree walk)."""
    return _LOSSES_ADDED[0]


def _collect(value: Any, out: list, depth: int) -> None:
    if isinstance(value, (Layer, backend.Variable)) or hasattr(
        value, "_kerata_seed_state"
    ):
        out.append(value)
    elif depth > 0 and isinstance(value, (list, tuple)):
        for v in value:
            _collect(v, out, depth - 1)
    elif depth > 0 and isinstance(value, dict):
        for v in value.values():
            _collect(v, out, depth - 1)


def _is_plain(v: Any) -> bool:
    if v is None or isinstance(v, (bool, int, float, str)):
        return True
    if isinstance(v, (list, tuple)):
        return all(_is_plain(e) for e in v)
    if isinstance(v, dict):
        return all(isinstance(k, str) and _is_plain(e) for k, e in v.items())
    return False


def _is_shape(x: Any) -> bool:
    return isinstance(x, (tuple, list)) and all(
        d is None or isinstance(d, int) for d in x
    )


def _specs_of(shape: Any, dtype: str) -> Any:
    """KerasTensors for a shape or a nested structure of shapes."""
    if _is_shape(shape):
        return KerasTensor(tuple(shape), dtype=dtype)
    if isinstance(shape, dict):
        return {k: _specs_of(v, dtype) for k, v in shape.items()}
    return type(shape)(_specs_of(s, dtype) for s in shape)


def _shapes_of(x: Any) -> Any:
    if x is None:
        return None
    if hasattr(x, "shape") and not isinstance(x, (list, tuple, dict)):
        return tuple(x.shape)
    if isinstance(x, (list, tuple, dict)):
        return tree.map_structure(
            lambda t: tuple(t.shape) if hasattr(t, "shape") else t, x
        )
    return tuple(np.shape(x))


def _first_mask(x: Any) -> Any:
    if isinstance(x, (list, tuple)):
        masks = [masking.get_keras_mask(e) for e in x]
        return None if all(m is None for m in masks) else masks
    return masking.get_keras_mask(x)


def _attach_masks(outputs: Any, mask: Any) -> None:
    if isinstance(outputs, (list, tuple)):
        masks = (
            mask if isinstance(mask, (list, tuple)) else [mask] * len(outputs)
        )
        for o, m in zip(outputs, masks):
            masking.set_keras_mask(o, m)
    else:
        masking.set_keras_mask(outputs, mask)
