"""`clone_model`: a copy of a model with new layers and new weights.

Sequential and functional models are cloned layer by layer, so a
`clone_function` can replace layers and, for functional models, a
`call_function` can change how each layer is called. Other models are
cloned through their config. Stateless ops recorded in a functional graph
(`kerata.ops.add(x, y)` on symbolic tensors) hold no weights and are
called again as they are.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from kerata.src import tree
from kerata.src.api_export import kerata_export
from kerata.src.backend.common.keras_tensor import KerasTensor
from kerata.src.layers.core.input_layer import Input
from kerata.src.layers.core.input_layer import InputLayer
from kerata.src.layers.layer import Layer
from kerata.src.models.functional import Functional
from kerata.src.models.sequential import Sequential


@kerata_export("kerata.models.clone_model")
def clone_model(
    model: Any,
    input_tensors: Any = None,
    clone_function: Callable | None = None,
    call_function: Callable | None = None,
    recursive: bool = False,
    **kwargs: Any,
) -> Any:
    """Returns a copy of `model` with new layers and newly created weights.

    Cloning is like calling the model on new inputs, except that every
    layer is re-created (by default from its config), so the clone shares
    no weights with the original. Weights are not copied: call
    `clone.set_weights(model.get_weights())` for that. A compiled model's
    clone is compiled with the same `compile()` arguments. A layer used
    twice in the model is cloned once and used twice in the clone.

    Sequential and functional models are cloned layer by layer. Any other
    (subclassed) model is rebuilt from `get_config()`, which must describe
    it; `input_tensors`, `clone_function` and `call_function` are then
    refused.

    Args:
        model: A `Model`: Sequential, functional or subclassed.
        input_tensors: Optional symbolic tensors (from `kerata.Input` or
            layer calls) to build the clone on, in the structure of
            `model.input`. By default new inputs like the model's are made.
        clone_function: Optional callable `fn(layer) -> layer` giving the
            clone's layer for each of the model's layers (input layers
            excepted). The default re-creates the layer from its config:
            `layer.__class__.from_config(layer.get_config())`. Return
            `layer` itself to share it.
        call_function: Optional callable `fn(layer, *args, **kwargs)`
            calling each cloned layer of a functional model on its inputs
            and returning the outputs; the default is
            `layer(*args, **kwargs)`. Use it to insert layers before or
            after some. Functional models only.
        recursive: Whether Sequential and functional models nested in
            `model` are cloned with `clone_model` (same arguments) instead
            of being passed to `clone_function` whole.
        **kwargs: Not supported; any key raises ValueError.

    Returns:
        The cloned model.

    Raises:
        ValueError: If an argument does not apply to the model's kind, or
            `input_tensors` does not match the model's inputs.

    Example:

    >>> model = kerata.Sequential([
    ...     kerata.Input((3,)),
    ...     kerata.layers.Dense(2, name="hidden"),
    ... ])
    >>> clone = kerata.models.clone_model(model)
    >>> [layer.name for layer in clone.layers]
    ['hidden']
    >>> clone.layers[0] is model.layers[0]
    False
    """
    cache = kwargs.pop("cache", None)
    if kwargs:
        raise ValueError(
            "clone_model got unexpected keyword argument(s) "
            f"{tuple(kwargs)}. Expected: input_tensors, clone_function, "
            "call_function, recursive."
        )
    if not isinstance(model, Layer):
        raise TypeError(
            "clone_model expects a kerata Model. Received: "
            f"{model!r} of type {type(model).__name__}"
        )
    if isinstance(model, Sequential):
        if call_function is not None:
            raise ValueError(
                "`call_function` is not supported for Sequential models: "
                "their layers are listed, not called, when the model is "
                f"made. Received a Sequential model {model.name!r} and "
                f"call_function={call_function!r}. Use a functional model."
            )
        wrapped = _wrap_clone_function(clone_function, None, recursive, cache)
        return _clone_sequential(model, wrapped, input_tensors)
    if isinstance(model, Functional):
        wrapped = _wrap_clone_function(
            clone_function, call_function, recursive, cache
        )
        return _clone_functional(model, wrapped, input_tensors, call_function)
    if clone_function is not None or input_tensors is not None:
        raise ValueError(
            "`clone_function` and `input_tensors` are only supported for "
            "Sequential and functional models. Received model "
            f"{model.name!r} of type {type(model).__name__} with "
            f"clone_function={clone_function!r} and "
            f"input_tensors={input_tensors!r}."
        )
    if call_function is not None:
        raise ValueError(
            "`call_function` is only supported for functional models. "
            f"Received model {model.name!r} of type {type(model).__name__}."
        )
    return _clone_from_config(model)


def _clone_from_config(model: Layer) -> Layer:
    # Saving sits above models; import at call time.
    from kerata.src.saving import serialization_lib

    config = serialization_lib.serialize_keras_object(model)
    return serialization_lib.deserialize_keras_object(
        config, custom_objects={type(model).__name__: type(model)}
    )


def _default_clone(layer: Layer) -> Layer:
    return layer.__class__.from_config(layer.get_config())


def _wrap_clone_function(
    clone_function: Callable | None,
    call_function: Callable | None,
    recursive: bool,
    cache: dict | None,
) -> Callable:
    """Adds recursion into nested models and one clone per shared layer."""
    clone_function = clone_function or _default_clone
    if not callable(clone_function):
        raise ValueError(
            "`clone_function` must be a callable taking a layer. Received: "
            f"clone_function={clone_function!r}"
        )
    cache = {} if cache is None else cache

    def wrapped(layer: Layer) -> Layer:
        if id(layer) in cache:
            return cache[id(layer)]
        if recursive and isinstance(layer, (Sequential, Functional)):
            clone = clone_model(
                layer,
                clone_function=clone_function,
                call_function=None
                if isinstance(layer, Sequential)
                else call_function,
                recursive=True,
                cache=cache,
            )
        else:
            clone = clone_function(layer)
        cache[id(layer)] = clone
        return clone

    return wrapped


def _clone_sequential(
    model: Sequential, clone_function: Callable, input_tensors: Any
) -> Sequential:
    new_layers = [clone_function(layer) for layer in model.layers]
    first = model._layers[0] if model._layers else None
    input_layer = first if isinstance(first, InputLayer) else None
    if input_tensors is not None:
        if isinstance(input_tensors, (list, tuple)):
            if len(input_tensors) != 1:
                raise ValueError(
                    "A Sequential model has one input, so `input_tensors` "
                    "must hold a single tensor. Received "
                    f"{len(input_tensors)} tensors."
                )
            input_tensors = input_tensors[0]
        if not isinstance(input_tensors, KerasTensor):
            raise ValueError(
                "`input_tensors` must be a symbolic tensor, e.g. from "
                f"kerata.Input. Received: {input_tensors!r}"
            )
        inputs = Input(
            tensor=input_tensors,
            name=input_layer.name if input_layer is not None else None,
            optional=input_layer.optional if input_layer else False,
        )
        new_layers = [inputs] + new_layers
    elif input_layer is not None:
        inputs = Input(
            batch_shape=input_layer.batch_shape,
            dtype=input_layer.dtype,
            name=input_layer.name,
            optional=input_layer.optional,
        )
        new_layers = [inputs] + new_layers
    clone = Sequential(new_layers, name=model.name, trainable=model.trainable)
    _compile_like(model, clone)
    return clone


def _clone_functional(
    model: Functional,
    clone_function: Callable,
    input_tensors: Any,
    call_function: Callable | None,
) -> Functional:
    if input_tensors is None:
        input_tensors = tree.map_structure(_new_input, model.input)
    else:
        input_tensors = _check_input_tensors(model, input_tensors)
    # Old symbolic tensor id -> its counterpart in the clone.
    values = {
        id(old): new
        for old, new in zip(model.inputs, tree.flatten(input_tensors))
    }

    def substitute(x: Any) -> Any:
        return values[id(x)] if isinstance(x, KerasTensor) else x

    for node in model._nodes:
        op = node.operation
        if isinstance(op, Layer):
            op = clone_function(op)
        args = tree.map_structure(substitute, list(node.call_args))
        kwargs = tree.map_structure(substitute, dict(node.call_kwargs))
        if call_function is not None:
            outputs = call_function(op, *args, **kwargs)
        else:
            outputs = op(*args, **kwargs)
        for old, new in zip(node.outputs, tree.flatten(outputs)):
            values[id(old)] = new
    output_tensors = tree.map_structure(
        lambda t: values[id(t)], model._outputs_struct
    )
    cls = type(model) if _takes_inputs_outputs(type(model)) else Functional
    clone = cls(input_tensors, output_tensors, name=model.name)
    _compile_like(model, clone)
    return clone


def _new_input(tensor: KerasTensor) -> KerasTensor:
    layer = tensor._history[0] if tensor._history is not None else None
    if isinstance(layer, InputLayer):
        return Input(
            batch_shape=layer.batch_shape,
            dtype=layer.dtype,
            sparse=layer.sparse,
            name=layer.name,
            optional=layer.optional,
        )
    return Input(batch_shape=tensor.shape, dtype=tensor.dtype, name=tensor.name)


def _check_input_tensors(model: Functional, input_tensors: Any) -> Any:
    reference = model.input
    if (
        isinstance(reference, KerasTensor)
        and isinstance(input_tensors, (list, tuple))
        and len(input_tensors) == 1
    ):
        input_tensors = input_tensors[0]
    if not all(isinstance(x, KerasTensor) for x in tree.flatten(input_tensors)):
        raise ValueError(
            "All entries of `input_tensors` must be symbolic tensors, e.g. "
            f"from kerata.Input. Received: input_tensors={input_tensors!r}"
        )
    try:
        tree.assert_same_structure(input_tensors, reference)
    except ValueError as e:
        raise ValueError(
            "`input_tensors` must have the structure of `model.input`. "
            f"Expected: {reference!r}. Received: {input_tensors!r}"
        ) from e
    return input_tensors


def _takes_inputs_outputs(cls: type) -> bool:
    """Whether a Functional subclass is built as `cls(inputs, outputs)`."""
    if cls is Functional:
        return True
    try:
        params = list(inspect.signature(cls).parameters)
    except (TypeError, ValueError):
        return False
    return params[:2] == ["inputs", "outputs"]


def _compile_like(model: Any, clone: Any) -> None:
    if getattr(model, "compiled", False):
        clone.compile_from_config(model.get_compile_config())
