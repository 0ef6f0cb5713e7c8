"""`set_random_seed`: one call to make a kerata program repeatable."""

from __future__ import annotations

import operator
import random
from typing import Any

import numpy as np

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.random import seed_generator

_GLOBAL_RANDOM_SEED: list = [None]


@kerata_export("kerata.utils.set_random_seed")
def set_random_seed(seed: Any) -> None:
    """Seeds every random number generator kerata programs draw from.

    Seeds Python's `random`, NumPy's global RNG and the backend framework
    (`torch.manual_seed` on torch; JAX has no global RNG), and resets the
    global `kerata.random.SeedGenerator` used by random ops called with
    `seed=None`, so what follows is repeatable (apart from nondeterministic
    GPU kernels).

    Args:
        seed: Int in `[0, 2**32)`.

    Raises:
        ValueError: If `seed` is not an int in that range.

    Example:

    >>> kerata.utils.set_random_seed(1)
    >>> a = kerata.ops.convert_to_numpy(kerata.random.normal((3,)))
    >>> kerata.utils.set_random_seed(1)
    >>> b = kerata.ops.convert_to_numpy(kerata.random.normal((3,)))
    >>> a.tolist() == b.tolist()
    True
    """
    try:
        value = operator.index(seed)
    except TypeError:
        value = None
    if value is None or isinstance(seed, bool) or not 0 <= value < 2**32:
        raise ValueError(
            "`seed` must be an int in [0, 2**32). "
            f"Received: seed={seed!r} (of type {type(seed).__name__})"
        )
    _GLOBAL_RANDOM_SEED[0] = value
    random.seed(value)
    np.random.seed(value)
    backend.random.set_framework_seed(value)
    # After random.seed, so the new global generator's seed is repeatable.
    seed_generator.reset_global_seed_generator()


def get_random_seed() -> int | None:
    """The seed last passed to `set_random_seed`, or None."""
    return _GLOBAL_RANDOM_SEED[0]
