"""SeedGenerator: random state held in a variable, and seed resolution.

Random ops are stateless: the same int seed gives the same numbers every
time. State lives in a `SeedGenerator`, whose variable `[seed, counter]`
advances on each draw, so a layer that owns one gets new numbers on each
call, and under JAX the state is an input and output of the traced
function like any other variable.
"""

from __future__ import annotations

import operator
import random as python_random
from typing import Any

import numpy as np

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.backend.common import global_state

# The generator behind `seed=None`; `set_random_seed` replaces it.
_GLOBAL_GENERATOR: list = [None]
# What `SeedGenerator.next()` adds to `[seed, counter]`.
_STEP = np.array([0, 1])


@kerata_export("kerata.random.SeedGenerator")
class SeedGenerator:
    """Holds random state so that each draw gives new numbers.

    An int `seed` passed to a random op gives the same values on every
    call. Pass a `SeedGenerator` instead to get new values on every call
    while staying reproducible: two generators made with the same seed
    produce the same sequence. Layers keep one as an attribute (its state
    is then one of the layer's `variables`); on JAX that is what makes
    random ops usable inside `jax.jit`.

    Args:
        seed: Int initial seed. `None` picks one from Python's `random`
            module (which `kerata.utils.set_random_seed` seeds).
        name: Name of the generator; its state variable is
            `<name>/seed_generator_state`.

    Example:

    >>> gen = kerata.random.SeedGenerator(seed=42)
    >>> a = kerata.ops.convert_to_numpy(kerata.random.uniform((3,), seed=gen))
    >>> b = kerata.ops.convert_to_numpy(kerata.random.uniform((3,), seed=gen))
    >>> bool((a != b).any())
    True
    >>> gen.state.shape
    (2,)
    """

    def __init__(self, seed: int | None = None, name: str | None = None):
        if name is None:
            name = global_state.auto_name(type(self).__name__)
        self.name = name
        if seed is not None:
            if isinstance(seed, (bool, np.bool_)) or not _is_int(seed):
                raise ValueError(
                    "`seed` must be an int or None. "
                    f"Received: seed={seed!r} (of type {type(seed).__name__})"
                )
            seed = operator.index(seed)
        self._initial_seed = seed
        if seed is None:
            seed = make_default_seed()
        dtype = backend.random.random_seed_dtype()
        initial = np.array([seed & 0xFFFFFFFF, 0], dtype)
        with global_state.name_scope(name):
            self.state = backend.Variable(
                initial,
                shape=(2,),
                dtype=dtype,
                trainable=False,
                name="seed_generator_state",
            )
        # Layer tracking finds seed state through this attribute.
        self._kerata_seed_state = self.state

    def next(self, ordered: bool = True) -> Any:
        """Returns the current state as a seed tensor, then advances it.

        Args:
            ordered: True steps the counter (`[s, c] -> [s, c + 1]`);
                False scrambles both entries, which the global generator
                uses.
        """
        value = self.state.value
        # A copy: the torch backend updates the variable in place.
        seed = value * 1
        if ordered:
            step = backend.convert_to_tensor(_STEP, dtype=self.state.dtype)
            self.state.assign(value + step)
        else:
            self.state.assign((value + 1) * 5387 % 933199)
        return seed

    def get_config(self) -> dict:
        return {"seed": self._initial_seed, "name": self.name}

    @classmethod
    def from_config(cls, config: dict) -> SeedGenerator:
        return cls(**config)

    def __repr__(self) -> str:
        return f"<SeedGenerator name={self.name}, seed={self._initial_seed}>"


def _is_int(x: Any) -> bool:
    try:
        operator.index(x)
    except TypeError:
        return False
    return True


def make_default_seed() -> int:
    return python_random.randint(1, 10**9)


def global_seed_generator() -> SeedGenerator:
    """The generator used by random ops called with `seed=None`."""
    if backend.random.in_tracing_scope():
        raise ValueError(
            "A random op was called with seed=None while a function is "
            "being traced (e.g. by jax.jit); the global generator's state "
            "cannot change inside a trace, so every call would give the "
            "same numbers. Create a kerata.random.SeedGenerator, keep it "
            "as an attribute of your layer, and pass it as `seed=`."
        )
    return _GLOBAL_GENERATOR[0]


def reset_global_seed_generator() -> None:
    """Replaces the global generator by a new one seeded from Python's
    `random`.

    It is made here, eagerly, rather than on first use: first use may be
    inside symbolic shape inference, where new tensors are placeholders.
    """
    _GLOBAL_GENERATOR[0] = SeedGenerator(name="global_seed_generator")


reset_global_seed_generator()
global_state.register_clear_session_hook(reset_global_seed_generator)


def draw_seed(seed: Any) -> Any:
    """Resolves a `seed` argument into what backend random functions take:
    an int as is, the next state of a `SeedGenerator`, or (for None) the
    next state of the global generator."""
    if isinstance(seed, SeedGenerator):
        return seed.next()
    if seed is None:
        return global_seed_generator().next(ordered=False)
    if isinstance(seed, int) and not isinstance(seed, bool):
        return seed
    if _is_int(seed) and not isinstance(seed, (bool, np.bool_)):
        return operator.index(seed)
    if backend.is_tensor(seed) and tuple(seed.shape) == (2,):
        return seed
    raise ValueError(
        "`seed` must be an int, a kerata.random.SeedGenerator, a seed "
        "tensor of shape (2,) or None. "
        f"Received: seed={seed!r} (of type {type(seed).__name__})"
    )
