"""`Bidirectional`: runs a recurrent layer forwards and backwards."""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.layers.layer import Layer
from kerata.src.layers.rnn.time_distributed import deserialize_layer
from kerata.src.layers.rnn.time_distributed import serialize_layer

_MERGE_MODES = ("concat", "sum", "mul", "ave", None)


@kerata_export("kerata.layers.Bidirectional")
class Bidirectional(Layer):
    """Bidirectional wrapper for recurrent layers.

    Runs two copies of `layer` on the same sequence: the forward copy from
    the first timestep, the backward copy (with `go_backwards` flipped)
    from the last. With `return_sequences=True` the backward outputs are
    reversed back, so that step `t` of both directions lines up before
    they are merged. The copies are made from `layer`'s config, so they
    have fresh weights; `layer` itself is never called.

    Args:
        layer: A recurrent layer (`LSTM`, `GRU`, `SimpleRNN`, `RNN`,
            `ConvLSTM2D`, ...) or any layer with the attributes
            `go_backwards`, `return_sequences` and `return_state`.
        merge_mode: How the two directions' outputs are combined: one of
            "concat" (along the last axis), "sum", "mul", "ave" or None
            (both outputs, as a list).
        weights: Optional list of arrays: the forward layer's weights
            followed by the backward layer's, set at build.
        backward_layer: Optional layer for the backward direction, with
            `go_backwards` opposite to `layer`'s and the same
            `return_sequences`, `return_state` and `stateful`. By default
            a copy of `layer`.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Call arguments:
        sequences: Tensor of shape `(batch, timesteps, ...)`.
        initial_state: Optional list of initial states: the forward
            layer's states followed by the backward layer's.
        mask: Optional boolean tensor of shape `(batch, timesteps)`.
        training: Python bool, passed to both layers.

    Input shape:
        The wrapped layer's, `(batch_size, timesteps, ...)`.

    Output shape:
        The wrapped layer's, with the last axis doubled for "concat".
        With `return_state`, the merged output is followed by the forward
        states and then the backward states.

    Example:

    >>> lstm = kerata.layers.LSTM(4, return_sequences=True)
    >>> layer = kerata.layers.Bidirectional(lstm)
    >>> tuple(layer(kerata.ops.ones((2, 5, 3))).shape)
    (2, 5, 8)
    >>> [layer.forward_layer.go_backwards, layer.backward_layer.go_backwards]
    [False, True]
    >>> out, *states = kerata.layers.Bidirectional(
    ...     kerata.layers.GRU(4, return_state=True), merge_mode="sum"
    ... )(kerata.ops.ones((2, 5, 3)))
    >>> tuple(out.shape), len(states)
    ((2, 4), 2)
    """

    def __init__(
        self,
        layer: Layer,
        merge_mode: str | None = "concat",
        weights: list | None = None,
        backward_layer: Layer | None = None,
        **kwargs: Any,
    ) -> None:
        if not isinstance(layer, Layer):
            raise ValueError(
                "`layer` must be a `kerata.layers.Layer` instance. Received: "
                f"layer={layer!r}. Pass a recurrent layer, e.g. "
                "Bidirectional(LSTM(8))."
            )
        if backward_layer is not None and not isinstance(backward_layer, Layer):
            raise ValueError(
                "`backward_layer` must be a `kerata.layers.Layer` instance "
                f"or None. Received: backward_layer={backward_layer!r}."
            )
        if merge_mode not in _MERGE_MODES:
            raise ValueError(
                f"`merge_mode` must be one of {list(_MERGE_MODES)}. "
                f"Received: merge_mode={merge_mode!r}."
            )
        super().__init__(**kwargs)
        # The base class keeps constructor arguments for get_config, and
        # tracks layers found there: `layer` itself must not be tracked
        # (only its copies are used), and get_config is written here.
        self._auto_config = None
        self.forward_layer = _copy(layer, "forward_")
        if backward_layer is None:
            backward_layer = _copy(layer, "backward_", go_backwards=True)
        self.backward_layer = backward_layer
        self._check_directions()
        for sub in (self.forward_layer, self.backward_layer):
            # Masked steps output zeros in both directions (as in Keras):
            # carrying the last output would misalign once reversed.
            if getattr(sub, "zero_output_for_mask", None) is not None:
                sub.zero_output_for_mask = sub.return_sequences
        self.merge_mode = merge_mode
        if weights:
            half = len(weights) // 2
            self.forward_layer._initial_weights = weights[:half]
            self.backward_layer._initial_weights = weights[half:]
        self.stateful = getattr(layer, "stateful", False)
        self.return_sequences = layer.return_sequences
        self.return_state = layer.return_state
        self.supports_masking = True
        self.input_spec = layer.input_spec
        # Number of states each direction returns; known after a call.
        self._num_states: int | None = None

    def _check_directions(self) -> None:
        forward, backward = self.forward_layer, self.backward_layer
        if forward.go_backwards == backward.go_backwards:
            raise ValueError(
                "The forward and backward layers must have different "
                "`go_backwards` values. Received: forward_layer."
                f"go_backwards={forward.go_backwards}, backward_layer."
                f"go_backwards={backward.go_backwards}."
            )
        for name in ("stateful", "return_sequences", "return_state"):
            f_value = getattr(forward, name, False)
            b_value = getattr(backward, name, False)
            if f_value != b_value:
                raise ValueError(
                    f"The forward and backward layers must have the same "
                    f"`{name}`. Received: {f_value} for the forward layer "
                    f"and {b_value} for the backward layer "
                    f"{backward.name!r}."
                )

    def build(
        self, sequences_shape: Any, initial_state_shape: Any = None
    ) -> None:
        for layer in (self.forward_layer, self.backward_layer):
            if not layer.built:
                layer.build(sequences_shape)
                layer.built = True
                # Written to the config as Keras does ("build_config").
                layer._build_shapes = {"input_shape": tuple(sequences_shape)}
            if layer._initial_weights is not None:
                layer.set_weights(layer._initial_weights)
                layer._initial_weights = None

    def call(
        self,
        sequences: Any,
        initial_state: Any = None,
        mask: Any = None,
        training: Any = None,
    ) -> Any:
        kwargs: dict = {}
        if training is not None:
            kwargs["training"] = training
        if mask is not None:
            kwargs["mask"] = mask
        forward_kwargs, backward_kwargs = kwargs, dict(kwargs)
        if initial_state is not None:
            half = len(initial_state) // 2
            forward_kwargs["initial_state"] = list(initial_state[:half])
            backward_kwargs["initial_state"] = list(initial_state[half:])
        y = self.forward_layer(sequences, **forward_kwargs)
        y_rev = self.backward_layer(sequences, **backward_kwargs)
        states: list = []
        if self.return_state:
            states = list(y[1:]) + list(y_rev[1:])
            self._num_states = len(y) - 1
            y, y_rev = y[0], y_rev[0]
        dtype = self.compute_dtype
        y = backend.cast(y, dtype)
        y_rev = backend.cast(y_rev, dtype)
        if self.return_sequences:
            # The backward layer's step t saw the input's step T-1-t.
            y_rev = backend.numpy.flip(y_rev, axis=1)
        output = self._merge(y, y_rev)
        if not self.return_state:
            return output
        if self.merge_mode is None:
            return [*output, *states]
        return [output, *states]

    def _merge(self, y: Any, y_rev: Any) -> Any:
        mode = self.merge_mode
        if mode == "concat":
            return backend.numpy.concatenate([y, y_rev], axis=-1)
        if mode == "sum":
            return backend.numpy.add(y, y_rev)
        if mode == "ave":
            return backend.numpy.multiply(backend.numpy.add(y, y_rev), 0.5)
        if mode == "mul":
            return backend.numpy.multiply(y, y_rev)
        return [y, y_rev]

    def compute_output_shape(
        self, sequences_shape: Any, initial_state_shape: Any = None
    ) -> Any:
        shape = self.forward_layer.compute_output_shape(tuple(sequences_shape))
        state_shapes: list = []
        if self.return_state:
            shape, state_shapes = shape[0], list(shape[1:])
            self._num_states = len(state_shapes)
        shape = tuple(shape)
        if self.merge_mode == "concat":
            last = shape[-1]
            shape = shape[:-1] + (None if last is None else last * 2,)
        outputs = [shape, shape] if self.merge_mode is None else [shape]
        if not self.return_state:
            return tuple(outputs) if self.merge_mode is None else shape
        return tuple(outputs + state_shapes + state_shapes)

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        masks = [output_mask] * (2 if self.merge_mode is None else 1)
        if self.return_state:
            masks += [None] * (2 * (self._num_states or 0))
        return masks[0] if len(masks) == 1 else masks

    @property
    def states(self) -> Any:
        forward = getattr(self.forward_layer, "states", None)
        backward = getattr(self.backward_layer, "states", None)
        if forward and backward:
            return tuple(list(forward) + list(backward))
        return None

    def reset_state(self) -> None:
        """Resets the states of both directions of a stateful layer."""
        if not self.stateful:
            raise AttributeError(
                f"Layer {self.name!r} is not stateful, so it has no states "
                "to reset. Wrap a layer built with stateful=True."
            )
        self.forward_layer.reset_state()
        self.backward_layer.reset_state()

    def reset_states(self) -> None:
        self.reset_state()

    def get_config(self) -> dict:
        config = super().get_config()
        config["merge_mode"] = self.merge_mode
        config["layer"] = serialize_layer(self.forward_layer)
        config["backward_layer"] = serialize_layer(self.backward_layer)
        return config

    @classmethod
    def from_config(
        cls, config: dict, custom_objects: dict | None = None
    ) -> Bidirectional:
        config = dict(config)
        # Not built: only a copy of it is used.
        config["layer"] = deserialize_layer(
            config["layer"], custom_objects, build=False
        )
        backward = config.pop("backward_layer", None)
        if backward is not None:
            config["backward_layer"] = deserialize_layer(
                backward, custom_objects
            )
        return super().from_config(config)


def _copy(layer: Layer, prefix: str, **overrides: Any) -> Layer:
    """A fresh layer from `layer`'s config, named `prefix + name`."""
    config = serialize_layer(layer)
    inner = dict(config["config"])
    inner["name"] = prefix + layer.name.removeprefix(prefix)
    inner.update(overrides)
    config["config"] = inner
    return deserialize_layer(config, build=False)
